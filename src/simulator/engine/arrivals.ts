import type { TrafficSpec } from '../scenario/scenario.js';

/**
 * The arrival times of users' calls, in order: a Poisson process (exponential gaps at the rate in
 * force) or evenly spaced ones, from a seeded random source, so that every variant of a run sees
 * the same calls at the same times.
 *
 * @internal
 */
export class Arrivals {
  readonly #traffic: TrafficSpec;
  readonly #random: () => number;
  #now = 0;
  #point = 0;

  constructor(traffic: TrafficSpec, random: () => number) {
    this.#traffic = traffic;
    this.#random = random;
  }

  /** The next arrival's time, `Infinity` once no traffic is left. */
  next(): number {
    const points = this.#traffic.points;
    for (;;) {
      const rps = this.#rate(this.#now);
      const following = points[this.#point + 1]?.fromMs ?? Number.POSITIVE_INFINITY;
      if (rps <= 0) {
        if (following === Number.POSITIVE_INFINITY) return following;
        this.#now = following;
        this.#point++;
        continue;
      }
      const gap =
        this.#traffic.arrivals === 'uniform'
          ? 1_000 / rps
          : (-1_000 * Math.log(1 - this.#random())) / rps;
      const at = this.#now + gap;
      // A gap drawn at one rate ends at the next point: draw again from there at the new rate
      // (exact for a Poisson process, which has no memory).
      if (at >= following && !this.#traffic.ramp) {
        this.#now = following;
        this.#point++;
        continue;
      }
      if (at >= following) this.#point++;
      this.#now = at;
      return at;
    }
  }

  #rate(at: number): number {
    const points = this.#traffic.points;
    const point = points[this.#point]!;
    const following = points[this.#point + 1];
    if (!this.#traffic.ramp || following === undefined) return point.rps;
    return (
      point.rps +
      ((following.rps - point.rps) * (at - point.fromMs)) / (following.fromMs - point.fromMs)
    );
  }
}
