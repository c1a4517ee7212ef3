import type { TimeSpan } from '../simulation-result.js';

/**
 * What {@link backtest} found: recorded traffic replayed through SLO trackers under each
 * alerting strategy, scored as the SRE workbook compares strategies. Times are milliseconds on
 * the recording's own clock (Unix epoch milliseconds for timestamps).
 *
 * @example
 * ```ts
 * const result: BacktestResult = backtest(events, { slo });
 * for (const strategy of result.strategies) console.log(strategy.name, strategy.detected, strategy.falseAlarms);
 * ```
 */
export interface BacktestResult {
  /** Where the events came from: a file name, or what the caller called it. */
  readonly source: string;
  /** Calls replayed. */
  readonly events: number;
  /** The first event's time. */
  readonly fromMs: number;
  /** Just after the last event's time. */
  readonly toMs: number;
  /** The width of one step of `errorRate` and `requests`. */
  readonly stepMs: number;
  /** The SLO the strategies alert on. */
  readonly slo: { readonly name: string; readonly objective: number; readonly periodMs: number };
  /** The incidents the strategies are scored against, in time order. */
  readonly incidents: readonly Incident[];
  /** Calls per step. */
  readonly requests: readonly number[];
  /** The share of calls that failed, per step (`NaN` for a step without calls). */
  readonly errorRate: readonly number[];
  /** One per strategy compared, in the order given. */
  readonly strategies: readonly StrategyResult[];
}

/**
 * A period of real trouble an alerting strategy should page for.
 *
 * @example
 * ```ts
 * const incident: Incident = { id: 'db-failover', fromMs: 1_700_000_000_000, toMs: 1_700_000_600_000 };
 * ```
 */
export interface Incident extends TimeSpan {
  readonly id: string;
  /** A label from the recording, when it had one. */
  readonly label?: string;
}

/**
 * How one alerting strategy did.
 *
 * @example
 * ```ts
 * const strategy: StrategyResult = result.strategies[0];
 * strategy.incidents.map((i) => i.detectionMs); // how long each incident went unnoticed
 * ```
 */
export interface StrategyResult {
  /** Its name: `'multiwindow, multi-burn-rate'`, `'single window burn rate'`, `'error rate > 0.1 %'`. */
  readonly name: string;
  /** Incidents it alerted on while they lasted. */
  readonly detected: number;
  /** Incidents it never alerted on. */
  readonly missed: number;
  /** Alerts that fired outside every incident. */
  readonly falseAlarms: number;
  /** Every alert it raised, in time order; `incident` is the id of the incident it caught. */
  readonly alerts: readonly (TimeSpan & {
    readonly severity: string;
    /** The highest burn-rate threshold among the tiers that held it up (a plain error-rate threshold: the rate it stands for). */
    readonly burnRate: number;
    readonly incident: string | undefined;
  })[];
  /** One per incident, in the incidents' order. */
  readonly incidents: readonly IncidentScore[];
}

/**
 * How one strategy did on one incident.
 *
 * @example
 * ```ts
 * const score: IncidentScore = { incident: 'db-failover', detectionMs: 120_000, resetMs: 1_800_000, budgetSpentBeforeAlert: 0.021 };
 * ```
 */
export interface IncidentScore {
  readonly incident: string;
  /** From the incident's start to the first alert that caught it; `undefined` when missed. */
  readonly detectionMs: number | undefined;
  /** From the incident's end to the end of the last alert that caught it; `undefined` when missed. */
  readonly resetMs: number | undefined;
  /** The share of the period's error budget the incident spent before the first alert (all of it when missed). */
  readonly budgetSpentBeforeAlert: number;
}
