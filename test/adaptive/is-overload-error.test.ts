import { describe, expect, it } from 'vitest';
import {
  ConcurrencyLimitError,
  isConcurrencyLimitError,
  isOverloadError,
  ThrottledError,
} from '../../src/adaptive/index.js';
import { BrokenCircuitError } from '../../src/breaker/index.js';
import { HttpStatusError } from '../../src/http/index.js';
import { isBallastError, TimeoutError } from '../../src/policy/index.js';

const named = (name: string): Error => Object.assign(new Error(name), { name });

describe('isOverloadError', () => {
  it("is true for ballast's rejections, timeouts, and 429/503", () => {
    for (const error of [
      new BrokenCircuitError('open', 'open'),
      new TimeoutError(10),
      new ThrottledError(0.5),
      new ConcurrencyLimitError(3),
      named('BulkheadRejectedError'),
      named('RateLimitedError'),
      Object.assign(new Error('x'), { status: 429 }),
      Object.assign(new Error('x'), { statusCode: 503 }),
      { status: 503 },
    ]) {
      expect(isOverloadError(error)).toBe(true);
    }
  });

  it('is false for anything else', () => {
    for (const error of [
      new Error('x'),
      new TypeError('x'),
      Object.assign(new Error('x'), { status: 500 }),
      Object.assign(new Error('x'), { status: '503' }),
      null,
      undefined,
      503,
      'TimeoutError',
    ]) {
      expect(isOverloadError(error)).toBe(false);
    }
  });

  it('reads the status of an HttpStatusError', () => {
    expect(isOverloadError(new HttpStatusError({ status: 503 }))).toBe(true);
    expect(isOverloadError(new HttpStatusError({ status: 502 }))).toBe(false);
  });
});

describe('the errors of ballast/adaptive', () => {
  it('are ballast errors', () => {
    expect(isBallastError(new ThrottledError(0.5))).toBe(true);
    expect(isBallastError(new ConcurrencyLimitError(1))).toBe(true);
  });
});

describe('ConcurrencyLimitError', () => {
  it('has its name, limit and reason, and a guard', () => {
    const error = new ConcurrencyLimitError(7, 'deadline');
    expect(error).toMatchObject({ name: 'ConcurrencyLimitError', limit: 7, reason: 'deadline' });
    expect(new ConcurrencyLimitError(7).reason).toBe('full');
    expect(isConcurrencyLimitError(error)).toBe(true);
    expect(isConcurrencyLimitError(new Error('x'))).toBe(false);
    expect(isConcurrencyLimitError(undefined)).toBe(false);
  });
});
