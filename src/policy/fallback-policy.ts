import { Emitter } from '../events/index.js';
import { describeError, emitWarning } from '../internal/warn.js';
import { assertFunction, assertOptions, executeError } from '../internal/validate.js';
import { loadContext } from './internal/load-call.js';
import type { ExecuteOptions, Policy, PolicyContext } from './policy.js';

/**
 * What a fallback function receives: the error it stands in for, the same object the call
 * failed with.
 *
 * @example
 * ```ts
 * const fromCache = ({ error }: FallbackFailure) => cache.get(key) ?? Promise.reject(error);
 * ```
 */
export interface FallbackFailure {
  readonly error: unknown;
}

/**
 * Options for {@link fallback}.
 *
 * @example
 * ```ts
 * const options: FallbackOptions = { shouldHandle: (error) => isBallastError(error) };
 * ```
 */
export interface FallbackOptions {
  /**
   * Whether a call's error gets the fallback; the others reach the caller unchanged. One that
   * throws counts as `false` (the original error is passed on) and is reported once as a
   * warning.
   *
   * @default every error: `() => true`
   */
  readonly shouldHandle?: (error: unknown) => boolean;
}

/**
 * The events of a {@link FallbackPolicy}, by name, with their payloads: its metrics hooks.
 *
 * - `fallback`: a call failed with `error` and the fallback stands in for it; emitted once the
 *   fallback is decided, before the fallback function runs, so that a listener that throws
 *   changes nothing. No payload is built without a listener.
 *
 * @example
 * ```ts
 * usersFallback.events.on('fallback', ({ error }) => log.warn({ error }, 'served a cached user'));
 * ```
 */
export interface FallbackEvents {
  fallback: { readonly error: unknown };
}

const OPTIONS = ['shouldHandle'];

/**
 * Answers with a fallback value when a call fails: the policy {@link fallback} makes. Its
 * `execute` resolves with the call's result, or, when the call fails with an error
 * `shouldHandle` accepts (every error by default: the dependency's own, a
 * `BrokenCircuitError`, a `TimeoutError`, a {@link BulkheadRejectedError}, a
 * {@link RateLimitedError}), with the fallback: the value given, or what the function given
 * returns (or rejects with) for `{ error }`.
 *
 * A call its caller's signal aborted gets no fallback: it rejects with the error it failed with,
 * as it does when the signal was aborted before the call (with the signal's reason). The caller
 * gave up and waits for nothing; a fallback would only hide that.
 *
 * Called directly, `execute` is typed `Promise<T | R>`. Through {@link wrap}, as every
 * {@link Policy}, its result is typed as the function's (`T`): give a fallback of that type.
 *
 * @example
 * ```ts
 * const policy = wrap(fallback(({ error }) => cachedUser(id, error)), retryPolicy, breaker);
 * const user = await policy.execute(({ signal }) => fetchUser(id, { signal }));
 * ```
 */
export class FallbackPolicy<R = unknown> implements Policy {
  /** Fallbacks served, for logs and metrics. See {@link FallbackEvents}. */
  readonly events: Emitter<FallbackEvents> = new Emitter<FallbackEvents>();
  readonly #value: R | ((failure: FallbackFailure) => R | PromiseLike<R>);
  readonly #shouldHandle: ((error: unknown) => boolean) | undefined;
  readonly #warned = new WeakSet<object>();

  /**
   * Prefer {@link fallback}, which reads better in a {@link wrap}; the two are the same.
   *
   * @throws TypeError naming the option, for an unknown option or a `shouldHandle` that is not a
   * function.
   */
  constructor(
    value: R | ((failure: FallbackFailure) => R | PromiseLike<R>),
    options?: FallbackOptions,
  ) {
    const given: unknown = options;
    if (given !== undefined) assertOptions(given, 'options', OPTIONS);
    assertFunction(options?.shouldHandle, 'shouldHandle');
    this.#value = value;
    this.#shouldHandle = options?.shouldHandle;
  }

  /**
   * Runs `fn`; if it fails with an error the policy handles (and the caller has not aborted),
   * resolves with the fallback instead. Rejects, never throws: also for a bad `fn` or bad
   * options, and with `signal.reason` for a signal already aborted, before `fn` runs.
   *
   * @example
   * ```ts
   * const price = await fallback(0).execute(({ signal }) => fetchPrice(sku, { signal }));
   * ```
   */
  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T | R>;
  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T>;
  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T | R> {
    const invalid = executeError(fn, options);
    if (invalid !== undefined) return Promise.reject(invalid);
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    let pending: T | PromiseLike<T>;
    try {
      pending = fn(loadContext(signal, options?.deadline));
    } catch (error) {
      return this.#recover(error, signal);
    }
    return Promise.resolve(pending).then(undefined, (error: unknown) =>
      this.#recover(error, signal),
    );
  }

  #recover(error: unknown, signal: AbortSignal | undefined): Promise<R> {
    if (signal?.aborted === true || !this.#handles(error)) return Promise.reject(error);
    if (this.events.listenerCount('fallback') !== 0) this.events.emit('fallback', { error });
    const value = this.#value;
    if (typeof value !== 'function') return Promise.resolve(value);
    try {
      return Promise.resolve(
        (value as (failure: FallbackFailure) => R | PromiseLike<R>)({ error }),
      );
    } catch (fallbackError) {
      return Promise.reject(fallbackError);
    }
  }

  #handles(error: unknown): boolean {
    const shouldHandle = this.#shouldHandle;
    if (shouldHandle === undefined) return true;
    try {
      return shouldHandle(error) === true;
    } catch (bug) {
      if (!this.#warned.has(shouldHandle)) {
        // Once: a classifier that throws for every error must not flood the log.
        this.#warned.add(shouldHandle);
        emitWarning(
          `ballast: a fallback's shouldHandle threw, and the error was passed on: ${describeError(bug)}`,
          'BallastCallbackWarning',
          'BALLAST_CALLBACK_ERROR',
        );
      }
      return false;
    }
  }
}

/**
 * Makes a {@link FallbackPolicy}: a policy that answers with `value` when a call fails with an
 * error `options.shouldHandle` accepts (every error by default). `value` is the fallback itself,
 * or a function of `{ error }` that returns it or a promise of it; a function that throws or
 * rejects makes the call reject with that error. (To fall back on a function value, return it
 * from a function: `fallback(() => noop)`.)
 *
 * @throws TypeError naming the option, for an unknown option or a `shouldHandle` that is not a
 * function.
 *
 * @example
 * ```ts
 * import { fallback, isBallastError, wrap } from 'ballast/policy';
 *
 * // Serve the last known rates when the breaker is open or the call is shed or timed out.
 * const rates = wrap(
 *   fallback(() => lastKnownRates, { shouldHandle: isBallastError }),
 *   timeout,
 *   breaker,
 * );
 * const current = await rates.execute(({ signal }) => fetchRates({ signal }));
 * ```
 */
export function fallback<R>(
  value: R | ((failure: FallbackFailure) => R | PromiseLike<R>),
  options?: FallbackOptions,
): FallbackPolicy<R> {
  return new FallbackPolicy(value, options);
}
