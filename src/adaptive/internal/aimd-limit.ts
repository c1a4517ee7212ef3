import { clamp, type LimitAlgorithm, type LimitBounds } from './limit-algorithm.js';

/**
 * Additive increase, multiplicative decrease, on whole limits: a drop (or a call slower than
 * `timeoutMs`) multiplies the limit by `backoffRatio` and rounds it down; a success while at least
 * half the limit was in flight adds 1 (a success far below the limit says nothing about it).
 *
 * @internal
 */
export class AimdLimit implements LimitAlgorithm {
  estimate: number;
  readonly #bounds: LimitBounds;
  readonly #backoffRatio: number;
  readonly #timeoutMs: number;

  constructor(bounds: LimitBounds, backoffRatio: number, timeoutMs: number) {
    this.#bounds = bounds;
    this.#backoffRatio = backoffRatio;
    this.#timeoutMs = timeoutMs;
    this.estimate = bounds.initialLimit;
  }

  update(rttMs: number, inFlight: number, didDrop: boolean): void {
    let limit = this.estimate;
    if (didDrop || rttMs > this.#timeoutMs) limit = Math.floor(limit * this.#backoffRatio);
    else if (inFlight * 2 >= limit) limit += 1;
    this.estimate = clamp(limit, this.#bounds.minLimit, this.#bounds.maxLimit);
  }
}
