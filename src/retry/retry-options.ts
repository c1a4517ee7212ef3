import { systemClock, type Clock } from '../clock/index.js';
import { assertClock, assertFunction } from '../internal/validate.js';
import { exponential, type Backoff } from './backoff.js';
import type { RetryBudgetLike } from './retry-budget-like.js';

/**
 * Options for {@link RetryPolicy} and {@link retry}.
 *
 * @example
 * ```ts
 * const options: RetryOptions = {
 *   maxAttempts: 4,
 *   backoff: exponential({ initialMs: 200 }),
 *   shouldRetry: (error) => isTransientNetworkError(error),
 *   maxElapsedMs: 10_000,
 * };
 * ```
 */
export interface RetryOptions {
  /**
   * Attempts in all, the first included: an integer >= 1, or `Infinity` to retry until another
   * limit (deadline, budget, a non-retryable failure, the signal) ends the call.
   *
   * @default 3
   */
  readonly maxAttempts?: number;
  /** The delay before each retry. @default exponential() (100 ms doubling to 30 s, full jitter) */
  readonly backoff?: Backoff;
  /**
   * Whether an error is worth another attempt; `attempt` is the number of the attempt that threw
   * (1 for the first). Not called when the caller's signal has aborted: that always ends the call.
   *
   * @default every error except one named `'AbortError'` (a `TimeoutError` is retried)
   */
  readonly shouldRetry?: (error: unknown, attempt: number) => boolean;
  /**
   * Whether a result is a failure to retry (an HTTP 503, say). When the limits run out, the last
   * such result is returned, not thrown.
   *
   * @default no result is retried
   */
  readonly retryOnResult?: (result: unknown) => boolean;
  /**
   * A limit on the whole call, in milliseconds from its start: a retry whose delay would end later
   * is not started (`giveUp` reason `'deadline'`). It does not cut a running attempt short: wrap
   * the attempts in a timeout for that.
   *
   * @default Infinity
   */
  readonly maxElapsedMs?: number;
  /**
   * A hint from the failure itself: milliseconds to wait (used when longer than the backoff's
   * delay), `'stop'` to give up (`'notRetryable'`), or `undefined` for no hint. See
   * {@link retryAfterFromHeaders}.
   *
   * @default no hints
   */
  readonly retryAfter?: (errorOrResult: unknown) => number | 'stop' | undefined;
  /** A budget shared with other calls that may refuse a retry (`'budget'`). @default none */
  readonly budget?: RetryBudgetLike;
  /** @default systemClock */
  readonly clock?: Clock;
  /** The random source of the backoff's jitter; returns a number in `[0, 1)`. @default Math.random */
  readonly random?: () => number;
}

/**
 * What each attempt receives.
 *
 * @example
 * ```ts
 * await policy.execute(({ signal, attempt }) =>
 *   fetch(url, { signal, headers: { 'x-attempt': String(attempt) } }),
 * );
 * ```
 */
export interface RetryContext {
  /** The caller's signal, or one that never aborts when the caller passed none. */
  readonly signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry... */
  readonly attempt: number;
}

/**
 * Options of one {@link RetryPolicy.execute} call.
 *
 * @example
 * ```ts
 * await policy.execute(call, { signal: AbortSignal.timeout(10_000) });
 * ```
 */
export interface RetryExecuteOptions {
  /** Cancels the call: no attempt starts after it aborts, and a pending delay ends at once. */
  readonly signal?: AbortSignal;
}

/** @internal The options once checked, with their defaults filled in. */
export interface ResolvedRetryOptions {
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  readonly shouldRetry: (error: unknown, attempt: number) => boolean;
  readonly retryOnResult: ((result: unknown) => boolean) | undefined;
  readonly maxElapsedMs: number;
  readonly retryAfter: ((errorOrResult: unknown) => number | 'stop' | undefined) | undefined;
  readonly budget: RetryBudgetLike | undefined;
  readonly clock: Clock;
  readonly random: () => number;
}

const KNOWN: ReadonlySet<string> = new Set([
  'maxAttempts',
  'backoff',
  'shouldRetry',
  'retryOnResult',
  'maxElapsedMs',
  'retryAfter',
  'budget',
  'clock',
  'random',
]);

/** @internal Checks every option (throwing a RangeError or TypeError that names it) and fills in defaults. */
export function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (KNOWN.has(key)) continue;
    const hint =
      key === 'retries'
        ? ' (maxAttempts counts the first attempt: retries: 2 is maxAttempts: 3)'
        : '';
    throw new TypeError(`unknown option ${JSON.stringify(key)}${hint}`);
  }
  const { maxAttempts = 3, maxElapsedMs = Infinity } = options;
  if (
    typeof maxAttempts !== 'number' ||
    !(Number.isInteger(maxAttempts) || maxAttempts === Infinity) ||
    maxAttempts < 1
  ) {
    throw new RangeError(
      `maxAttempts must be an integer >= 1 or Infinity, got ${String(maxAttempts)}`,
    );
  }
  if (typeof maxElapsedMs !== 'number' || Number.isNaN(maxElapsedMs) || maxElapsedMs < 0) {
    throw new RangeError(`maxElapsedMs must be a number >= 0, got ${String(maxElapsedMs)}`);
  }
  assertFunction(options.backoff, 'backoff');
  assertFunction(options.shouldRetry, 'shouldRetry');
  assertFunction(options.retryOnResult, 'retryOnResult');
  assertFunction(options.retryAfter, 'retryAfter');
  assertFunction(options.random, 'random');
  assertClock(options.clock);
  assertBudget(options.budget);
  return {
    maxAttempts,
    backoff: options.backoff ?? exponential(),
    shouldRetry: options.shouldRetry ?? isNotAbortError,
    retryOnResult: options.retryOnResult,
    maxElapsedMs,
    retryAfter: options.retryAfter,
    budget: options.budget,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
}

function isNotAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null | undefined)?.name !== 'AbortError';
}

function assertBudget(budget: RetryBudgetLike | undefined): void {
  if (budget === undefined) return;
  const b: unknown = budget;
  if (
    typeof b !== 'object' ||
    b === null ||
    typeof (b as Partial<RetryBudgetLike>).recordRequest !== 'function' ||
    typeof (b as Partial<RetryBudgetLike>).tryAcquireRetry !== 'function' ||
    typeof (b as Partial<RetryBudgetLike>).recordSuccess !== 'function'
  ) {
    const shown = typeof b === 'object' && b !== null ? 'an object without them' : String(b);
    throw new TypeError(
      `budget must have recordRequest(), tryAcquireRetry() and recordSuccess(), got ${shown}`,
    );
  }
}
