import { clamp, type LimitAlgorithm, type LimitBounds } from './limit-algorithm.js';

/** `max(1, floor(log10(limit)))`: the step and the thresholds of Vegas, which grow slowly. */
function log10Step(limit: number): number {
  return Math.max(1, Math.floor(Math.log10(Math.max(1, limit))));
}

/**
 * TCP Vegas applied to calls: the lowest RTT seen is the no-load RTT, and
 * `queue = ceil(limit × (1 − noLoadRtt / rtt))` estimates how many calls wait at the backend. With
 * `s = max(1, floor(log10(limit)))`: a drop shrinks the limit by `s`; a queue <= `s` grows it by
 * `6s`, one below `3s` by `s`, one above `6s` shrinks it by `s`; between, nothing changes. Samples
 * taken with less than half the limit in flight change nothing (unless dropped). The result is
 * smoothed by `smoothing`. Every `probeMultiplier × limit` samples the no-load RTT is reset to the
 * current sample, so that a backend that got slower for good is learned.
 *
 * @internal
 */
export class VegasLimit implements LimitAlgorithm {
  estimate: number;
  /** The no-load RTT; 0 before the first sample. */
  noLoadRtt = 0;
  #probeCount = 0;
  readonly #bounds: LimitBounds;
  readonly #smoothing: number;
  readonly #probeMultiplier: number;

  constructor(bounds: LimitBounds, smoothing: number, probeMultiplier: number) {
    this.#bounds = bounds;
    this.#smoothing = smoothing;
    this.#probeMultiplier = probeMultiplier;
    this.estimate = bounds.initialLimit;
  }

  update(rttMs: number, inFlight: number, didDrop: boolean): void {
    const limit = this.estimate;
    if (++this.#probeCount >= this.#probeMultiplier * limit) {
      this.#probeCount = 0;
      this.noLoadRtt = rttMs;
      return;
    }
    if (this.noLoadRtt === 0 || rttMs < this.noLoadRtt) {
      this.noLoadRtt = rttMs;
      return;
    }
    const step = log10Step(limit);
    let next: number;
    if (didDrop) next = limit - step;
    else if (inFlight * 2 < limit) return;
    else {
      const queue = Math.ceil(limit * (1 - this.noLoadRtt / rttMs));
      if (queue <= step) next = limit + 6 * step;
      else if (queue < 3 * step) next = limit + step;
      else if (queue > 6 * step) next = limit - step;
      else return;
    }
    next = clamp(next, this.#bounds.minLimit, this.#bounds.maxLimit);
    this.estimate = clamp(
      (1 - this.#smoothing) * limit + this.#smoothing * next,
      this.#bounds.minLimit,
      this.#bounds.maxLimit,
    );
  }
}
