import { neverAborted } from '../internal/never-aborted.js';
import { executeError } from '../internal/validate.js';
import type { ExecuteOptions, Policy, PolicyContext } from './policy.js';

/**
 * Anything that times and records a call, as `SloTracker.observe` does.
 *
 * @example
 * ```ts
 * const observer: Observer = slo; // an SloTracker
 * ```
 */
export interface Observer {
  observe<T>(fn: () => T | PromiseLike<T>): Promise<T>;
}

/**
 * Turns an SLO tracker (any {@link Observer}) into a {@link Policy}, so that it can take its place
 * in a {@link wrap}. Innermost, it measures each attempt; outermost, each call as its caller sees it.
 *
 * @example
 * ```ts
 * const policy = wrap(observe(callerSlo), retryPolicy, breaker);
 * ```
 */
export function observe(observer: Observer): Policy {
  if (typeof (observer as { observe?: unknown } | null)?.observe !== 'function') {
    throw new TypeError('observer must have an observe() method');
  }
  return {
    execute<T>(
      fn: (context: PolicyContext) => T | PromiseLike<T>,
      options?: ExecuteOptions,
    ): Promise<T> {
      const invalid = executeError(fn, options);
      if (invalid !== undefined) return Promise.reject(invalid);
      try {
        const context: PolicyContext = { signal: options?.signal ?? neverAborted };
        return observer.observe(() => fn(context));
      } catch (error) {
        // An observer that throws synchronously still leaves the caller a rejection.
        return Promise.reject(error);
      }
    },
  };
}
