import type { Incident } from './backtest-result.js';
import type { RecordedTraffic } from './recorded-traffic.js';

/**
 * The most steps a recording may span: about 1.9 years of minutes. A backtest costs about 10 µs
 * and 150 bytes a step (a million steps: 12 s, 165 MB), so a longer span wants a longer step.
 */
export const MAX_TRAFFIC_STEPS = 1_000_000;

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
  #firstMs = Number.POSITIVE_INFINITY;
  #lastMs = Number.NEGATIVE_INFINITY;

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
    if (timestampMs < this.#firstMs) this.#firstMs = timestampMs;
    if (timestampMs > this.#lastMs) this.#lastMs = timestampMs;
    if (incident === undefined) return;
    const span = this.#incidents.get(incident);
    if (span === undefined) this.#incidents.set(incident, { first: step, last: step });
    else {
      span.first = Math.min(span.first, step);
      span.last = Math.max(span.last, step);
    }
  }

  /**
   * What is wrong with adding a call at `timestampMs`: that the recording would then span more
   * than {@link MAX_TRAFFIC_STEPS} steps; undefined when nothing is (checked per call by readers,
   * before the counts grow).
   */
  tooLong(timestampMs: number): string | undefined {
    const step = Math.floor(timestampMs / this.stepMs);
    const steps = Math.max(this.#last, step) - Math.min(this.#first, step) + 1;
    if (steps <= MAX_TRAFFIC_STEPS) return undefined;
    const fromMs = Math.min(this.#firstMs, timestampMs);
    const toMs = Math.max(this.#lastMs, timestampMs);
    return spanTooLong(fromMs, toMs, steps, this.stepMs);
  }

  /** The first and last call's timestamps; undefined before any call. */
  get span(): { readonly fromMs: number; readonly toMs: number } | undefined {
    return this.#firstMs > this.#lastMs ? undefined : { fromMs: this.#firstMs, toMs: this.#lastMs };
  }

  /**
   * The counts as dense arrays from the first step to the last.
   *
   * @throws RangeError when no call was added, or the calls span more than
   *   {@link MAX_TRAFFIC_STEPS} steps.
   */
  finish(source: string): RecordedTraffic {
    if (this.#first > this.#last) throw new RangeError(`${source}: the recording holds no calls`);
    const length = this.#last - this.#first + 1;
    if (length > MAX_TRAFFIC_STEPS) {
      throw new RangeError(
        `${source}: ${spanTooLong(this.#firstMs, this.#lastMs, length, this.stepMs)}`,
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

/**
 * Why a recording from `fromMs` to `toMs` is refused: it spans `steps` steps of `stepMs`. @internal
 */
export function spanTooLong(fromMs: number, toMs: number, steps: number, stepMs: number): string {
  return (
    `the recording would span ${toMs - fromMs} ms (${showTime(fromMs)} to ${showTime(toMs)}), ` +
    `${steps} steps of ${stepMs} ms, more than ${MAX_TRAFFIC_STEPS}: ` +
    `give a longer step (stepMs; --step on the command line) or split the recording`
  );
}

/**
 * Checks that a step fits in the recording: a step longer than the time from the first call to
 * the last would sum the whole recording into one or two steps, which no strategy can be scored
 * on. Only a step the caller chose is checked (`stepMs` undefined for the default, which a short
 * test recording may well undercut), and a recording whose calls share one instant is let
 * through (it is one step at any width).
 *
 * @throws RangeError naming stepMs, the span and the step. @internal
 */
export function assertStepFits(
  source: string,
  stepMs: number | undefined,
  span: { readonly fromMs: number; readonly toMs: number } | undefined,
): void {
  if (span === undefined || stepMs === undefined) return;
  const spanMs = span.toMs - span.fromMs;
  if (spanMs === 0 || stepMs <= spanMs) return;
  throw new RangeError(
    `${source}: stepMs ${stepMs} is longer than the recording, which spans ${spanMs} ms ` +
      `(${showTime(span.fromMs)} to ${showTime(span.toMs)}): give a shorter step (--step on the command line)`,
  );
}

/** An epoch-ms time as ISO 8601 when it is a date, else as milliseconds. */
function showTime(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms`;
}
