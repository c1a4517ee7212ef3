import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import { BrokenCircuitError } from '../../src/breaker/index.js';
import { HttpStatusError } from '../../src/http/index.js';
import {
  BulkheadRejectedError,
  isBallastError,
  RateLimitedError,
  TimeoutError,
} from '../../src/policy/index.js';
import { DependencyError } from '../../src/testing/index.js';

describe('isBallastError', () => {
  it('is true for every error class ballast raises', () => {
    const errors = [
      new BrokenCircuitError('open', 'open', 10),
      new TimeoutError(100),
      new BulkheadRejectedError('full'),
      new RateLimitedError(50),
      new HttpStatusError({ status: 503 }),
    ];
    expect(errors.map((error) => isBallastError(error))).toEqual(errors.map(() => true));
  });

  it("is false for the caller's own errors, option errors and anything else", () => {
    for (const value of [
      new Error('x'),
      new TypeError('bad option'),
      new RangeError('bad value'),
      new DependencyError('a simulated dependency failed'),
      { name: 'TimeoutError' },
      Object.create(null) as unknown,
      null,
      undefined,
      'BrokenCircuitError',
      42,
    ]) {
      expect(isBallastError(value)).toBe(false);
    }
  });

  it('recognises errors of another copy of ballast, by the registered brand or an older class brand', () => {
    expect(isBallastError(Object.create({ [Symbol.for('ballast.error')]: true }))).toBe(true);
    for (const name of ['TimeoutError', 'BrokenCircuitError', 'HttpStatusError']) {
      expect(isBallastError(Object.create({ [Symbol.for(`ballast.${name}`)]: true }))).toBe(true);
    }
    expect(isBallastError({ [Symbol.for('ballast.error')]: 'yes' })).toBe(false);
  });

  it('is exported by the root entry point', () => {
    expect(root.isBallastError).toBe(isBallastError);
  });
});
