import { defaultBurnRateAlerts, type BurnRateAlert } from '../../slo/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * One way of alerting on an SLO, for {@link backtest} to compare: burn-rate tiers, evaluated by an
 * {@link SloTracker} as in production, or a single-window threshold on the burn rate (an error
 * rate `burnRate` times the allowed one), read from a tracker every evaluation.
 *
 * @example
 * ```ts
 * const fastOnly: AlertStrategy = {
 *   name: 'fast burn only',
 *   kind: 'tiers',
 *   alerts: [{ severity: 'page', burnRate: 14.4, longWindowMs: 3_600_000, shortWindowMs: 300_000 }],
 * };
 * const plain: AlertStrategy = { name: 'error rate > 1 %', kind: 'threshold', severity: 'page', burnRate: 10, windowMs: 600_000 };
 * ```
 */
export type AlertStrategy =
  | {
      readonly name: string;
      readonly kind: 'tiers';
      /** Multi-window tiers, as {@link SloOptions.alerts}. */
      readonly alerts: readonly BurnRateAlert[];
    }
  | {
      readonly name: string;
      readonly kind: 'threshold';
      readonly severity: 'page' | 'ticket';
      /** Fires while the burn rate over `windowMs` is at least this. */
      readonly burnRate: number;
      readonly windowMs: number;
    };

/**
 * The SRE workbook's comparison ("Alerting on SLOs"), for an SLO of `objective`:
 * 1. `multiwindow, multi-burn-rate`: {@link defaultBurnRateAlerts} (14.4x 1 h/5 min and 6x
 *    6 h/30 min page, 3x 1 d/2 h and 1x 3 d/6 h ticket), the workbook's recommendation;
 * 2. `single window burn rate`: page at 14.4x over 1 h (2 % of a 30-day budget), the workbook's
 *    "alert on burn rate" at the threshold of the fastest tier of 1. (the workbook's example of
 *    it pages at 36x, 5 % in an hour), so that the comparison shows what the short window and
 *    the slower tiers add;
 * 3. `error rate > 0.1 %` (the allowed error rate): page while the last 10 minutes' error rate
 *    exceeds what the objective allows, the workbook's first, plainest approach.
 *
 * @example
 * ```ts
 * defaultStrategies(0.999).map((s) => s.name);
 * // ['multiwindow, multi-burn-rate', 'single window burn rate', 'error rate > 0.1 %']
 * ```
 */
export function defaultStrategies(objective: number): readonly AlertStrategy[] {
  const allowedPercent = Number(((1 - objective) * 100).toPrecision(6));
  return [
    { name: 'multiwindow, multi-burn-rate', kind: 'tiers', alerts: defaultBurnRateAlerts },
    {
      name: 'single window burn rate',
      kind: 'threshold',
      severity: 'page',
      burnRate: 14.4,
      windowMs: HOUR,
    },
    {
      name: `error rate > ${allowedPercent} %`,
      kind: 'threshold',
      severity: 'page',
      burnRate: 1,
      windowMs: 10 * MINUTE,
    },
  ];
}
