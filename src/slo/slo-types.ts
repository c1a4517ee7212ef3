import type { BurnRateAlert } from './burn-rate-alert.js';

/**
 * A firing alert: one per SLO and severity, held up by one of that severity's tiers.
 *
 * @example
 * ```ts
 * slo.events.on('alertStart', (alert: ActiveAlert) =>
 *   pager.trigger(`${alert.slo}: burning ${alert.shortBurnRate.toFixed(1)}x (${alert.alert.severity})`),
 * );
 * ```
 */
export interface ActiveAlert {
  /** The tracker's name. */
  readonly slo: string;
  /**
   * The tier holding the alert up (its severity is the alert's; its threshold is
   * `alert.burnRate`): the fastest of that severity's tiers firing. It may change while the alert
   * lasts, with an `alertUpdate`.
   */
  readonly alert: BurnRateAlert;
  /** Clock time when the severity started firing; a change of tier keeps it. */
  readonly since: number;
  /** The tier's long-window burn rate when the alert last changed (started, updated or ended). */
  readonly longBurnRate: number;
  /** The tier's short-window burn rate when the alert last changed (started, updated or ended). */
  readonly shortBurnRate: number;
}

/**
 * The error budget over the period, as {@link SloTracker.budget} reports it.
 *
 * @example
 * ```ts
 * const { remaining, exhaustionMs } = slo.budget();
 * if (exhaustionMs !== undefined && exhaustionMs < 86_400_000) freezeDeploys();
 * ```
 */
export interface SloBudget {
  /** Events in the period. */
  readonly total: number;
  /** Good events in the period. */
  readonly good: number;
  /** Bad events in the period. */
  readonly bad: number;
  /** Bad events the objective allows in the period: `(1 - objective) * total`. */
  readonly allowedBad: number;
  /** The share of the budget spent: `bad / allowedBad`, 0 when there are no events. */
  readonly consumed: number;
  /** `1 - consumed`: below 0 once the budget is overspent. */
  readonly remaining: number;
  /**
   * Milliseconds until `remaining` reaches 0 if the last hour's burn rate goes on:
   * `remaining * windowMs / burnRate(1 h)`; 0 once the budget is spent (whatever the last hour
   * burned); `undefined` when budget remains and the last hour burned nothing. An estimate: it assumes steady traffic and ignores old events
   * leaving the period.
   */
  readonly exhaustionMs: number | undefined;
}

/**
 * The payload of `budgetExhausted` and `budgetRecovered`.
 *
 * @example
 * ```ts
 * slo.events.on('budgetExhausted', ({ slo, budget }) => log.warn({ slo, budget }, 'budget spent'));
 * ```
 */
export interface SloBudgetEvent {
  /** The tracker's name. */
  readonly slo: string;
  /** The budget when the state changed. */
  readonly budget: SloBudget;
}

/**
 * The events of an {@link SloTracker}, each with its payload. An alert is identified by its SLO
 * and severity (`${alert.slo}/${alert.alert.severity}`), as the Prometheus rules' alerts are:
 * `alertStart` once when a severity starts firing, `alertEnd` once when no tier of it fires any
 * more, and `alertUpdate` in between when the tier holding it up changes.
 *
 * @example
 * ```ts
 * const key = (a: ActiveAlert) => `${a.slo}/${a.alert.severity}`;
 * slo.events.on('alertStart', (a) => pager.trigger(key(a), a.alert.severity));
 * slo.events.on('alertEnd', (a) => pager.resolve(key(a)));
 * ```
 */
export interface SloEvents {
  /** A severity started firing: one of its tiers fires (and, for a ticket, no page does). */
  alertStart: ActiveAlert;
  /**
   * The tier holding up a firing severity changed (the 14.4x page handing over to the 6x page
   * after an outage): the same alert goes on, with the same `since`. Never an end and a start.
   */
  alertUpdate: ActiveAlert;
  /**
   * A severity stopped firing: none of its tiers fires (or, for a ticket, a page began and
   * silenced it). The payload names the tier that held it up last; `since` is when it started.
   */
  alertEnd: ActiveAlert;
  /** `budget().remaining` fell to 0 or below. */
  budgetExhausted: SloBudgetEvent;
  /** `budget().remaining` rose above 0 again. */
  budgetRecovered: SloBudgetEvent;
}
