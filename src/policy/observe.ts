import { neverAborted, neverAbortingCall } from '../internal/never-aborted.js';
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
 * The function's context carries the caller's `signal` and `deadline` unchanged.
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
  const observed: Observed = { observer, classify };
  return {
    [OBSERVED]: observed,
    execute<T>(
      fn: (context: PolicyContext) => T | PromiseLike<T>,
      options?: ExecuteOptions,
    ): Promise<T> {
      const invalid = executeError(fn, options);
      if (invalid !== undefined) return Promise.reject(invalid);
      const context = observedContext(options);
      return runObserved(observed, () => fn(context));
    },
  } as Policy;
}

/**
 * The key under which an {@link observe}d policy carries its observer, so that {@link wrap} can
 * hand the observer its own function in place of the policy's (one closure less per call).
 *
 * @internal
 */
export const OBSERVED: unique symbol = Symbol('ballast.observed');

/** What {@link observe} made a policy of. @internal */
export interface Observed {
  readonly observer: Observer;
  readonly classify: ObserveOptions | undefined;
}

/**
 * The context of an observed call: the caller's signal and deadline. The usual call, with
 * neither, shares one context: nothing to allocate.
 *
 * @internal
 */
export function observedContext(options: ExecuteOptions | undefined): PolicyContext {
  const signal = options?.signal;
  const deadline = options?.deadline;
  return deadline !== undefined
    ? { signal: signal ?? neverAborted, deadline }
    : signal === undefined || signal === neverAborted
      ? neverAbortingCall
      : { signal };
}

/** Hands `run` to the observer; what it throws synchronously becomes a rejection. @internal */
export function runObserved<T>(observed: Observed, run: () => T | PromiseLike<T>): Promise<T> {
  try {
    const { observer, classify } = observed;
    return classify === undefined ? observer.observe(run) : observer.observe(run, classify);
  } catch (error) {
    return Promise.reject(error);
  }
}
