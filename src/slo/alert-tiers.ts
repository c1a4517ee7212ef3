import type { BurnRateAlert } from './burn-rate-alert.js';
import { BURN_RATE_TOLERANCE, type BudgetFraction } from './error-budget.js';
import type { ActiveAlert } from './slo-types.js';
import { BAD, TOTAL, type SloWindows } from './slo-windows.js';

/** What one evaluation changed; `undefined` lists are empty. @internal */
export interface AlertChanges {
  readonly ended: readonly ActiveAlert[] | undefined;
  readonly updated: readonly ActiveAlert[] | undefined;
  readonly started: readonly ActiveAlert[] | undefined;
}

const NO_CHANGES: AlertChanges = Object.freeze({
  ended: undefined,
  updated: undefined,
  started: undefined,
});

const SEVERITIES = ['page', 'ticket'] as const;

/**
 * The firing state of an SLO's burn-rate alerts: one alert per severity. A tier fires while both
 * its windows hold at least `minimumEvents` events and burn at `burnRate` or faster
 * (floating-point rounding forgiven); while any page tier fires, the ticket tiers are held quiet.
 * A severity fires while any of its tiers does, and is held up by the fastest of them (the
 * shortest long window, then the first given), so a hand-over between tiers of one severity is an
 * update of that alert, as the Prometheus rules' one alert per severity is.
 *
 * @internal
 */
export class AlertTiers {
  readonly #slo: string;
  readonly #alerts: readonly BurnRateAlert[];
  readonly #windows: SloWindows;
  readonly #budget: BudgetFraction;
  readonly #minimumEvents: number;
  /** The alert of each severity, in the order of {@link SEVERITIES}. */
  readonly #active: (ActiveAlert | undefined)[] = [undefined, undefined];

  constructor(
    slo: string,
    alerts: readonly BurnRateAlert[],
    windows: SloWindows,
    budget: BudgetFraction,
    minimumEvents: number,
  ) {
    this.#slo = slo;
    this.#alerts = alerts;
    this.#windows = windows;
    this.#budget = budget;
    this.#minimumEvents = minimumEvents;
  }

  /** The severities firing, page first, each with the tier holding it up. */
  active(): ActiveAlert[] {
    return this.#active.filter((alert) => alert !== undefined);
  }

  /** Whether any severity fires. */
  get firing(): boolean {
    return this.#active.some((alert) => alert !== undefined);
  }

  /** Evaluates every tier at clock time `now` (tracker time `at`) and commits the result. */
  evaluate(now: number, at: number): AlertChanges {
    // The fastest firing tier of each severity (shortest long window; the first given on a tie).
    let page: BurnRateAlert | undefined;
    let ticket: BurnRateAlert | undefined;
    for (const alert of this.#alerts) {
      const lead = alert.severity === 'page' ? page : ticket;
      if (lead !== undefined && lead.longWindowMs <= alert.longWindowMs) continue;
      if (!this.#burning(alert.longWindowMs, alert.burnRate, at)) continue;
      if (!this.#burning(alert.shortWindowMs, alert.burnRate, at)) continue;
      if (alert.severity === 'page') page = alert;
      else ticket = alert;
    }
    // A page silences the tickets, so that one outage pages once (as the Prometheus rules do).
    const leads = [page, page === undefined ? ticket : undefined];
    let ended: ActiveAlert[] | undefined;
    let updated: ActiveAlert[] | undefined;
    let started: ActiveAlert[] | undefined;
    for (let i = 0; i < SEVERITIES.length; i++) {
      const current = this.#active[i];
      const lead = leads[i];
      if (lead === current?.alert) continue;
      const alert = lead ?? current!.alert;
      const change: ActiveAlert = Object.freeze({
        slo: this.#slo,
        alert,
        since: current?.since ?? now,
        longBurnRate: this.#windows.burnRate(alert.longWindowMs, at, this.#budget),
        shortBurnRate: this.#windows.burnRate(alert.shortWindowMs, at, this.#budget),
      });
      this.#active[i] = lead === undefined ? undefined : change;
      if (lead === undefined) (ended ??= []).push(change);
      else if (current === undefined) (started ??= []).push(change);
      else (updated ??= []).push(change);
    }
    return ended === undefined && updated === undefined && started === undefined
      ? NO_CHANGES
      : { ended, updated, started };
  }

  /** Whether the last `windowMs` holds enough events and burns at `burnRate` or faster. */
  #burning(windowMs: number, burnRate: number, at: number): boolean {
    const total = this.#windows.sum(TOTAL, windowMs, at);
    if (total < this.#minimumEvents) return false;
    const bad = this.#windows.sum(BAD, windowMs, at);
    const { units, scale } = this.#budget;
    return bad * scale >= burnRate * (1 - BURN_RATE_TOLERANCE) * total * units;
  }
}
