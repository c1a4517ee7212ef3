import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrokenCircuitError } from '../../src/breaker/index.js';
import {
  HttpStatusError,
  isFailingStatus,
  isRetryable,
  retryAfterFromError,
} from '../../src/http/index.js';
import { TimeoutError } from '../../src/policy/index.js';
import { isTransientNetworkError } from '../../src/retry/index.js';

const RETRYABLE = [408, 429, 500, 502, 503, 504];
const status = (code: number, headers?: Record<string, string>) =>
  new HttpStatusError({ status: code, ...(headers === undefined ? {} : { headers }) });
const coded = (code: string) => Object.assign(new Error(code), { code });

describe('isFailingStatus', () => {
  it('is 408, 429 and 5xx, for every status (against a list)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 1_100 }), (code) => {
        const expected = code === 408 || code === 429 || String(code).match(/^5\d\d$/) !== null;
        expect(isFailingStatus(code)).toBe(expected);
      }),
      { numRuns: 500 },
    );
    expect([499, 500, 599, 600].map(isFailingStatus)).toEqual([false, true, true, false]);
  });
});

describe('isRetryable', () => {
  it('retries exactly 408, 429, 500, 502, 503 and 504 of the statuses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), (code) => {
        expect(isRetryable(status(code))).toBe(RETRYABLE.includes(code));
      }),
      { numRuns: 300 },
    );
    expect([501, 505, 404, 400, 200].map((code) => isRetryable(status(code)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('does not retry a status whose server asked not to', () => {
    expect(isRetryable(status(503, { 'grpc-retry-pushback-ms': 'no' }))).toBe(false);
    expect(isRetryable(status(503, { 'grpc-retry-pushback-ms': '100' }))).toBe(true);
  });

  it('retries transient network errors, as the retry module does', () => {
    expect(isRetryable(new TypeError('fetch failed', { cause: coded('ECONNRESET') }))).toBe(true);
    expect(isRetryable(coded('UND_ERR_SOCKET'))).toBe(true);
    expect(isRetryable(new AggregateError([coded('ECONNREFUSED')]))).toBe(true);
    expect(isRetryable(coded('ENOTFOUND'))).toBe(false);
  });

  it("retries ballast's TimeoutError, by its brand, but not an abort of the caller's", () => {
    expect(isRetryable(new TimeoutError(100))).toBe(true);
    const foreign = { [Symbol.for('ballast.TimeoutError')]: true };
    expect(isRetryable(foreign)).toBe(true);
    expect(isRetryable(new DOMException('deadline', 'TimeoutError'))).toBe(false);
    expect(isRetryable(new DOMException('stop', 'AbortError'))).toBe(false);
  });

  it('looks down the cause chain', () => {
    expect(isRetryable(new Error('catalog', { cause: status(503) }))).toBe(true);
    expect(isRetryable(new Error('catalog', { cause: new TimeoutError(5) }))).toBe(true);
    expect(isRetryable(new Error('catalog', { cause: status(404) }))).toBe(false);
  });

  it('retries nothing else', () => {
    const others: unknown[] = [
      new Error('boom'),
      new BrokenCircuitError('open', 'open', 1_000),
      { status: 503 },
      null,
      undefined,
      503,
      'ECONNRESET',
    ];
    for (const other of others) expect(isRetryable(other)).toBe(false);
  });
});

describe('a BrokenCircuitError with a cause', () => {
  // Its cause is the failure that opened the circuit, not what happened to this call (which never
  // ran): nothing looks past it.
  it('is not retried, and gives its own hint or none', () => {
    const down = status(503, { 'retry-after': '1' });
    const open = new BrokenCircuitError('open', 'open', 2_000, { cause: down });
    expect(isRetryable(open)).toBe(false);
    expect(retryAfterFromError(open)).toBe(2_000);
    const halfOpen = new BrokenCircuitError('half-open', 'half-open', undefined, { cause: down });
    expect(retryAfterFromError(halfOpen)).toBeUndefined();
    const reset = new BrokenCircuitError('open', 'open', 5, { cause: coded('ECONNRESET') });
    expect(isTransientNetworkError(reset)).toBe(false);
    expect(isRetryable(new Error('wrapped', { cause: open }))).toBe(false);
  });
});

describe('retryAfterFromError', () => {
  it("reads an HttpStatusError's hint", () => {
    expect(retryAfterFromError(status(503, { 'retry-after': '7' }))).toBe(7_000);
    expect(retryAfterFromError(status(503, { 'grpc-retry-pushback-ms': 'x' }))).toBe('stop');
    expect(retryAfterFromError(status(503))).toBeUndefined();
  });

  it("reads any error's retryAfterMs, down the cause chain", () => {
    expect(retryAfterFromError(new BrokenCircuitError('open', 'open', 1_234))).toBe(1_234);
    const wrapped = new Error('outer', { cause: status(429, { 'retry-after': '1' }) });
    expect(retryAfterFromError(wrapped)).toBe(1_000);
    // A node without a usable hint does not hide a deeper one.
    const layered = Object.assign(new Error('outer', { cause: wrapped }), { retryAfterMs: -1 });
    expect(retryAfterFromError(layered)).toBe(1_000);
    expect(retryAfterFromError({ retryAfterMs: 0 })).toBe(0);
  });

  it('ignores what is not a hint', () => {
    for (const value of [-1, Number.NaN, Infinity, '5', null, 'later']) {
      expect(retryAfterFromError({ retryAfterMs: value })).toBeUndefined();
    }
    for (const value of [null, undefined, 3, 'x', new Error('none')]) {
      expect(retryAfterFromError(value)).toBeUndefined();
    }
  });
});
