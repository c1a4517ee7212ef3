import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetryPolicy, TokenBucketRetryBudget, constant } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { runToEnd } from './helpers.js';

const timeoutError = (): Error => Object.assign(new Error('timed out'), { name: 'TimeoutError' });

describe('TokenBucketRetryBudget.grpc against the gRFC A6 rules', () => {
  it('matches a plain counter for any run of failures and successes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 5_000 }).map((milli) => milli / 1000),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 300, size: 'max' }),
        (maxTokens, tokenRatio, ops) => {
          const budget = TokenBucketRetryBudget.grpc({ maxTokens, tokenRatio });
          // The rules, in thousandths of a token so that sums are exact.
          let tokens = maxTokens * 1000;
          for (const fails of ops) {
            if (fails) {
              tokens = Math.max(0, tokens - 1000);
              expect(budget.tryAcquireRetry(new Error('unavailable'))).toBe(
                tokens > (maxTokens * 1000) / 2 ? 1 : false,
              );
            } else {
              tokens = Math.min(maxTokens * 1000, tokens + Math.round(tokenRatio * 1000));
              budget.recordSuccess(undefined);
            }
            expect(budget.tokens).toBe(tokens / 1000);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('defaults to 10 tokens and a ratio of 0.1, throttling at half', () => {
    const budget = TokenBucketRetryBudget.grpc();
    expect([budget.kind, budget.capacity, budget.tokens]).toEqual(['grpc', 10, 10]);
    const granted = [1, 2, 3, 4, 5, 6].map(() => budget.tryAcquireRetry(new Error('x')));
    expect(granted).toEqual([1, 1, 1, 1, false, false]);
    expect(budget.tokens).toBe(4);
    for (let i = 0; i < 10; i++) budget.recordSuccess(undefined);
    expect(budget.tokens).toBe(5);
    expect(budget.tryAcquireRetry(new Error('x'))).toBe(false);
    for (let i = 0; i < 200; i++) budget.recordSuccess(undefined);
    expect(budget.tokens).toBe(10);
  });

  it('ignores recordRequest', () => {
    const budget = TokenBucketRetryBudget.grpc();
    budget.recordRequest();
    expect(budget.tokens).toBe(10);
  });

  it('cuts retries off under a hard failure when shared by a policy', async () => {
    const clock = new VirtualClock();
    const budget = TokenBucketRetryBudget.grpc();
    const policy = new RetryPolicy({ clock, budget, maxAttempts: 3, backoff: constant(1) });
    let attempts = 0;
    for (let call = 0; call < 10; call++) {
      await runToEnd(
        clock,
        policy.execute(async () => {
          attempts++;
          throw new Error('unavailable');
        }),
      );
    }
    expect(attempts).toBe(10 + 4);
  });
});

describe('TokenBucketRetryBudget.awsSdk against the AWS SDK retry quota', () => {
  type Op =
    | { readonly kind: 'retry'; readonly timeout: boolean }
    | { readonly kind: 'success'; readonly last: 'none' | 'retry' | 'timeout' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('retry' as const), timeout: fc.boolean() }),
    fc.record({
      kind: fc.constant('success' as const),
      last: fc.constantFrom('none' as const, 'retry' as const, 'timeout' as const),
    }),
  );

  it('matches a plain counter for any run of retries and successes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(op, { minLength: 1, maxLength: 300, size: 'max' }),
        (capacity, retryCost, timeoutRetryCost, noRetryIncrement, ops) => {
          const budget = TokenBucketRetryBudget.awsSdk({
            capacity,
            retryCost,
            timeoutRetryCost,
            noRetryIncrement,
          });
          let tokens = capacity;
          for (const o of ops) {
            if (o.kind === 'retry') {
              const cost = o.timeout ? timeoutRetryCost : retryCost;
              const expected = tokens >= cost ? cost : false;
              if (expected !== false) tokens -= cost;
              expect(budget.tryAcquireRetry(o.timeout ? timeoutError() : new Error('500'))).toBe(
                expected,
              );
            } else {
              const last =
                o.last === 'none' ? undefined : o.last === 'retry' ? retryCost : timeoutRetryCost;
              tokens = Math.min(capacity, tokens + (last ?? noRetryIncrement));
              budget.recordSuccess(last);
            }
            expect(budget.tokens).toBe(tokens);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('defaults to 500 tokens, 5 a retry, 10 after a timeout, 1 back per first-attempt success', () => {
    const budget = TokenBucketRetryBudget.awsSdk();
    expect([budget.kind, budget.capacity]).toEqual(['aws-sdk', 500]);
    expect(budget.tryAcquireRetry(new Error('503'))).toBe(5);
    expect(budget.tryAcquireRetry(new DOMException('slow', 'TimeoutError'))).toBe(10);
    const undici = new TypeError('fetch failed', {
      cause: Object.assign(new Error('headers'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
    });
    expect(budget.tryAcquireRetry(undici)).toBe(10);
    expect(budget.tokens).toBe(475);
    budget.recordSuccess(undefined);
    expect(budget.tokens).toBe(476);
    budget.recordSuccess(10);
    expect(budget.tokens).toBe(486);
  });

  it.each([
    'ETIMEDOUT',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
  ])(
    'charges the timeout cost for an error with code %s, on the failure or as its cause',
    (code) => {
      const budget = TokenBucketRetryBudget.awsSdk();
      const error = Object.assign(new Error(code), { code });
      expect(budget.tryAcquireRetry(error)).toBe(10);
      expect(budget.tryAcquireRetry(new TypeError('fetch failed', { cause: error }))).toBe(10);
      expect(budget.tokens).toBe(480);
    },
  );

  it('charges the plain cost for a network error that is not a timeout', () => {
    const budget = TokenBucketRetryBudget.awsSdk();
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'UND_ERR_SOCKET', 'ENOTFOUND']) {
      const error = Object.assign(new Error(code), { code });
      expect(budget.tryAcquireRetry(new TypeError('fetch failed', { cause: error }))).toBe(5);
    }
    expect(budget.tokens).toBe(480);
  });

  it('refuses at no cost when the bucket cannot pay', () => {
    const budget = TokenBucketRetryBudget.awsSdk({ capacity: 12 });
    expect(budget.tryAcquireRetry(timeoutError())).toBe(10);
    expect(budget.tryAcquireRetry(new Error('x'))).toBe(false);
    expect(budget.tokens).toBe(2);
  });

  it('takes a custom timeout classifier', () => {
    const budget = TokenBucketRetryBudget.awsSdk({ isTimeout: (f) => f === 'slow' });
    expect(budget.tryAcquireRetry('slow')).toBe(10);
    expect(budget.tryAcquireRetry(timeoutError())).toBe(5);
  });

  it('refunds the cost of the last retry when a policy call succeeds after retrying', async () => {
    const clock = new VirtualClock();
    const budget = new TokenBucketRetryBudget({ kind: 'aws-sdk' });
    const policy = new RetryPolicy({ clock, budget, backoff: constant(1) });
    let calls = 0;
    await runToEnd(
      clock,
      policy.execute(async () => {
        if (++calls === 1) throw timeoutError();
        if (calls === 2) throw new Error('500');
        return 'ok';
      }),
    );
    expect(budget.tokens).toBe(500 - 10 - 5 + 5);
  });
});

describe('TokenBucketRetryBudget options', () => {
  it.each([
    [{ kind: 'grpc', maxTokens: 0 }, /maxTokens must be an integer >= 1, got 0/],
    [{ kind: 'grpc', maxTokens: 1.5 }, /maxTokens/],
    [{ kind: 'grpc', maxTokens: 1001 }, /maxTokens must be an integer from 1 to 1000, got 1001/],
    [{ kind: 'grpc', tokenRatio: 0 }, /tokenRatio must be a finite number > 0, got 0/],
    [{ kind: 'grpc', tokenRatio: 0.0001 }, /tokenRatio must be >= 0.001, got 0.0001/],
    [{ kind: 'aws-sdk', retryCost: 0.0004 }, /retryCost must be >= 0.001, got 0.0004/],
    [{ kind: 'aws-sdk', timeoutRetryCost: 0.0001 }, /timeoutRetryCost must be >= 0.001/],
    [{ kind: 'aws-sdk', noRetryIncrement: 0.0001 }, /noRetryIncrement must be >= 0.001/],
    [{ kind: 'aws-sdk', capacity: 0.0001 }, /capacity must be >= 0.001/],
    [{ kind: 'aws-sdk', capacity: -1 }, /capacity must be a finite number > 0/],
    [{ kind: 'aws-sdk', retryCost: 0 }, /retryCost/],
    [{ kind: 'aws-sdk', timeoutRetryCost: Number.NaN }, /timeoutRetryCost/],
    [{ kind: 'aws-sdk', noRetryIncrement: Infinity }, /noRetryIncrement/],
    [{ kind: 'aws-sdk', isTimeout: 'yes' }, /isTimeout must be a function/],
    [{ kind: 'finagle' }, /kind must be 'grpc' or 'aws-sdk', got "finagle"/],
    [undefined, /options must be an object, got undefined/],
    [null, /options must be an object, got null/],
    [{ kind: 'grpc', maxToken: 5 }, /unknown option "maxToken" \(did you mean "maxTokens"\?\)/],
    [
      { kind: 'grpc', capacity: 5 },
      /unknown option "capacity" \(the gRPC bucket's size is "maxTokens"\)/,
    ],
    [
      { kind: 'aws-sdk', maxTokens: 5 },
      /unknown option "maxTokens" \(the AWS quota's size is "capacity"\)/,
    ],
    [
      { kind: 'aws-sdk', retryCosts: 5 },
      /unknown option "retryCosts" \(did you mean "retryCost"\?\)/,
    ],
    [{ kind: 'aws-sdk', capacity: null }, /capacity must not be null/],
    [{ kind: 'grpc', maxTokens: 10n }, /maxTokens must be an integer >= 1, got 10n$/],
    [{ kind: Symbol('k') }, /kind must be 'grpc' or 'aws-sdk', got Symbol\(k\)/],
  ])('rejects %o', (options, message) => {
    expect(() => new TokenBucketRetryBudget(options as never)).toThrow(message);
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'grpc(null)',
      () => TokenBucketRetryBudget.grpc(null as never),
      /options must be an object, got null/,
    ],
    [
      'awsSdk(null)',
      () => TokenBucketRetryBudget.awsSdk(null as never),
      /options must be an object, got null/,
    ],
    [
      'a typo in grpc()',
      () => TokenBucketRetryBudget.grpc({ tokenRation: 1 } as never),
      /unknown option "tokenRation" \(did you mean "tokenRatio"\?\)/,
    ],
    [
      'a typo in awsSdk()',
      () => TokenBucketRetryBudget.awsSdk({ capacty: 1 } as never),
      /unknown option "capacty" \(did you mean "capacity"\?\)/,
    ],
    [
      'a kind in awsSdk()',
      () => TokenBucketRetryBudget.awsSdk({ kind: 'grpc' } as never),
      /unknown option "kind"/,
    ],
  ])('rejects %s', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});
