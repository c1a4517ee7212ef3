import { assertInRange, assertPositive } from '../internal/validate.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * One tier of a multi-window, multi-burn-rate alert: it fires while the error budget burns at
 * least `burnRate` times the sustainable rate over both its long and its short window.
 *
 * The long window makes the alert significant (enough budget is at stake); the short window, a
 * twelfth of it by the workbook's rule of thumb, makes it end soon after the burn stops.
 *
 * @example
 * ```ts
 * // Page when 2 % of a 30-day budget goes in an hour, checked over 1 h and 5 min.
 * const fastBurn: BurnRateAlert = {
 *   severity: 'page',
 *   burnRate: 14.4,
 *   longWindowMs: 60 * 60_000,
 *   shortWindowMs: 5 * 60_000,
 * };
 * ```
 */
export interface BurnRateAlert {
  /** `'page'` wakes someone up; `'ticket'` can wait for working hours. */
  readonly severity: 'page' | 'ticket';
  /**
   * The threshold, as a multiple of the sustainable error rate `1 - objective`: at a burn rate of
   * 1 the budget lasts exactly the period. {@link burnRateForBudget} derives it from a share of
   * the budget.
   */
  readonly burnRate: number;
  /** The window that decides whether enough budget is at stake. At most the SLO's period. */
  readonly longWindowMs: number;
  /** The window that confirms the burn is still going on. Shorter than `longWindowMs`. */
  readonly shortWindowMs: number;
}

/**
 * The burn rate that spends `budgetFraction` of the error budget in `longWindowMs`, for a period
 * of `periodMs`: `budgetFraction * periodMs / longWindowMs`.
 *
 * @param budgetFraction - the share of the budget, in (0, 1].
 * @throws RangeError when a number is out of range or the window is longer than the period.
 *
 * @example
 * ```ts
 * burnRateForBudget(0.02, 60 * 60_000, 30 * 24 * 60 * 60_000); // 14.4
 * ```
 */
export function burnRateForBudget(
  budgetFraction: number,
  longWindowMs: number,
  periodMs: number,
): number {
  assertInRange(budgetFraction, 'budgetFraction', 0, 1, '(]');
  assertPositive(longWindowMs, 'longWindowMs');
  assertPositive(periodMs, 'periodMs');
  if (longWindowMs > periodMs) {
    throw new RangeError(
      `longWindowMs must be at most periodMs (${periodMs}), got ${longWindowMs}`,
    );
  }
  return (budgetFraction * periodMs) / longWindowMs;
}

function tier(
  severity: 'page' | 'ticket',
  burnRate: number,
  longWindowMs: number,
  shortWindowMs: number,
): BurnRateAlert {
  return Object.freeze({ severity, burnRate, longWindowMs, shortWindowMs });
}

/**
 * The SRE Workbook's recommended tiers for a 30-day period ("Alerting on SLOs", table 5-8):
 *
 * | severity | burn rate | long window | short window | budget spent in the long window |
 * | -------- | --------- | ----------- | ------------ | ------------------------------- |
 * | page     | 14.4      | 1 h         | 5 min        | 2 %                             |
 * | page     | 6         | 6 h         | 30 min       | 5 %                             |
 * | ticket   | 3         | 1 day       | 2 h          | 10 %                            |
 * | ticket   | 1         | 3 days      | 6 h          | 10 %                            |
 *
 * Burn rates do not depend on the period, so the tiers suit any period of at least 3 days; the
 * budget share at stake scales with it (at 7 days, the first tier spends 8.6 % in an hour).
 *
 * @example
 * ```ts
 * const slo = new SloTracker({ name: 'api', objective: 0.999, alerts: defaultBurnRateAlerts });
 * ```
 */
export const defaultBurnRateAlerts: readonly BurnRateAlert[] = Object.freeze([
  tier('page', 14.4, HOUR, 5 * MINUTE),
  tier('page', 6, 6 * HOUR, 30 * MINUTE),
  tier('ticket', 3, DAY, 2 * HOUR),
  tier('ticket', 1, 3 * DAY, 6 * HOUR),
]);
