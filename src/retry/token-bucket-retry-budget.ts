import {
  assertFunction,
  assertInteger,
  assertOptions,
  assertPositive,
  show,
} from '../internal/validate.js';
import { isTimeoutFailure } from './network-errors.js';
import type { RetryBudgetLike } from './retry-budget-like.js';

/**
 * gRPC retry throttling (gRFC A6): the bucket starts full at `maxTokens`; every failed attempt
 * that wants a retry takes one token (never below 0), every successful call adds `tokenRatio`, and
 * a retry is refused while the tokens left are `<= maxTokens / 2`.
 *
 * @example
 * ```ts
 * const options: GrpcRetryThrottlingOptions = { kind: 'grpc', maxTokens: 100, tokenRatio: 0.5 };
 * ```
 */
export interface GrpcRetryThrottlingOptions {
  readonly kind: 'grpc';
  /** The bucket's size, an integer from 1 to 1000 as gRPC requires. @default 10 */
  readonly maxTokens?: number;
  /** Tokens a successful call puts back, >= 0.001 (kept to three decimals, as gRPC does). @default 0.1 */
  readonly tokenRatio?: number;
}

/**
 * The AWS SDK's standard retry quota: the bucket starts full at `capacity`; a retry takes
 * `retryCost` tokens (`timeoutRetryCost` after a timeout) and is refused, at no cost, when fewer
 * are left; a successful call puts back what its last retry took, or `noRetryIncrement` if it made
 * no retry.
 *
 * @example
 * ```ts
 * const options: AwsRetryQuotaOptions = { kind: 'aws-sdk', capacity: 1_000 };
 * ```
 */
export interface AwsRetryQuotaOptions {
  readonly kind: 'aws-sdk';
  /** The bucket's size. @default 500 */
  readonly capacity?: number;
  /** Tokens a retry takes. @default 5 */
  readonly retryCost?: number;
  /** Tokens a retry after a timeout takes. @default 10 */
  readonly timeoutRetryCost?: number;
  /** Tokens a call that succeeds at its first attempt puts back. @default 1 */
  readonly noRetryIncrement?: number;
  /**
   * Whether a failure is a timeout. @default an error named `TimeoutError`, or with a code
   * `ETIMEDOUT`, `UND_ERR_CONNECT_TIMEOUT`, `UND_ERR_HEADERS_TIMEOUT` or `UND_ERR_BODY_TIMEOUT`, on
   * it or in its `cause` chain
   */
  readonly isTimeout?: (failure: unknown) => boolean;
}

/**
 * Options for {@link TokenBucketRetryBudget}: one of the two rule sets, by `kind`.
 *
 * @example
 * ```ts
 * const options: TokenBucketRetryBudgetOptions = { kind: 'grpc' };
 * ```
 */
export type TokenBucketRetryBudgetOptions = GrpcRetryThrottlingOptions | AwsRetryQuotaOptions;

const GRPC_OPTIONS: readonly string[] = ['maxTokens', 'tokenRatio'];
const AWS_OPTIONS: readonly string[] = [
  'capacity',
  'retryCost',
  'timeoutRetryCost',
  'noRetryIncrement',
  'isTimeout',
];
// The size of the bucket has a different name in each rule set.
const GRPC_HINTS: Readonly<Record<string, string>> = {
  capacity: 'the gRPC bucket\'s size is "maxTokens"',
};
const AWS_HINTS: Readonly<Record<string, string>> = {
  maxTokens: 'the AWS quota\'s size is "capacity"',
};

// Tokens are kept in thousandths, so that gRPC's fractional ratio adds up exactly.
const MILLI = 1000;

/**
 * A retry budget kept as a bucket of tokens that failures drain and successes refill, with the
 * rules of gRPC retry throttling or of the AWS SDK retry quota. Unlike {@link RetryBudget} it does
 * not forget: after an outage it refills only as calls succeed. Build one with
 * {@link TokenBucketRetryBudget.grpc} or {@link TokenBucketRetryBudget.awsSdk} (or the constructor
 * and a `kind`), and share it across a client's calls.
 *
 * Differences from the originals: gRPC takes a token for every retryable failure, including the
 * last attempt of a call; here only a failure that would be retried (attempts and deadline left)
 * takes one. gRPC pushback is honoured through `retryAfter`, not here.
 *
 * @example
 * ```ts
 * import { RetryPolicy, TokenBucketRetryBudget } from 'ballast/retry';
 *
 * const budget = TokenBucketRetryBudget.awsSdk();
 * const s3 = new RetryPolicy({ maxAttempts: 3, budget });
 * ```
 */
export class TokenBucketRetryBudget implements RetryBudgetLike {
  /** Which rules the bucket follows. */
  readonly kind: 'grpc' | 'aws-sdk';
  /** The bucket's size. */
  readonly capacity: number;
  /** The rules, with every amount in thousandths of a token. */
  readonly #rules: Rules;
  readonly #capacity: number;
  #tokens: number;

  /**
   * gRPC retry throttling with `maxTokens` (default 10) and `tokenRatio` (default 0.1).
   *
   * @example
   * ```ts
   * const budget = TokenBucketRetryBudget.grpc({ maxTokens: 10, tokenRatio: 0.1 });
   * ```
   */
  static grpc(options?: Omit<GrpcRetryThrottlingOptions, 'kind'>): TokenBucketRetryBudget {
    if (options !== undefined) assertOptions(options, 'options', GRPC_OPTIONS, GRPC_HINTS);
    return new TokenBucketRetryBudget({ ...options, kind: 'grpc' });
  }

  /**
   * The AWS SDK retry quota: capacity 500, retry cost 5, 10 after a timeout, 1 back for a success
   * without retries.
   *
   * @example
   * ```ts
   * const budget = TokenBucketRetryBudget.awsSdk({ capacity: 500 });
   * ```
   */
  static awsSdk(options?: Omit<AwsRetryQuotaOptions, 'kind'>): TokenBucketRetryBudget {
    if (options !== undefined) assertOptions(options, 'options', AWS_OPTIONS, AWS_HINTS);
    return new TokenBucketRetryBudget({ ...options, kind: 'aws-sdk' });
  }

  /** @throws TypeError or RangeError naming the option, for an invalid, unknown or `null` one. */
  constructor(options: TokenBucketRetryBudgetOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', ['kind', ...GRPC_OPTIONS, ...AWS_OPTIONS]);
    const kind = given['kind'];
    if (kind === 'grpc') {
      assertOptions(given, 'options', ['kind', ...GRPC_OPTIONS], GRPC_HINTS);
      const { maxTokens = 10, tokenRatio = 0.1 } = options as GrpcRetryThrottlingOptions;
      assertInteger(maxTokens, 'maxTokens', 1);
      if (maxTokens > 1000) {
        throw new RangeError(`maxTokens must be an integer from 1 to 1000, got ${show(maxTokens)}`);
      }
      assertMilli(tokenRatio, 'tokenRatio');
      this.capacity = maxTokens;
      this.#rules = {
        kind,
        threshold: (maxTokens * MILLI) / 2,
        refund: Math.round(tokenRatio * MILLI),
      };
    } else if (kind === 'aws-sdk') {
      assertOptions(given, 'options', ['kind', ...AWS_OPTIONS], AWS_HINTS);
      const aws = options as AwsRetryQuotaOptions;
      const { capacity = 500, retryCost = 5, noRetryIncrement = 1 } = aws;
      const timeoutRetryCost = aws.timeoutRetryCost ?? 10;
      // Tokens are kept in thousandths: a smaller amount would round to 0 (a free retry).
      assertMilli(capacity, 'capacity');
      assertMilli(retryCost, 'retryCost');
      assertMilli(timeoutRetryCost, 'timeoutRetryCost');
      assertMilli(noRetryIncrement, 'noRetryIncrement');
      assertFunction(aws.isTimeout, 'isTimeout');
      this.capacity = capacity;
      this.#rules = {
        kind,
        retryCost: Math.round(retryCost * MILLI),
        timeoutRetryCost: Math.round(timeoutRetryCost * MILLI),
        noRetryIncrement: Math.round(noRetryIncrement * MILLI),
        isTimeout: aws.isTimeout ?? isTimeoutFailure,
      };
    } else {
      throw new TypeError(`kind must be 'grpc' or 'aws-sdk', got ${show(kind)}`);
    }
    this.kind = kind;
    this.#capacity = Math.round(this.capacity * MILLI);
    this.#tokens = this.#capacity;
  }

  /** The tokens in the bucket now. */
  get tokens(): number {
    return this.#tokens / MILLI;
  }

  /** Does nothing: these buckets earn from successes, not from calls. */
  recordRequest(): void {}

  /**
   * gRPC: takes a token (even when it then refuses) and allows the retry if more than half the
   * bucket is left. AWS: takes the retry's cost if the bucket holds it, else refuses at no cost.
   *
   * @returns the tokens taken, or `false`.
   */
  tryAcquireRetry(failure?: unknown): number | false {
    const rules = this.#rules;
    if (rules.kind === 'grpc') {
      this.#tokens = Math.max(0, this.#tokens - MILLI);
      return this.#tokens > rules.threshold ? 1 : false;
    }
    const cost = rules.isTimeout(failure) ? rules.timeoutRetryCost : rules.retryCost;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return cost / MILLI;
  }

  /**
   * gRPC: adds `tokenRatio`. AWS: puts back `lastRetryCost`, or `noRetryIncrement` when the call
   * made no retry. Never beyond the capacity.
   */
  recordSuccess(lastRetryCost?: number): void {
    const rules = this.#rules;
    const refund =
      rules.kind === 'grpc'
        ? rules.refund
        : lastRetryCost === undefined
          ? rules.noRetryIncrement
          : Math.round(lastRetryCost * MILLI);
    this.#tokens = Math.min(this.#capacity, this.#tokens + refund);
  }
}

type Rules =
  | { readonly kind: 'grpc'; readonly threshold: number; readonly refund: number }
  | {
      readonly kind: 'aws-sdk';
      readonly retryCost: number;
      readonly timeoutRetryCost: number;
      readonly noRetryIncrement: number;
      readonly isTimeout: (failure: unknown) => boolean;
    };

/** A positive amount of tokens that is at least one thousandth, the bucket's unit. */
function assertMilli(value: number, option: string): void {
  assertPositive(value, option);
  if (Math.round(value * MILLI) < 1) {
    throw new RangeError(`${option} must be >= 0.001, got ${show(value)}`);
  }
}
