/** Latencies below this many milliseconds are counted per millisecond; longer ones kept as is. */
const EXACT_MS = 120_000;

/**
 * Users' waits, for percentiles over millions of calls in fixed memory: counted per whole
 * millisecond (rounded) up to two minutes, kept exactly beyond.
 *
 * @internal
 */
export class LatencyHistogram {
  readonly #counts = new Float64Array(EXACT_MS);
  readonly #long: number[] = [];
  #total = 0;

  record(ms: number): void {
    this.#total++;
    const index = Math.round(ms);
    if (index < EXACT_MS) this.#counts[index]! += 1;
    else this.#long.push(ms);
  }

  /** The smallest recorded value at or above a share `q` of the values; `NaN` when empty. */
  quantile(q: number): number {
    if (this.#total === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.#total));
    let seen = 0;
    for (let ms = 0; ms < EXACT_MS; ms++) {
      seen += this.#counts[ms]!;
      if (seen >= rank) return ms;
    }
    const long = [...this.#long].sort((a, b) => a - b);
    return long[rank - seen - 1]!;
  }
}
