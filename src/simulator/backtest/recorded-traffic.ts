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
