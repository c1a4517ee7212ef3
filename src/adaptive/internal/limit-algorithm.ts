/**
 * One concurrency-limit algorithm: it keeps an estimate of the limit and updates it from each
 * sample (a call that ended). The estimate stays within the policy's [minLimit, maxLimit].
 *
 * @internal
 */
export interface LimitAlgorithm {
  /** The estimated limit, possibly fractional; the policy admits `floor(estimate)` calls. */
  readonly estimate: number;
  /**
   * Takes one sample: the call's round-trip time in ms, the calls in flight when it started (it
   * included), and whether it was dropped (rejected for overload, or timed out).
   */
  update(rttMs: number, inFlight: number, didDrop: boolean): void;
}

/** The bounds every algorithm keeps its estimate within. @internal */
export interface LimitBounds {
  readonly initialLimit: number;
  readonly minLimit: number;
  readonly maxLimit: number;
}

/** `value` clamped into [min, max]. @internal */
export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
