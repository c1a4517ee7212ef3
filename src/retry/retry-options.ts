import { systemClock, type Clock } from '../clock/index.js';
import { assertClock, assertFunction, assertOptions, show } from '../internal/validate.js';
import { exponential, type Backoff } from './backoff.js';
import type { RetryBudgetLike } from './retry-budget-like.js';

/**
 * Options for {@link RetryPolicy} and {@link retry}. `R` is the type of the results
 * `retryOnResult` judges: {@link retry} binds it to its function's result, so the predicate needs
 * no cast; a {@link RetryPolicy} runs calls of any type and takes `unknown` (or give the predicate
 * per call, to {@link RetryPolicy.execute}).
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
export interface RetryOptions<R = unknown> {
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
  readonly retryOnResult?: (result: R) => boolean;
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
  /**
   * The longest `retryAfter` hint the policy waits, in milliseconds: a hint above it ends the call
   * at once with `giveUp` reason `'deadline'` (a server asking for a pause that long is better
   * answered by failing now than by a timer that keeps the process alive for hours). A number
   * >= 0; `Infinity` waits any hint (`maxElapsedMs` still applies).
   *
   * @default 60_000
   */
  readonly maxRetryAfterMs?: number;
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
  /**
   * The caller's `deadline` ({@link RetryExecuteOptions}), a time on the policy's clock, handed on
   * so that the attempt (or a policy inside it) can stop in time; `undefined` when none was given.
   */
  readonly deadline: number | undefined;
}

/**
 * Options of one {@link RetryPolicy.execute} call. `T` is the call's result type.
 *
 * @example
 * ```ts
 * await policy.execute(call, { signal: AbortSignal.timeout(10_000) });
 * const response = await policy.execute(({ signal }) => fetch(url, { signal }), {
 *   retryOnResult: (response) => response.status === 503, // a Response, no cast
 * });
 * ```
 */
export interface RetryExecuteOptions<T = unknown> {
  /** Cancels the call: no attempt starts after it aborts, and a pending delay ends at once. */
  readonly signal?: AbortSignal;
  /**
   * When the whole call must be over, as a time on the policy's clock (`clock.now()` + a budget):
   * a retry whose delay would end at or after it is not started (`giveUp` reason `'deadline'`),
   * and every attempt's context carries it. It does not refuse the first attempt nor cut a running
   * one short: put a {@link TimeoutPolicy} inside the retry for that (it times out at the deadline).
   *
   * @default none
   */
  readonly deadline?: number | undefined;
  /**
   * This call's `retryOnResult`, in place of the policy's, typed by the call's result.
   *
   * @default the policy's `retryOnResult`
   */
  readonly retryOnResult?: (result: T) => boolean;
}

/** @internal The options once checked, with their defaults filled in. */
export interface ResolvedRetryOptions {
  readonly maxAttempts: number;
  readonly backoff: Backoff;
  readonly shouldRetry: (error: unknown, attempt: number) => boolean;
  readonly retryOnResult: ((result: unknown) => boolean) | undefined;
  readonly maxElapsedMs: number;
  readonly retryAfter: ((errorOrResult: unknown) => number | 'stop' | undefined) | undefined;
  readonly maxRetryAfterMs: number;
  readonly budget: RetryBudgetLike | undefined;
  readonly clock: Clock;
  readonly random: () => number;
}

/** @internal The keys of {@link RetryOptions}. */
export const RETRY_OPTIONS: readonly string[] = [
  'maxAttempts',
  'backoff',
  'shouldRetry',
  'retryOnResult',
  'maxElapsedMs',
  'retryAfter',
  'maxRetryAfterMs',
  'budget',
  'clock',
  'random',
];

/** @internal Hints for names other libraries use. */
export const RETRY_HINTS: Readonly<Record<string, string>> = {
  retries: 'maxAttempts counts the first attempt: retries: 2 is maxAttempts: 3',
};

/** @internal The keys of {@link RetryExecuteOptions} besides `signal`. */
export const PER_CALL_OPTIONS: readonly string[] = ['retryOnResult'];

/** @internal The keys of {@link RetryExecuteOptions}. */
export const EXECUTE_OPTIONS: readonly string[] = ['signal', 'deadline', ...PER_CALL_OPTIONS];

/** @internal Checks every option (throwing a RangeError or TypeError that names it) and fills in defaults. */
export function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  if (options === undefined) options = {};
  // A copy typed unknown, so that the check does not narrow the typed options away.
  const given: unknown = options;
  assertOptions(given, 'options', RETRY_OPTIONS, RETRY_HINTS);
  const { maxAttempts = 3, maxElapsedMs = Infinity, maxRetryAfterMs = 60_000 } = options;
  if (
    typeof maxAttempts !== 'number' ||
    !(Number.isInteger(maxAttempts) || maxAttempts === Infinity) ||
    maxAttempts < 1
  ) {
    throw new RangeError(
      `maxAttempts must be an integer >= 1 or Infinity, got ${show(maxAttempts)}`,
    );
  }
  assertLimit(maxElapsedMs, 'maxElapsedMs');
  assertLimit(maxRetryAfterMs, 'maxRetryAfterMs');
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
    maxRetryAfterMs,
    budget: options.budget,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };
}

function isNotAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null | undefined)?.name !== 'AbortError';
}

/** A duration that may be 0 or Infinity (no limit). */
function assertLimit(value: unknown, option: string): void {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new RangeError(`${option} must be a number >= 0, got ${show(value)}`);
  }
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
    const shown = typeof b === 'object' && b !== null ? 'an object without them' : show(b);
    throw new TypeError(
      `budget must have recordRequest(), tryAcquireRetry() and recordSuccess(), got ${shown}`,
    );
  }
}
