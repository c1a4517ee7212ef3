import type { Clock } from '../clock/index.js';
import type { PolicyContext } from './policy.js';

/**
 * Options for {@link HedgePolicy}.
 *
 * @example
 * ```ts
 * const options: HedgeOptions = {
 *   delayMs: 50, // about the dependency's p95
 *   maxHedges: 1,
 *   budget: { ratio: 0.1 }, // hedge at most one call in ten
 *   name: 'users',
 * };
 * ```
 */
export interface HedgeOptions {
  /**
   * How long to wait after an attempt starts before starting the next one, in milliseconds (a
   * finite number >= 0; 0 starts every hedge at once). A function receives the number of the hedge
   * about to be timed (1 for the first) and returns its delay: it is called for every hedge when a
   * call starts, so that a throw or a bad delay rejects the call before anything runs.
   */
  readonly delayMs: number | ((hedge: number) => number);
  /**
   * Hedges per call at most, besides the primary attempt: an integer >= 1.
   *
   * @default 1
   */
  readonly maxHedges?: number;
  /**
   * Caps hedging under load: a hedge is started only while the hedges started in the last 10 s,
   * this one included, are at most `ratio` times the calls made in that time (a rolling window of
   * ten 1 s buckets). A refused hedge emits `hedgeRefused` (`'budget'`), and the call goes on with
   * the attempts it has. Without a budget, a slow dependency gets up to `maxHedges + 1` times its
   * load.
   *
   * @default none: every hedge the delay calls for is started
   */
  readonly budget?: HedgeBudget;
  /** @default systemClock */
  readonly clock?: Clock;
  /** The policy's name: the label of its metrics (`instrumentPrometheus({ hedges: [policy] })`). */
  readonly name?: string;
}

/**
 * The budget of a {@link HedgePolicy}: how many hedges it may start, as a share of its calls.
 *
 * @example
 * ```ts
 * const budget: HedgeBudget = { ratio: 0.05 }; // at most 5 hedges per 100 calls
 * ```
 */
export interface HedgeBudget {
  /** Hedges per call, over the last 10 s: a finite number > 0 (above 1 with `maxHedges` > 1). */
  readonly ratio: number;
}

/**
 * What each attempt of a {@link HedgePolicy} receives.
 *
 * - `signal`: the attempt's own, which aborts when another attempt wins (default abort reason, an
 *   `AbortError`), or with the caller's reason when the caller's signal aborts.
 * - `deadline`: the caller's `deadline`, unchanged (`undefined` when none was given).
 * - `attempt`: 0 for the primary attempt, 1 for the first hedge...
 *
 * @example
 * ```ts
 * await hedge.execute(({ signal, attempt }) =>
 *   fetch(replicas[attempt % replicas.length]!, { signal }),
 * );
 * ```
 */
export interface HedgeContext extends PolicyContext {
  readonly signal: AbortSignal;
  readonly deadline: number | undefined;
  readonly attempt: number;
}
