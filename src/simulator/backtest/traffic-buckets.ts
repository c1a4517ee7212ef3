import type { Incident } from './backtest-result.js';
import type { RecordedTraffic } from './recorded-traffic.js';

/** More steps than this (about 19 years of minutes) is a unit mistake, not a recording. */
const MAX_STEPS = 10_000_000;

/**
 * Sums calls into good and bad counts per step as they are read, so that a reader keeps a pair of
 * numbers per step and not an object per call. Calls may come in any order.
 *
 * @example
 * ```ts
 * const buckets = new TrafficBuckets(60_000);
 * buckets.add(Date.parse('2026-01-05T00:00:30Z'), true, 120, undefined);
 * buckets.add(Date.parse('2026-01-05T00:01:10Z'), false, 3, 'db-failover');
 * const traffic = buckets.finish('events.csv'); // good [120, 0], bad [0, 3]
 * ```
 */
export class TrafficBuckets {
  readonly stepMs: number;
  readonly #good = new Map<number, number>();
  readonly #bad = new Map<number, number>();
  /** Per incident label: the first and last step holding one of its calls. */
  readonly #incidents = new Map<string, { first: number; last: number }>();
  #first = Number.POSITIVE_INFINITY;
  #last = Number.NEGATIVE_INFINITY;

  /** @param stepMs - the width of a step, a whole number of milliseconds > 0. */
  constructor(stepMs: number) {
    if (!Number.isSafeInteger(stepMs) || stepMs <= 0) {
      throw new RangeError(`stepMs must be a whole number of milliseconds > 0, got ${stepMs}`);
    }
    this.stepMs = stepMs;
  }

  /** Adds `count` calls at `timestampMs`, good or bad, of the incident labelled `incident`. */
  add(timestampMs: number, good: boolean, count: number, incident: string | undefined): void {
    const step = Math.floor(timestampMs / this.stepMs);
    const counts = good ? this.#good : this.#bad;
    counts.set(step, (counts.get(step) ?? 0) + count);
    if (step < this.#first) this.#first = step;
    if (step > this.#last) this.#last = step;
    if (incident === undefined) return;
    const span = this.#incidents.get(incident);
    if (span === undefined) this.#incidents.set(incident, { first: step, last: step });
    else {
      span.first = Math.min(span.first, step);
      span.last = Math.max(span.last, step);
    }
  }

  /** Whether a step would take the recording past its limit (checked per call by readers). */
  tooLong(timestampMs: number): boolean {
    const step = Math.floor(timestampMs / this.stepMs);
    const first = Math.min(this.#first, step);
    const last = Math.max(this.#last, step);
    return last - first >= MAX_STEPS;
  }

  /**
   * The counts as dense arrays from the first step to the last.
   *
   * @throws RangeError when no call was added, or the calls span more than 10 000 000 steps.
   */
  finish(source: string): RecordedTraffic {
    if (this.#first > this.#last) throw new RangeError(`${source}: the recording holds no calls`);
    const length = this.#last - this.#first + 1;
    if (length > MAX_STEPS) {
      throw new RangeError(
        `${source}: spans ${length} steps of ${this.stepMs} ms, more than ${MAX_STEPS}`,
      );
    }
    const good = Array.from({ length }, (_, i) => this.#good.get(this.#first + i) ?? 0);
    const bad = Array.from({ length }, (_, i) => this.#bad.get(this.#first + i) ?? 0);
    const incidents: Incident[] = [...this.#incidents].map(([label, span]) => ({
      id: label,
      label,
      fromMs: span.first * this.stepMs,
      toMs: (span.last + 1) * this.stepMs,
    }));
    incidents.sort((a, b) => a.fromMs - b.fromMs || (a.id < b.id ? -1 : 1));
    return {
      source,
      fromMs: this.#first * this.stepMs,
      stepMs: this.stepMs,
      good,
      bad,
      incidents,
    };
  }
}
