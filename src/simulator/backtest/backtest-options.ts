import type { AlertStrategy } from './alert-strategy.js';
import type { IncidentRule } from './derive-incidents.js';
import type { ReplaySlo } from './replay-strategy.js';

/**
 * Options of {@link backtest}.
 *
 * @example
 * ```ts
 * const options: BacktestOptions = {
 *   slo: { name: 'checkout', objective: 0.999 },
 *   strategies: [parseAlertTiers('14.4x:1h/5m'), parseAlertTiers('6x:6h/30m')],
 *   graceMs: 30 * 60_000,
 * };
 * ```
 */
export interface BacktestOptions {
  /**
   * The SLO the strategies alert on: its name, objective, period (`windowMs`) and low-traffic
   * guard (`minimumEvents`), as {@link SloOptions} has them.
   *
   * @default { name: 'availability', objective: 0.999 } (30-day period)
   */
  readonly slo?: ReplaySlo;
  /** The strategies to compare, in order. @default defaultStrategies(slo.objective) */
  readonly strategies?: readonly AlertStrategy[];
  /**
   * How long after an incident's end an alert still belongs to it rather than being a false
   * alarm (the burn windows take a while to forget an incident).
   *
   * @default 3_600_000 (an hour)
   */
  readonly graceMs?: number;
  /** Trackers are evaluated at least this often of recorded time. @default 30_000 */
  readonly evaluationMs?: number;
  /**
   * Which incidents to score against: the recording's labelled ones, those found by the
   * {@link IncidentRule}, or `'auto'`: the labelled ones when there are any.
   *
   * @default 'auto'
   */
  readonly incidents?: 'auto' | 'labelled' | 'derived';
  /** The rule that finds incidents when they are derived. @default {} (its defaults) */
  readonly incidentRule?: IncidentRule;
}
