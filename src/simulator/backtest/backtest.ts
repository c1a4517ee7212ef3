import { assertInteger, assertOptions, assertPositive, show } from '../../internal/validate.js';
import { resolveSloOptions } from '../../slo/slo-options.js';
import { defaultStrategies, type AlertStrategy } from './alert-strategy.js';
import type { BacktestOptions } from './backtest-options.js';
import type { BacktestResult } from './backtest-result.js';
import { checkAlertStrategy } from './check-alert-strategy.js';
import { assertIncidentRule, deriveIncidents, periodBudget } from './derive-incidents.js';
import { assertRecordedTraffic, type RecordedTraffic } from './recorded-traffic.js';
import { replayStrategy } from './replay-strategy.js';
import { scoreStrategy } from './score-strategy.js';

const KEYS: readonly (keyof BacktestOptions)[] = [
  'slo',
  'strategies',
  'graceMs',
  'evaluationMs',
  'incidents',
  'incidentRule',
];

/**
 * Replays recorded traffic through one {@link SloTracker} per alerting strategy, in time order on
 * a clock of its own, and scores each strategy against the recording's incidents as the SRE
 * workbook compares them: incidents detected and missed, false alarms, detection and reset times,
 * and the budget spent before the first alert (see `docs/backtest.md` for the rules).
 * Synchronous; about O(steps × strategies).
 *
 * @throws TypeError or RangeError naming the argument or option at fault (`traffic.good`,
 *   `strategies[1].alerts[0].burnRate`, `incidentRule.minBurnRate`); two strategies may not share
 *   a name.
 *
 * @example
 * ```ts
 * import { backtest, backtestSummary, readTraffic } from 'ballast/simulator';
 *
 * const traffic = readTraffic(csvText, { source: 'checkout-week.csv' });
 * const result = backtest(traffic, { slo: { name: 'checkout', objective: 0.999 } });
 * console.log(backtestSummary(result));
 * ```
 */
export function backtest(traffic: RecordedTraffic, options?: BacktestOptions): BacktestResult {
  assertRecordedTraffic(traffic);
  if (options !== undefined) checkKeys(options, 'options', KEYS);
  const slo = options?.slo ?? { name: 'availability', objective: 0.999 };
  const resolved = resolveSloOptions({ ...slo, alerts: false }, 'slo');
  const strategies: readonly AlertStrategy[] =
    options?.strategies ?? defaultStrategies(resolved.objective);
  if (!isNonEmptyArray(strategies)) {
    throw new TypeError(`strategies must be a non-empty array, got ${show(strategies)}`);
  }
  strategies.forEach((strategy, index) => {
    checkAlertStrategy(strategy, `strategies[${index}]`, slo);
    const same = strategies.findIndex((other) => other.name === strategy.name);
    if (same !== index) {
      throw new TypeError(
        `strategies[${index}].name repeats strategies[${same}].name (${show(strategy.name)}): results are told apart by name`,
      );
    }
  });
  const graceMs = options?.graceMs ?? 3_600_000;
  assertInteger(graceMs, 'graceMs', 0);
  const evaluationMs = options?.evaluationMs ?? 30_000;
  assertPositive(evaluationMs, 'evaluationMs');
  const mode = options?.incidents ?? 'auto';
  if (mode !== 'auto' && mode !== 'labelled' && mode !== 'derived') {
    throw new TypeError(`incidents must be 'auto', 'labelled' or 'derived', got ${show(mode)}`);
  }
  const budget = periodBudget(traffic, resolved.objective, resolved.periodMs);
  if (options?.incidentRule !== undefined) assertIncidentRule(options.incidentRule);
  const derive = mode === 'derived' || (mode === 'auto' && traffic.incidents.length === 0);
  const incidents = derive
    ? deriveIncidents(traffic, resolved.objective, budget, options?.incidentRule)
    : traffic.incidents;
  const replaySlo = { ...slo, name: resolved.name };
  let events = 0;
  const requests = traffic.good.map((good, i) => {
    const total = good + traffic.bad[i]!;
    events += total;
    return total;
  });
  return {
    source: traffic.source,
    events,
    fromMs: traffic.fromMs,
    toMs: traffic.fromMs + traffic.good.length * traffic.stepMs,
    stepMs: traffic.stepMs,
    slo: { name: resolved.name, objective: resolved.objective, periodMs: resolved.periodMs },
    incidents,
    requests,
    errorRate: requests.map((total, i) => (total === 0 ? Number.NaN : traffic.bad[i]! / total)),
    strategies: strategies.map((strategy) =>
      scoreStrategy(
        strategy.name,
        replayStrategy(traffic, strategy, replaySlo, evaluationMs),
        incidents,
        traffic,
        budget,
        graceMs,
      ),
    ),
  };
}

/** assertOptions without its narrowing, which would lose the options' own type. */
function checkKeys(value: unknown, path: string, keys: readonly string[]): void {
  assertOptions(value, path, keys);
}

function isNonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
