import { clamp, type LimitAlgorithm, type LimitBounds } from './limit-algorithm.js';

/** Samples averaged plainly before the long RTT turns into an exponential average. */
const WARMUP = 10;

/**
 * The gradient of a short-term RTT (the last sample) against a long-term one (an exponential
 * average over `longWindow` samples): while the short one stays within `rttTolerance` times the
 * long one the limit grows by `queueSize` per sample; when latency rises it shrinks in proportion
 * (by half at most per sample), smoothed by `smoothing`. Samples taken with less than half the
 * limit in flight leave it alone (the caller, not the backend, is the bottleneck). When the long
 * RTT is more than twice the short one (latency back to normal after a long overload), the long
 * RTT is pulled down by 5 % per sample to recover faster. A drop multiplies the limit by
 * `backoffRatio` (Netflix's Gradient2Limit ignores drops, which `backoffRatio: 1` restores): a
 * client sees overload as timeouts and 503s, while under sustained overload the long-term RTT
 * drifts up to the short one and the gradient alone stops shrinking the limit.
 *
 * @internal
 */
export class Gradient2Limit implements LimitAlgorithm {
  estimate: number;
  /** The long-term RTT; NaN before the first sample. */
  longRtt = Number.NaN;
  #samples = 0;
  readonly #bounds: LimitBounds;
  readonly #smoothing: number;
  readonly #tolerance: number;
  readonly #factor: number;
  readonly #queueSize: number;
  readonly #backoffRatio: number;

  constructor(
    bounds: LimitBounds,
    smoothing: number,
    tolerance: number,
    longWindow: number,
    queueSize: number,
    backoffRatio: number,
  ) {
    this.#bounds = bounds;
    this.#smoothing = smoothing;
    this.#tolerance = tolerance;
    this.#factor = 2 / (longWindow + 1);
    this.#queueSize = queueSize;
    this.#backoffRatio = backoffRatio;
    this.estimate = bounds.initialLimit;
  }

  update(rttMs: number, inFlight: number, didDrop: boolean): void {
    const count = ++this.#samples;
    const long =
      count === 1
        ? rttMs
        : count <= WARMUP
          ? this.longRtt + (rttMs - this.longRtt) / count
          : this.longRtt + (rttMs - this.longRtt) * this.#factor;
    this.longRtt = rttMs > 0 && long / rttMs > 2 ? long * 0.95 : long;
    if (didDrop) {
      const next = this.estimate * this.#backoffRatio;
      this.estimate = clamp(next, this.#bounds.minLimit, this.#bounds.maxLimit);
      return;
    }
    if (inFlight < this.estimate / 2) return;
    const gradient = rttMs <= 0 ? 1 : clamp((this.#tolerance * long) / rttMs, 0.5, 1);
    const target = this.estimate * gradient + this.#queueSize;
    const next = this.estimate * (1 - this.#smoothing) + target * this.#smoothing;
    this.estimate = clamp(next, this.#bounds.minLimit, this.#bounds.maxLimit);
  }
}
