import type { Clock } from '../clock/index.js';
import type { ExecuteOptions } from './policy.js';
import type { TimeoutStrategy } from './timeout-events.js';

/**
 * Options for {@link TimeoutPolicy}.
 *
 * @example
 * ```ts
 * const options: TimeoutOptions = { strategy: 'cooperative' };
 * ```
 */
export interface TimeoutOptions {
  /**
   * `'aggressive'` rejects with a {@link TimeoutError} when the time is up, whether or not the
   * function has stopped; `'cooperative'` only aborts the context's signal and waits for the
   * function to settle (it must honour the signal).
   *
   * @default 'aggressive'
   */
  readonly strategy?: TimeoutStrategy;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * Options for one {@link TimeoutPolicy.execute} call.
 *
 * @example
 * ```ts
 * // This report is slow by design: give it longer than the policy's usual 2 s.
 * await timeout.execute(({ signal }) => fetchReport(id, { signal }), { timeoutMs: 30_000 });
 * ```
 */
export interface TimeoutExecuteOptions extends ExecuteOptions {
  /**
   * The timeout for this call, in milliseconds, in place of the policy's own (or of what its
   * generator would return: the generator is then not called). A finite number > 0, or
   * `undefined` for the policy's; anything else rejects the call before it runs, with a RangeError
   * (a TypeError for `null`, as for every option). Through a {@link wrap}, it reaches
   * the one {@link TimeoutPolicy} of the wrap.
   *
   * @default the policy's timeout
   */
  readonly timeoutMs?: number | undefined;
}

/**
 * What a {@link TimeoutGenerator} receives for each call.
 *
 * - `signal`: the caller's signal (the shared never-aborting one when the caller gave none). The
 *   generator is only called when it has not aborted.
 * - Inside a {@link wrap}, every field of the layers outside the policy: a `RetryPolicy` outside
 *   gives `attempt` (1 for the first attempt), so that a retry can wait longer than the first try.
 *   Their types are not known here, hence `unknown`: check them (`typeof attempt === 'number'`).
 *
 * This is the counterpart of Polly's `TimeoutGeneratorArguments`, whose `Context` carries the
 * cancellation token and the caller's properties.
 *
 * @example
 * ```ts
 * const timeout = new TimeoutPolicy(({ attempt }: TimeoutContext) =>
 *   typeof attempt === 'number' && attempt > 1 ? 5_000 : 1_000,
 * );
 * ```
 */
export interface TimeoutContext {
  readonly signal: AbortSignal;
  readonly [field: string]: unknown;
}

/**
 * Computes the timeout of one call, in milliseconds: given to {@link TimeoutPolicy} in place of a
 * fixed timeout. It runs once per call, before the function and its timer, and must return a
 * finite number > 0 at once (not a promise). A generator that throws rejects the call with what it
 * threw, and one that returns anything else rejects it with a RangeError; either way the function
 * does not run.
 *
 * @example
 * ```ts
 * // A longer timeout while the dependency is known to be slow.
 * const timeout = new TimeoutPolicy(() => (degraded ? 10_000 : 2_000));
 * ```
 */
export type TimeoutGenerator = (context: TimeoutContext) => number;
