import { neverAborted } from '../internal/never-aborted.js';
import { assertFunction, assertOptions, executeError } from '../internal/validate.js';
import type { ExecuteOptions, Policy, PolicyContext } from './policy.js';

/**
 * Anything that times and records a call, as `SloTracker.observe` and `SloSet.observe` do.
 *
 * @example
 * ```ts
 * const observer: Observer = slo; // an SloTracker
 * const several: Observer = new SloSet([fast, slow, available]); // one timing, every SLO
 * ```
 */
export interface Observer {
  observe<T>(fn: () => T | PromiseLike<T>, options?: ObserveOptions): Promise<T>;
}

/**
 * How {@link observe} classifies each call for its observer, as `SloTracker.observe`'s options
 * do. A policy runs calls of any result type, so `isResultFailure` receives `unknown`: narrow it
 * with a check rather than a cast.
 *
 * @example
 * ```ts
 * const policy = observe(slo, {
 *   isResultFailure: (result) => result instanceof Response && result.status >= 500,
 *   isFailure: (error) => !(error instanceof NotFoundError),
 * });
 * ```
 */
export interface ObserveOptions {
  /** Whether a fulfilled result is a bad event. @default every result is good */
  readonly isResultFailure?: (result: unknown) => boolean;
  /** Whether an error is a bad event; `false` counts it as good. @default every error is bad */
  readonly isFailure?: (error: unknown) => boolean;
}

/**
 * Turns an SLO tracker, or a set of them (any {@link Observer}: an `SloTracker` or an `SloSet`),
 * into a {@link Policy}, so that it can take its place in a {@link wrap}. Innermost, it measures
 * each attempt; outermost, each call as its caller sees it. `options` are handed to the observer
 * with every call; a set classifies each call once for all its trackers.
 *
 * @example
 * ```ts
 * const policy = wrap(observe(callerSlo), retryPolicy, breaker);
 * const everySlo = wrap(observe(new SloSet([fast, slow, available])), retryPolicy);
 * const http = wrap(
 *   observe(callerSlo, { isResultFailure: (r) => r instanceof Response && r.status >= 500 }),
 *   retryPolicy,
 * );
 * ```
 *
 * @throws TypeError when `observer` has no `observe` method, or `options` is invalid.
 */
export function observe(observer: Observer, options?: ObserveOptions): Policy {
  if (typeof (observer as { observe?: unknown } | null)?.observe !== 'function') {
    throw new TypeError('observer must have an observe() method');
  }
  const given: unknown = options;
  if (given !== undefined) {
    assertOptions(given, 'options', ['isResultFailure', 'isFailure']);
    assertFunction(given['isResultFailure'], 'options.isResultFailure');
    assertFunction(given['isFailure'], 'options.isFailure');
  }
  // A copy, so that a caller who edits their object later does not change this policy.
  const classify: ObserveOptions | undefined = options === undefined ? undefined : { ...options };
  return {
    execute<T>(
      fn: (context: PolicyContext) => T | PromiseLike<T>,
      options?: ExecuteOptions,
    ): Promise<T> {
      const invalid = executeError(fn, options);
      if (invalid !== undefined) return Promise.reject(invalid);
      try {
        const context: PolicyContext = { signal: options?.signal ?? neverAborted };
        return classify === undefined
          ? observer.observe(() => fn(context))
          : observer.observe(() => fn(context), classify);
      } catch (error) {
        // An observer that throws synchronously still leaves the caller a rejection.
        return Promise.reject(error);
      }
    },
  };
}
