import {
  assertInRange,
  assertNonNegative,
  assertOptions,
  assertPositive,
} from '../../internal/validate.js';
import type { Incident } from './backtest-result.js';
import type { RecordedTraffic } from './recorded-traffic.js';

/**
 * The rule that finds incidents in a recording without labels.
 *
 * @example
 * ```ts
 * const rule: IncidentRule = { minBurnRate: 2, mergeGapMs: 15 * 60_000, minBudget: 0.01 };
 * ```
 */
export interface IncidentRule {
  /** A step is troubled when its error rate is at least this many times the allowed one (> 0). @default 2 */
  readonly minBurnRate?: number;
  /**
   * Troubled runs this close are one incident (noise leaves holes in a real one); 0 merges only
   * adjacent steps. @default 15 min
   */
  readonly mergeGapMs?: number;
  /**
   * A run is an incident when it spends at least this share of the period's budget, in [0, 1]; 0
   * makes every troubled run an incident. @default 0.01
   */
  readonly minBudget?: number;
}

const RULE_KEYS: readonly (keyof IncidentRule)[] = ['minBurnRate', 'mergeGapMs', 'minBudget'];

/**
 * Checks an {@link IncidentRule}: known keys only, `minBurnRate > 0`, `mergeGapMs >= 0`,
 * `minBudget` in [0, 1].
 *
 * @throws TypeError or RangeError naming `incidentRule.<key>` and the value.
 *
 * @example
 * ```ts
 * assertIncidentRule({ minBurnrate: 2 }); // TypeError: unknown option "incidentRule.minBurnrate" (did you mean "incidentRule.minBurnRate"?)
 * ```
 */
export function assertIncidentRule(rule: unknown): asserts rule is IncidentRule {
  assertOptions(rule, 'incidentRule', RULE_KEYS);
  const { minBurnRate, mergeGapMs, minBudget } = rule as IncidentRule;
  if (minBurnRate !== undefined) assertPositive(minBurnRate, 'incidentRule.minBurnRate');
  if (mergeGapMs !== undefined) assertNonNegative(mergeGapMs, 'incidentRule.mergeGapMs');
  if (minBudget !== undefined) assertInRange(minBudget, 'incidentRule.minBudget', 0, 1, '[]');
}

/**
 * The incidents of a recording without labels: maximal runs of steps whose error rate is at least
 * `minBurnRate` times the allowed one (`1 - objective`), joined across gaps of at most
 * `mergeGapMs`, that spend at least `minBudget` of the period's budget (see {@link periodBudget}).
 * They are named `incident-1`, `incident-2`, ...
 *
 * @example
 * ```ts
 * const incidents = deriveIncidents(traffic, 0.999, periodBudget(traffic, 0.999, 30 * 86_400_000));
 * ```
 */
export function deriveIncidents(
  traffic: RecordedTraffic,
  objective: number,
  budget: number,
  rule: IncidentRule = {},
): Incident[] {
  const minBurnRate = rule.minBurnRate ?? 2;
  const mergeSteps = Math.floor((rule.mergeGapMs ?? 15 * 60_000) / traffic.stepMs);
  const minBudget = rule.minBudget ?? 0.01;
  const allowed = 1 - objective;
  const runs: { first: number; last: number; bad: number }[] = [];
  for (let i = 0; i < traffic.good.length; i++) {
    const bad = traffic.bad[i]!;
    const total = traffic.good[i]! + bad;
    // Forgive rounding, as the tracker does: 1 - 0.999 is a hair over 0.001.
    if (total === 0 || bad < minBurnRate * allowed * total * (1 - 1e-9)) continue;
    const run = runs.at(-1);
    if (run !== undefined && i - run.last - 1 <= mergeSteps) {
      for (let j = run.last + 1; j <= i; j++) run.bad += traffic.bad[j]!;
      run.last = i;
    } else runs.push({ first: i, last: i, bad });
  }
  return runs
    .filter((run) => run.bad >= minBudget * budget)
    .map((run, index) => ({
      id: `incident-${index + 1}`,
      fromMs: traffic.fromMs + run.first * traffic.stepMs,
      toMs: traffic.fromMs + (run.last + 1) * traffic.stepMs,
    }));
}

/**
 * The bad calls the objective allows in one period, at the recording's average traffic:
 * `(1 - objective) * calls * periodMs / recordingMs`. Budget shares in a backtest are of this.
 *
 * @example
 * ```ts
 * periodBudget(traffic, 0.999, 30 * 86_400_000); // a week of 1 000 calls a minute: 43 200
 * ```
 */
export function periodBudget(
  traffic: RecordedTraffic,
  objective: number,
  periodMs: number,
): number {
  let calls = 0;
  for (let i = 0; i < traffic.good.length; i++) calls += traffic.good[i]! + traffic.bad[i]!;
  const recordingMs = traffic.good.length * traffic.stepMs;
  return ((1 - objective) * calls * periodMs) / recordingMs;
}
