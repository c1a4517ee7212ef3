import { systemClock, wallNow, type Clock } from '../clock/index.js';
import { Emitter } from '../events/index.js';
import { assertPositive, show } from '../internal/validate.js';
import type { BurnRateAlert } from './burn-rate-alert.js';
import { AlertTiers } from './alert-tiers.js';
import { burnRateOf, type BudgetFraction } from './error-budget.js';
import { CallRecorder, observeCall } from './observe-call.js';
import type { SloObserveOptions } from './observe-options.js';
import { resolveSloOptions, type SloOptions } from './slo-options.js';
import { assertSnapshot, restoreTimeOf, type SloSnapshot } from './slo-snapshot.js';
import type { ActiveAlert, SloBudget, SloEvents } from './slo-types.js';
import { BAD, SloWindows, TOTAL } from './slo-windows.js';
import {
  SloLatencyWindows,
  latencyLayout,
  latencyTierShapes,
  type SloLatency,
} from './slo-latency.js';
import { takenAt } from '../internal/taken-at.js';

/** What {@link SloTracker.latency} reads before any call was timed. */
const EMPTY_LATENCY: SloLatency = Object.freeze({
  count: 0,
  meanMs: Number.NaN,
  p50Ms: Number.NaN,
  p90Ms: Number.NaN,
  p99Ms: Number.NaN,
  p999Ms: Number.NaN,
  maxMs: Number.NaN,
});

/**
 * Records one call of `durationMs` that ended at clock time `now` into `tracker`, as `recordCall`
 * does but on a time read once for several trackers (by {@link SloSet}). No argument checks.
 *
 * @internal
 */
export let recordCallAt: (
  tracker: SloTracker,
  now: number,
  durationMs: number,
  ok: boolean,
) => void;

/** The clock `tracker` reads. @internal */
export let clockOf: (tracker: SloTracker) => Clock;

/** Alerts are evaluated at most this often on `record`; a skipped evaluation is made up. */
const EVALUATION_INTERVAL_MS = 1_000;
const HOUR_MS = 3_600_000;
const HOUSEKEEPING_MAX_MS = 30_000;

/**
 * How often the housekeeping timer evaluates: a fifth of the shortest short window (so an alert
 * ends within a fifth of that window once traffic stops), at most every 30 s, at least every 1 s.
 */
function housekeepingInterval(alerts: readonly BurnRateAlert[]): number {
  let interval = HOUSEKEEPING_MAX_MS;
  for (const alert of alerts) interval = Math.min(interval, alert.shortWindowMs / 5);
  return Math.max(EVALUATION_INTERVAL_MS, interval);
}

/**
 * An SLO measured in-process: rolling SLIs, the error budget, burn rates and the SRE Workbook's
 * multi-window, multi-burn-rate alerts, over a rolling period (30 days by default).
 *
 * Counts are exact: every ratio is bad events over all events in the window. Recording is O(1);
 * a window is read from the finest of three tiers of buckets that covers it (10 s up to an hour,
 * 2 min up to a day, 1 h up to the period, for 30 days), so a read is exact to one bucket. Memory
 * is fixed, about 32 KiB per tracker.
 *
 * Every call timed by {@link SloTracker.observe} or recorded by {@link SloTracker.recordCall} also
 * goes into a latency histogram over the same tiers (1-min, 30-min and 12-h slots, for 30 days),
 * read by {@link SloTracker.latency}: quantiles within 1 %, count, mean and maximum exact. It is
 * made on the first timed call, and takes about 690 KiB more, fixed.
 *
 * Alerts are evaluated when events arrive (at most once a second, and a skipped evaluation is made
 * up within that second) and on a housekeeping timer, so they also end when traffic stops. Both
 * timers are `unref`'d; {@link SloTracker.close} cancels them.
 *
 * @example
 * ```ts
 * import { SloTracker } from 'ballast/slo';
 *
 * const slo = new SloTracker({ name: 'checkout', objective: 0.999, latencyThresholdMs: 300 });
 * slo.events.on('alertStart', (a) => console.warn(`${a.slo}: ${a.alert.severity} burn`));
 * const order = await slo.observe(() => fetch('https://shop.example/orders'));
 * slo.sli(60 * 60_000); // share of good calls over the last hour
 * slo.budget().remaining; // share of the 30-day error budget left
 * ```
 */
export class SloTracker {
  /** The SLO's name. */
  readonly name: string;
  /** The objective, in (0, 1). */
  readonly objective: number;
  /** The rolling period in milliseconds. */
  readonly windowMs: number;
  /** The alert tiers in use (validated, frozen copies). */
  readonly alerts: readonly BurnRateAlert[];
  /** Events a window must hold before its burn rate can fire an alert (the option, or 1). */
  readonly minimumEvents: number;
  /** Calls slower than this count as bad; `undefined` when the SLO has no latency threshold. */
  readonly latencyThresholdMs: number | undefined;
  /**
   * Legal but doubtful configuration found at construction, e.g. a tier that can never fire, and
   * an `initialState` that could not be aged and was restored as empty.
   */
  readonly warnings: readonly string[];
  /** `alertStart`, `alertUpdate`, `alertEnd`, `budgetExhausted` and `budgetRecovered`. */
  readonly events = new Emitter<SloEvents>();

  readonly #clock: Clock;
  readonly #windows: SloWindows;
  /** Clock time at tracker time 0; restores move it back so that bucket boundaries stay put. */
  readonly #origin: number;
  readonly #budgetFraction: BudgetFraction;
  readonly #latencyThresholdMs: number;
  readonly #housekeepingMs: number;
  readonly #tiers: AlertTiers;
  /** Made on the first timed call: a tracker fed only by `record` does without it. */
  #latency: SloLatencyWindows | undefined;
  #good = 0;
  #total = 0;
  #lastEvaluation = Number.NEGATIVE_INFINITY;
  #exhausted = false;
  #closed = false;
  /** What `observe` times calls on and records them into (see observeCall). */
  readonly #recorder: CallRecorder;
  #cancelCatchUp: (() => void) | undefined;
  #cancelHousekeeping: (() => void) | undefined;

  constructor(options: SloOptions) {
    const resolved = resolveSloOptions(options);
    this.name = resolved.name;
    this.objective = resolved.objective;
    this.windowMs = resolved.periodMs;
    this.alerts = resolved.alerts;
    this.#budgetFraction = resolved.budget;
    this.#latencyThresholdMs = resolved.latencyThresholdMs;
    this.minimumEvents = resolved.minimumEvents;
    this.latencyThresholdMs =
      resolved.latencyThresholdMs === Number.POSITIVE_INFINITY
        ? undefined
        : resolved.latencyThresholdMs;
    this.#housekeepingMs = housekeepingInterval(this.alerts);
    this.#clock = options.clock ?? systemClock;
    this.#recorder = new CallRecorder(this.name, this.#clock, (now, durationMs, ok) =>
      this.#recordAt(now, durationMs, ok),
    );
    this.#windows = new SloWindows(this.windowMs, this.#clock);
    this.#tiers = new AlertTiers(
      this.name,
      this.alerts,
      this.#windows,
      this.#budgetFraction,
      resolved.minimumEvents,
    );
    const now = this.#clock.now();
    const state = options.initialState;
    if (state === undefined) {
      this.#origin = now;
      this.warnings = resolved.warnings;
      return;
    }
    assertSnapshot(state, this.windowMs, this.#windows.tiers, latencyTierShapes(this.windowMs));
    const restored = restoreTimeOf(state, wallNow(this.#clock), this.#windows.tiers);
    if ('warning' in restored) {
      this.#origin = now;
      this.warnings = Object.freeze([...resolved.warnings, restored.warning]);
    } else {
      // The buckets go back where they were at the snapshot, and the tracker's time moves on by
      // the downtime, so that each window drops what it would have dropped had the process run on
      // without traffic (all of it, once the downtime passes the period).
      this.#origin = now - restored.atMs;
      this.#windows.load(
        state.tiers.map((tier) => tier.buckets),
        state.elapsedMs,
      );
      this.warnings = resolved.warnings;
    }
    if (state.latency !== undefined && !('warning' in restored)) {
      this.#latencyWindows().load(
        state.latency.tiers.map((tier) => tier.slots),
        state.elapsedMs,
      );
    }
    this.#good = state.totals.good;
    this.#total = state.totals.total;
    // Evaluate on the next turn rather than now, so that listeners added right after construction
    // hear about the alerts the restored counts imply.
    this.#cancelCatchUp = this.#clock.setTimer(0, this.#onCatchUp, { unref: true });
    this.#armHousekeeping();
  }

  /**
   * Records `count` events, all good or all bad. O(1).
   *
   * @throws TypeError when `good` is not a boolean; RangeError when `count` is not a safe integer
   *   >= 0.
   */
  record(good: boolean, count = 1): void {
    if (typeof good !== 'boolean') {
      throw new TypeError(`good must be a boolean, got ${show(good)}`);
    }
    // Counts past 2^53 would no longer add up exactly, and a snapshot could not carry them.
    if (count !== 1 && !(Number.isSafeInteger(count) && count >= 0)) {
      throw new RangeError(`count must be a safe integer >= 0, got ${show(count)}`);
    }
    this.#add(this.#clock.now(), good, count);
  }

  /**
   * Records one call that took `durationMs`: good when `ok` and, if `latencyThresholdMs` is set,
   * no slower than it. Its duration goes into {@link SloTracker.latency}.
   *
   * @throws RangeError when `durationMs` is negative or not finite.
   */
  recordCall(durationMs: number, ok: boolean): void {
    this.#recorder.recordCall(durationMs, ok);
  }

  /**
   * Calls `fn`, times it on the clock and records it: good when it fulfils (in time, if
   * `latencyThresholdMs` is set), bad when it throws or rejects; its duration goes into
   * {@link SloTracker.latency}. `options` reclassifies outcomes: a result `isResultFailure`
   * accepts is bad, an error `isFailure` rejects is good (still only if in time). The result or
   * error reaches the caller unchanged; a synchronous throw becomes a rejection, and invalid
   * arguments a rejected TypeError.
   *
   * @example
   * ```ts
   * const user = await slo.observe(() => db.users.find(id));
   * const response = await slo.observe(() => fetch(url), {
   *   isResultFailure: (response) => response.status >= 500,
   * });
   * ```
   */
  observe<T>(fn: () => T | PromiseLike<T>, options?: SloObserveOptions<T>): Promise<T> {
    return observeCall(this.#recorder, fn, options);
  }

  /**
   * The latency of the calls timed over the last `windowMs` (the whole period by default): count,
   * mean, the 50th, 90th, 99th and 99.9th percentiles (nearest rank, each within 1 %) and the
   * maximum. With no timed call in the window, `count` is 0 and every other figure NaN. Only
   * {@link SloTracker.observe} and {@link SloTracker.recordCall} time calls; `record` does not.
   *
   * The window is read from the finest latency tier that covers it: 1-min slots up to 1/720 of
   * the period (an hour, for 30 days), 30-min slots up to 1/30 (a day), 12-h slots beyond (for
   * 30 days; the slots scale with the period). It holds the current slot and as many before it as
   * make up `windowMs`, so it reaches back between `windowMs` less one slot and `windowMs`.
   * Durations under 0.01 ms read as 0.0099 ms (or the maximum, if smaller); durations over about
   * 2.1 hours fall in the last bucket and read as 2.1 hours (count, mean and maximum stay exact).
   * O(slots × 1 024) at worst.
   *
   * @example
   * ```ts
   * const { p50Ms, p99Ms, count } = slo.latency(60 * 60_000); // over the last hour
   * ```
   *
   * @throws RangeError when `windowMs` is not positive or longer than the period.
   */
  latency(windowMs: number = this.windowMs): SloLatency {
    const at = this.#readAt(windowMs);
    if (this.#latency === undefined) return EMPTY_LATENCY;
    return this.#latency.read(windowMs, at);
  }

  /**
   * The share of good events over the last `windowMs` (the whole period by default); 1 when
   * there were none.
   *
   * @throws RangeError when `windowMs` is not positive or longer than the period.
   */
  sli(windowMs: number = this.windowMs): number {
    const at = this.#readAt(windowMs);
    const total = this.#windows.sum(TOTAL, windowMs, at);
    return total === 0 ? 1 : (total - this.#windows.sum(BAD, windowMs, at)) / total;
  }

  /**
   * How fast the last `windowMs` spent the error budget: its bad-event ratio over
   * `1 - objective`. At 1 the budget lasts exactly the period; 0 when there were no events.
   *
   * @throws RangeError when `windowMs` is not positive or longer than the period.
   */
  burnRate(windowMs: number): number {
    return this.#windows.burnRate(windowMs, this.#readAt(windowMs), this.#budgetFraction);
  }

  /** The error budget over the period: counts, the share spent and left, and when it runs out. */
  budget(): SloBudget {
    return this.#budget(this.#clock.now() - this.#origin);
  }

  /**
   * The alerts firing now: at most one per severity (page first), each with the tier that holds
   * it up. Since a page silences the tickets, at most one in practice.
   */
  activeAlerts(): ActiveAlert[] {
    return this.#tiers.active();
  }

  /** Lifetime counts since construction (continued across restores): monotonic, for exporters. */
  totals(): { good: number; total: number } {
    return { good: this.#good, total: this.#total };
  }

  /**
   * The counts as JSON, stamped with the wall-clock time, to restore with
   * `new SloTracker({ ..., initialState })`: the restore ages them by the time since.
   */
  snapshot(): SloSnapshot {
    const at = Math.max(0, this.#clock.now() - this.#origin);
    const tiers = this.#windows.tiers;

    const snapshot: SloSnapshot = {
      version: 3,
      name: this.name,
      windowMs: this.windowMs,
      elapsedMs: at,
      ...takenAt(this.#clock),
      totals: { good: this.#good, total: this.#total },
      tiers: this.#windows
        .export(at)
        .map((buckets, index) => ({ bucketMs: tiers[index]!.bucketMs, buckets })),
    };
    const latency = this.#latency;
    if (latency === undefined) return snapshot;
    const layout = latencyLayout();
    return {
      ...snapshot,
      latency: {
        relativeError: layout.relativeError,
        minMs: layout.minValue,
        buckets: layout.buckets,
        tiers: latency
          .export(at)
          .map((slots, index) => ({ slotMs: latency.tiers[index]!.slotMs, slots })),
      },
    };
  }

  /**
   * Cancels the tracker's timers. It still records and answers reads, and evaluates alerts on
   * `record`, but no longer on its own: an alert no longer ends when traffic stops.
   */
  close(): void {
    this.#closed = true;
    this.#cancelCatchUp?.();
    this.#cancelCatchUp = undefined;
    this.#cancelHousekeeping?.();
    this.#cancelHousekeeping = undefined;
  }

  /** {@link SloTracker.close}, for `using slo = new SloTracker(...)`. */
  [Symbol.dispose](): void {
    this.close();
  }

  #add(now: number, good: boolean, count: number): void {
    this.#windows.add(now - this.#origin, count, good ? 0 : count);
    this.#total += count;
    if (good) this.#good += count;
    if (now - this.#lastEvaluation >= EVALUATION_INTERVAL_MS) {
      this.#evaluate(now);
    } else {
      if (this.#cancelCatchUp === undefined && !this.#closed) {
        const delay = Math.min(
          EVALUATION_INTERVAL_MS,
          this.#lastEvaluation + EVALUATION_INTERVAL_MS - now,
        );
        this.#cancelCatchUp = this.#clock.setTimer(delay, this.#onCatchUp, { unref: true });
      }
    }
    if (this.#cancelHousekeeping === undefined && !this.#closed) this.#armHousekeeping();
  }

  /** Records one call of `durationMs` that ended at clock time `now`. */
  #recordAt(now: number, durationMs: number, ok: boolean): void {
    this.#latencyWindows().record(now - this.#origin, durationMs);
    this.#add(now, ok && durationMs <= this.#latencyThresholdMs, 1);
  }

  #latencyWindows(): SloLatencyWindows {
    return (this.#latency ??= new SloLatencyWindows(this.windowMs, this.#clock));
  }

  static {
    recordCallAt = (tracker, now, durationMs, ok) => tracker.#recordAt(now, durationMs, ok);
    clockOf = (tracker) => tracker.#clock;
  }

  // Armed only while events wait for an evaluation; any evaluation cancels it.
  readonly #onCatchUp = (): void => {
    this.#cancelCatchUp = undefined;
    this.#evaluate(this.#clock.now());
  };

  readonly #onHousekeeping = (): void => {
    this.#cancelHousekeeping = undefined;
    this.#evaluate(this.#clock.now());
    // Once the period holds no events and nothing is firing, nothing can change until the next
    // record, which arms the timer again.
    const idle =
      this.#windows.sum(TOTAL, this.windowMs, this.#clock.now() - this.#origin) === 0 &&
      !this.#exhausted &&
      !this.#tiers.firing;
    // A listener of that evaluation may have recorded, which arms the timer already.
    if (!this.#closed && !idle && this.#cancelHousekeeping === undefined) this.#armHousekeeping();
  };

  #armHousekeeping(): void {
    this.#cancelHousekeeping = this.#clock.setTimer(this.#housekeepingMs, this.#onHousekeeping, {
      unref: true,
    });
  }

  #readAt(windowMs: number): number {
    assertPositive(windowMs, 'windowMs');
    if (windowMs > this.windowMs) {
      throw new RangeError(
        `windowMs must be at most the period (${this.windowMs}), got ${windowMs}`,
      );
    }
    return this.#clock.now() - this.#origin;
  }

  #budget(at: number): SloBudget {
    const total = this.#windows.sum(TOTAL, this.windowMs, at);
    const bad = this.#windows.sum(BAD, this.windowMs, at);
    const { units, scale } = this.#budgetFraction;
    // Each figure with one rounding of integers (see burnRateOf), so that they come out as worked
    // by hand: 4 bad of 500 at 99 % leave 0.2 of the budget, not 0.19999999999999996.
    const allowedBad = (total * units) / scale;
    const consumed = burnRateOf(bad, total, this.#budgetFraction);
    const remaining = total === 0 ? 1 : (total * units - bad * scale) / (total * units);
    const burnRate = this.#windows.burnRate(
      Math.min(HOUR_MS, this.windowMs),
      at,
      this.#budgetFraction,
    );
    // Spent is spent: 0, whatever the last hour burned.
    const exhaustionMs =
      remaining <= 0 ? 0 : burnRate > 0 ? (remaining * this.windowMs) / burnRate : undefined;
    return { total, good: total - bad, bad, allowedBad, consumed, remaining, exhaustionMs };
  }

  #evaluate(now: number): void {
    this.#lastEvaluation = now;
    this.#cancelCatchUp?.();
    this.#cancelCatchUp = undefined;
    const at = now - this.#origin;
    const { ended, updated, started } = this.#tiers.evaluate(now, at);
    const budget = this.#budget(at);
    const exhausted = budget.total > 0 && budget.remaining <= 0;
    const budgetChanged = exhausted !== this.#exhausted;
    this.#exhausted = exhausted;
    // State is complete before any listener runs, so a listener that reads or records sees it.
    if (ended !== undefined) for (const alert of ended) this.events.emit('alertEnd', alert);
    if (updated !== undefined) for (const alert of updated) this.events.emit('alertUpdate', alert);
    if (started !== undefined) for (const alert of started) this.events.emit('alertStart', alert);
    if (budgetChanged) {
      this.events.emit(exhausted ? 'budgetExhausted' : 'budgetRecovered', {
        slo: this.name,
        budget,
      });
    }
  }
}
