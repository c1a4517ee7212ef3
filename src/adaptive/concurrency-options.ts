import type { Clock } from '../clock/index.js';

/**
 * The algorithm an {@link AdaptiveConcurrencyPolicy} adapts its limit with (after Netflix's
 * concurrency-limits): `'aimd'` reacts to drops (overload errors, timeouts), `'gradient2'` and
 * `'vegas'` to latency rising above its usual level, before anything fails.
 *
 * @example
 * ```ts
 * const algorithm: LimitAlgorithmName = 'gradient2';
 * ```
 */
export type LimitAlgorithmName = 'aimd' | 'gradient2' | 'vegas';

/**
 * Options of the `'aimd'` algorithm (additive increase, multiplicative decrease).
 *
 * @example
 * ```ts
 * const aimd: AimdOptions = { backoffRatio: 0.8, timeoutMs: 1_000 };
 * ```
 */
export interface AimdOptions {
  /** What a drop multiplies the limit by (then rounded down), in [0.5, 1). @default 0.9 */
  readonly backoffRatio?: number;
  /** A call slower than this, in ms, counts as a drop even if it succeeded. @default Infinity */
  readonly timeoutMs?: number;
}

/**
 * Options of the `'gradient2'` algorithm.
 *
 * @example
 * ```ts
 * const gradient2: Gradient2Options = { smoothing: 0.2, rttTolerance: 1.5, queueSize: 4 };
 * ```
 */
export interface Gradient2Options {
  /** How much of each new estimate is taken, in (0, 1]: 1 takes it whole. @default 0.2 */
  readonly smoothing?: number;
  /**
   * How much slower than the long-term latency calls may get before the limit shrinks: a number
   * >= 1 (1.5: up to 50 % slower is tolerated).
   *
   * @default 1.5
   */
  readonly rttTolerance?: number;
  /** How many samples the long-term latency averages over (exponentially), an integer >= 1. @default 600 */
  readonly longWindow?: number;
  /** How much the limit may grow per sample while latency stays low, a number >= 0. @default 4 */
  readonly queueSize?: number;
  /**
   * What a drop (a timeout, a 429/503: see `isDrop`) multiplies the limit by, in [0.5, 1]. `1`
   * ignores drops, as Netflix's Gradient2Limit does; a client needs them, since under sustained
   * overload its long-term latency catches up with the short-term one and the gradient alone no
   * longer shrinks the limit.
   *
   * @default 0.9
   */
  readonly backoffRatio?: number;
}

/**
 * Options of the `'vegas'` algorithm.
 *
 * @example
 * ```ts
 * const vegas: VegasOptions = { smoothing: 0.5 };
 * ```
 */
export interface VegasOptions {
  /** How much of each new estimate is taken, in (0, 1]. @default 1 */
  readonly smoothing?: number;
  /**
   * The no-load latency is measured afresh every `probeMultiplier × limit` samples, an integer
   * >= 1.
   *
   * @default 30
   */
  readonly probeMultiplier?: number;
}

/**
 * Options for {@link AdaptiveConcurrencyPolicy}. Only the options object of the chosen algorithm
 * may be given (`gradient2` with `algorithm: 'aimd'` is a TypeError).
 *
 * @example
 * ```ts
 * const options: AdaptiveConcurrencyOptions = {
 *   algorithm: 'gradient2',
 *   minLimit: 2,
 *   maxLimit: 100,
 *   gradient2: { rttTolerance: 2 },
 * };
 * ```
 */
export interface AdaptiveConcurrencyOptions {
  /** @default 'aimd' */
  readonly algorithm?: LimitAlgorithmName;
  /** The limit to start from, an integer in [minLimit, maxLimit]. @default min(20, maxLimit) */
  readonly initialLimit?: number;
  /** The lowest the limit goes, an integer >= 1. @default 1 */
  readonly minLimit?: number;
  /** The highest the limit goes, an integer >= minLimit. @default 200 */
  readonly maxLimit?: number;
  /**
   * How many calls may wait, first in first out, for a slot when the limit is reached; calls
   * beyond are rejected with a {@link ConcurrencyLimitError} at once. An integer >= 0.
   *
   * @default 0
   */
  readonly maxQueue?: number;
  /**
   * Whether a call that rejected with `error` was dropped for overload: drops shrink the limit
   * (`'aimd'`, `'vegas'`). A classifier that throws counts the call as dropped, and is reported
   * once as a warning.
   *
   * @default {@link isOverloadError}
   */
  readonly isDrop?: (error: unknown) => boolean;
  /** @default systemClock */
  readonly clock?: Clock;
  /** A name for metrics and logs. @default undefined */
  readonly name?: string;
  /** Options of the `'aimd'` algorithm. */
  readonly aimd?: AimdOptions;
  /** Options of the `'gradient2'` algorithm. */
  readonly gradient2?: Gradient2Options;
  /** Options of the `'vegas'` algorithm. */
  readonly vegas?: VegasOptions;
}
