import type { InstrumentedSlo } from './targets.js';
import { windowLabel } from './window-label.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Windows worth a glance on any dashboard, beside the SLO's alert windows and its period. */
const BASE_WINDOWS = [5 * MINUTE, HOUR, DAY];

/** A window the SLI and burn-rate gauges are read over. @internal */
export interface SloWindow {
  readonly ms: number;
  readonly label: string;
}

/**
 * What the adapters report for one SLO tracker: its event counts since it was instrumented (the
 * counters the Prometheus rules read) and the windows of its gauges. Everything is read from the
 * tracker when metrics are collected; nothing runs on `record`.
 *
 * @internal
 */
export class SloSeries {
  /** 5m, 1h, 1d, every alert window and the period, shortest first, none past the period. */
  readonly windows: readonly SloWindow[];
  readonly #baseGood: number;
  readonly #baseBad: number;

  constructor(
    readonly label: string,
    readonly slo: InstrumentedSlo,
  ) {
    const lengths = new Set([...BASE_WINDOWS, slo.windowMs]);
    for (const alert of slo.alerts) lengths.add(alert.shortWindowMs).add(alert.longWindowMs);
    this.windows = [...lengths]
      .filter((ms) => ms <= slo.windowMs)
      .sort((a, b) => a - b)
      .map((ms) => ({ ms, label: windowLabel(ms) }));
    // Counting from here rather than from the tracker's lifetime totals keeps a restored tracker
    // from showing its whole history as a jump, which `rate()` would read as a burst of events.
    const { good, total } = slo.totals();
    this.#baseGood = good;
    this.#baseBad = total - good;
  }

  /** Good and bad events recorded since the series was created: monotonic. */
  events(): { good: number; bad: number } {
    const { good, total } = this.slo.totals();
    return { good: good - this.#baseGood, bad: total - good - this.#baseBad };
  }

  /** Whether a tier of each severity is firing. */
  alertsActive(): { page: boolean; ticket: boolean } {
    let page = false;
    let ticket = false;
    for (const active of this.slo.activeAlerts()) {
      if (active.alert.severity === 'page') page = true;
      else ticket = true;
    }
    return { page, ticket };
  }
}
