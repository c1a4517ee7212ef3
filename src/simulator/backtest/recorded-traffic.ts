import { show } from '../../internal/validate.js';
import type { Incident } from './backtest-result.js';

/**
 * A recording of calls, aggregated into good and bad counts per step of time: what the readers
 * ({@link readTraffic}) produce and {@link backtest} replays. Memory grows with the recording's
 * length, not with its number of calls.
 *
 * @example
 * ```ts
 * const traffic: RecordedTraffic = {
 *   source: 'hand-made',
 *   fromMs: 0,
 *   stepMs: 60_000,
 *   good: [1_000, 1_000, 990],
 *   bad: [0, 0, 10],
 *   incidents: [{ id: 'db', label: 'db', fromMs: 120_000, toMs: 180_000 }],
 * };
 * ```
 */
export interface RecordedTraffic {
  /** Where the calls came from: a file name, or what the caller called it. */
  readonly source: string;
  /** The start of the first step, a multiple of `stepMs` (epoch milliseconds for timestamps). */
  readonly fromMs: number;
  /** The width of one step. */
  readonly stepMs: number;
  /** Good calls per step. */
  readonly good: readonly number[];
  /** Bad calls per step (same length as `good`). */
  readonly bad: readonly number[];
  /**
   * The incidents the recording labels, in time order: each spans the steps from its first
   * labelled call's to its last's. Empty when the recording has no labels.
   */
  readonly incidents: readonly Incident[];
}

/**
 * Checks `backtest`'s main argument: a {@link RecordedTraffic} as the readers return it, with
 * `good` and `bad` of one length, at least one step, and counts that are whole numbers >= 0.
 *
 * @throws TypeError or RangeError naming `traffic` or its field at fault. @internal
 */
export function assertRecordedTraffic(traffic: unknown): asserts traffic is RecordedTraffic {
  if (typeof traffic !== 'object' || traffic === null || Array.isArray(traffic)) {
    throw new TypeError(
      `traffic must be a RecordedTraffic (from readTraffic), got ${show(traffic)}`,
    );
  }
  const { source, fromMs, stepMs, good, bad, incidents } = traffic as Record<string, unknown>;
  if (typeof source !== 'string') {
    throw new TypeError(`traffic.source must be a string, got ${show(source)}`);
  }
  if (typeof fromMs !== 'number' || !Number.isFinite(fromMs)) {
    throw new TypeError(`traffic.fromMs must be a finite number, got ${show(fromMs)}`);
  }
  if (typeof stepMs !== 'number' || !Number.isSafeInteger(stepMs) || stepMs <= 0) {
    throw new RangeError(`traffic.stepMs must be a whole number > 0, got ${show(stepMs)}`);
  }
  for (const [name, counts] of [
    ['good', good],
    ['bad', bad],
  ] as const) {
    if (!Array.isArray(counts) || counts.length === 0) {
      throw new TypeError(
        `traffic.${name} must be a non-empty array of counts, got ${show(counts)}`,
      );
    }
    const at = counts.findIndex(
      (n: unknown) => typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0,
    );
    if (at !== -1) {
      throw new RangeError(
        `traffic.${name}[${at}] must be a whole number >= 0, got ${show(counts[at])}`,
      );
    }
  }
  if ((good as unknown[]).length !== (bad as unknown[]).length) {
    throw new RangeError(
      `traffic.good and traffic.bad must have one length, got ${(good as unknown[]).length} and ${(bad as unknown[]).length}`,
    );
  }
  if (!Array.isArray(incidents)) {
    throw new TypeError(`traffic.incidents must be an array, got ${show(incidents)}`);
  }
}
