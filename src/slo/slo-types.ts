import type { BurnRateAlert } from './burn-rate-alert.js';

/**
 * A burn-rate alert tier that is firing.
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
  /** The tier that fired; its threshold is `alert.burnRate`. */
  readonly alert: BurnRateAlert;
  /** Clock time when it started. */
  readonly since: number;
  /** The long window's burn rate when the alert last changed (started, or ended). */
  readonly longBurnRate: number;
  /** The short window's burn rate when the alert last changed (started, or ended). */
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
 * The events of an {@link SloTracker}, each with its payload.
 *
 * @example
 * ```ts
 * slo.events.on('alertEnd', (alert) => pager.resolve(`${alert.slo}/${alert.alert.severity}`));
 * ```
 */
export interface SloEvents {
  /** A tier started firing. */
  alertStart: ActiveAlert;
  /** A tier stopped firing (or a page began and silenced it); `since` is when it started. */
  alertEnd: ActiveAlert;
  /** `budget().remaining` fell to 0 or below. */
  budgetExhausted: SloBudgetEvent;
  /** `budget().remaining` rose above 0 again. */
  budgetRecovered: SloBudgetEvent;
}
