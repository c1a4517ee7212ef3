import type { Clock } from '../clock/index.js';
import { show } from '../internal/validate.js';
import { CallRecorder, observeCall } from './observe-call.js';
import type { SloObserveOptions } from './observe-options.js';
import { SloTracker, clockOf, recordCallAt } from './slo-tracker.js';

/**
 * Several SLOs on one stream of calls, the SRE Workbook's way: "90 % of requests under 100 ms,
 * 99 % under 500 ms, and 99.9 % available" is three {@link SloTracker}s (two with a
 * `latencyThresholdMs`) fed by one set. Each call is timed once, with one clock read when it
 * starts and one when it settles, classified once, and recorded into every tracker at the same
 * time with the same duration: each tracker judges it by its own threshold, and keeps its own
 * objective, budget, alerts and latency.
 *
 * The trackers must read one clock. They stay usable on their own (reads, snapshots, `close`);
 * a call recorded on one of them directly is not seen by the others.
 *
 * @example
 * ```ts
 * import { SloSet, SloTracker } from 'ballast/slo';
 *
 * const fast = new SloTracker({ name: 'api-fast', objective: 0.9, latencyThresholdMs: 100 });
 * const slow = new SloTracker({ name: 'api-slow', objective: 0.99, latencyThresholdMs: 500 });
 * const available = new SloTracker({ name: 'api-availability', objective: 0.999 });
 * const api = new SloSet([fast, slow, available]);
 *
 * const user = await api.observe(() => db.users.find(id));
 * fast.budget().remaining; // each tracker reads as before
 * ```
 */
export class SloSet {
  /** The trackers fed, in the order given. */
  readonly trackers: readonly SloTracker[];

  readonly #clock: Clock;
  readonly #name: string;
  /** What `observe` times calls on and records them into (see observeCall). */
  readonly #recorder: CallRecorder;

  /**
   * @throws TypeError when `trackers` is not a non-empty array of distinct {@link SloTracker}s
   *   that read the same clock.
   */
  constructor(trackers: readonly SloTracker[]) {
    if (!Array.isArray(trackers) || trackers.length === 0) {
      throw new TypeError(
        `trackers must be a non-empty array of SloTracker, got ${show(trackers)}`,
      );
    }
    const list = [...(trackers as unknown[])];
    list.forEach((tracker, index) => {
      if (!(tracker instanceof SloTracker)) {
        throw new TypeError(`trackers[${index}] must be an SloTracker, got ${show(tracker)}`);
      }
      const first = list.indexOf(tracker);
      if (first !== index) {
        throw new TypeError(
          `trackers[${index}] is trackers[${first}] again: each call would count twice in it`,
        );
      }
      if (clockOf(tracker) !== clockOf(list[0] as SloTracker)) {
        throw new TypeError(
          `trackers[${index}] (${JSON.stringify(tracker.name)}) reads another clock than ` +
            `trackers[0]: a set times each call once, on one clock`,
        );
      }
    });
    this.trackers = Object.freeze(list as SloTracker[]);
    this.#clock = clockOf(this.trackers[0]!);
    this.#name = this.trackers.map((tracker) => tracker.name).join(', ');
    this.#recorder = new CallRecorder(this.#name, this.#clock, (now, durationMs, ok) =>
      this.#recordAt(now, durationMs, ok),
    );
  }

  /**
   * Records one call that took `durationMs` into every tracker: in each, good when `ok` and no
   * slower than its `latencyThresholdMs` (when it has one). One clock read for all.
   *
   * @throws RangeError when `durationMs` is negative or not finite; TypeError when `ok` is not a
   *   boolean.
   */
  recordCall(durationMs: number, ok: boolean): void {
    this.#recorder.recordCall(durationMs, ok);
  }

  /**
   * Calls `fn`, times it (one clock read at the start, one when it settles) and records it into
   * every tracker, as {@link SloTracker.observe} does for one: `options` classify the outcome
   * once for all of them, and each adds its own latency threshold. The result or error reaches
   * the caller unchanged; a synchronous throw becomes a rejection, and invalid arguments a
   * rejected TypeError.
   *
   * @example
   * ```ts
   * const response = await api.observe(() => fetch(url), {
   *   isResultFailure: (response) => response.status >= 500,
   * });
   * ```
   */
  observe<T>(fn: () => T | PromiseLike<T>, options?: SloObserveOptions<T>): Promise<T> {
    return observeCall(this.#recorder, fn, options);
  }

  #recordAt(now: number, durationMs: number, ok: boolean): void {
    for (const tracker of this.trackers) recordCallAt(tracker, now, durationMs, ok);
  }
}
