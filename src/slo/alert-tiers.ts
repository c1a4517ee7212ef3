import type { BurnRateAlert } from './burn-rate-alert.js';
import { BURN_RATE_TOLERANCE } from './error-budget.js';
import type { ActiveAlert } from './slo-types.js';
import { BAD, TOTAL, type SloWindows } from './slo-windows.js';

/** What one evaluation changed; `undefined` lists are empty. @internal */
export interface AlertChanges {
  readonly ended: readonly ActiveAlert[] | undefined;
  readonly started: readonly ActiveAlert[] | undefined;
}

const NO_CHANGES: AlertChanges = Object.freeze({ ended: undefined, started: undefined });

/**
 * The firing state of an SLO's burn-rate tiers. A tier fires while both its windows hold at least
 * `minimumEvents` events and burn at `burnRate` or faster (floating-point rounding forgiven); while
 * any page tier fires, the ticket tiers are held quiet.
 *
 * @internal
 */
export class AlertTiers {
  readonly #slo: string;
  readonly #alerts: readonly BurnRateAlert[];
  readonly #windows: SloWindows;
  readonly #errorBudget: number;
  readonly #minimumEvents: number;
  readonly #active: (ActiveAlert | undefined)[];
  /** Scratch space for one evaluation, kept to spare an allocation per evaluation. */
  readonly #firing: boolean[];

  constructor(
    slo: string,
    alerts: readonly BurnRateAlert[],
    windows: SloWindows,
    errorBudget: number,
    minimumEvents: number,
  ) {
    this.#slo = slo;
    this.#alerts = alerts;
    this.#windows = windows;
    this.#errorBudget = errorBudget;
    this.#minimumEvents = minimumEvents;
    this.#active = alerts.map(() => undefined);
    this.#firing = alerts.map(() => false);
  }

  /** The tiers firing, in the order of the alerts. */
  active(): ActiveAlert[] {
    return this.#active.filter((alert) => alert !== undefined);
  }

  /** Whether any tier fires. */
  get firing(): boolean {
    return this.#active.some((alert) => alert !== undefined);
  }

  /** Evaluates every tier at clock time `now` (tracker time `at`) and commits the result. */
  evaluate(now: number, at: number): AlertChanges {
    const alerts = this.#alerts;
    const firing = this.#firing;
    // The long window of the fastest page firing: a page silences every ticket and every slower
    // page, so one outage pages once (as the generated Prometheus rules do).
    let pagingWindow = Number.POSITIVE_INFINITY;
    for (let i = 0; i < alerts.length; i++) {
      const alert = alerts[i]!;
      firing[i] =
        this.#burning(alert.longWindowMs, alert.burnRate, at) &&
        this.#burning(alert.shortWindowMs, alert.burnRate, at);
      if (firing[i] && alert.severity === 'page') {
        pagingWindow = Math.min(pagingWindow, alert.longWindowMs);
      }
    }
    const paging = pagingWindow !== Number.POSITIVE_INFINITY;
    let ended: ActiveAlert[] | undefined;
    let started: ActiveAlert[] | undefined;
    for (let i = 0; i < alerts.length; i++) {
      const alert = alerts[i]!;
      const silenced = paging && (alert.severity === 'ticket' || alert.longWindowMs > pagingWindow);
      const fire = firing[i]! && !silenced;
      const current = this.#active[i];
      if (fire === (current !== undefined)) continue;
      const change: ActiveAlert = Object.freeze({
        slo: this.#slo,
        alert,
        since: current?.since ?? now,
        longBurnRate: this.#windows.burnRate(alert.longWindowMs, at, this.#errorBudget),
        shortBurnRate: this.#windows.burnRate(alert.shortWindowMs, at, this.#errorBudget),
      });
      this.#active[i] = fire ? change : undefined;
      if (fire) (started ??= []).push(change);
      else (ended ??= []).push(change);
    }
    return ended === undefined && started === undefined ? NO_CHANGES : { ended, started };
  }

  /** Whether the last `windowMs` holds enough events and burns at `burnRate` or faster. */
  #burning(windowMs: number, burnRate: number, at: number): boolean {
    const total = this.#windows.sum(TOTAL, windowMs, at);
    if (total < this.#minimumEvents) return false;
    const bad = this.#windows.sum(BAD, windowMs, at);
    return bad >= burnRate * (1 - BURN_RATE_TOLERANCE) * total * this.#errorBudget;
  }
}
