import type { TrafficSpec } from '../scenario/scenario.js';

/**
 * The arrival times of users' calls, in order, from a seeded random source, so that every variant
 * of a run sees the same calls at the same times.
 *
 * Poisson arrivals draw exponential gaps at the segment's highest rate and keep each arrival with
 * the probability `rate(t) / highest` (thinning, exact for a rate that varies); evenly spaced
 * ones step by `1 / rate(t)`. A gap that crosses into the next segment is drawn again from there:
 * a Poisson process has no memory.
 *
 * @internal
 */
export class Arrivals {
  readonly #traffic: TrafficSpec;
  readonly #random: () => number;
  #now = 0;
  #segment = 0;

  constructor(traffic: TrafficSpec, random: () => number) {
    this.#traffic = traffic;
    this.#random = random;
  }

  /** The next arrival's time, `Infinity` once no traffic is left. */
  next(): number {
    const { points, ramp, arrivals } = this.#traffic;
    for (;;) {
      const point = points[this.#segment]!;
      const following = points[this.#segment + 1];
      const end = following?.fromMs ?? Number.POSITIVE_INFINITY;
      const highest =
        ramp && following !== undefined ? Math.max(point.rps, following.rps) : point.rps;
      if (highest <= 0) {
        if (following === undefined) return Number.POSITIVE_INFINITY;
        this.#enter(end);
        continue;
      }
      const rate =
        arrivals === 'uniform' ? Math.max(this.#rate(this.#now), highest / 1_000) : highest;
      const at =
        this.#now +
        (arrivals === 'uniform' ? 1_000 / rate : (-1_000 * Math.log(1 - this.#random())) / rate);
      if (at >= end) {
        this.#enter(end);
        continue;
      }
      this.#now = at;
      if (arrivals === 'poisson' && ramp && this.#random() * highest >= this.#rate(at)) continue;
      return at;
    }
  }

  #enter(fromMs: number): void {
    this.#now = fromMs;
    this.#segment++;
  }

  /** The rate in force at `at`, within the current segment. */
  #rate(at: number): number {
    const points = this.#traffic.points;
    const point = points[this.#segment]!;
    const following = points[this.#segment + 1];
    if (!this.#traffic.ramp || following === undefined) return point.rps;
    return (
      point.rps +
      ((following.rps - point.rps) * (at - point.fromMs)) / (following.fromMs - point.fromMs)
    );
  }
}
