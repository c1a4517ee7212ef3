import { assertInteger, assertOptions, assertPositive, show } from '../../internal/validate.js';
import { resolveSloOptions } from '../../slo/slo-options.js';
import { defaultStrategies, type AlertStrategy } from './alert-strategy.js';
import type { BacktestOptions } from './backtest-options.js';
import type { BacktestResult } from './backtest-result.js';
import { deriveIncidents, periodBudget } from './derive-incidents.js';
import type { RecordedTraffic } from './recorded-traffic.js';
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
 * @throws TypeError or RangeError naming the option at fault (`strategies[1].alerts[0].burnRate`).
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
  if (options !== undefined) checkKeys(options, 'options', KEYS);
  const slo = options?.slo ?? { name: 'availability', objective: 0.999 };
  const resolved = resolveSloOptions({ ...slo, alerts: false }, 'slo');
  const strategies: readonly AlertStrategy[] =
    options?.strategies ?? defaultStrategies(resolved.objective);
  if (!isNonEmptyArray(strategies)) {
    throw new TypeError(`strategies must be a non-empty array, got ${show(strategies)}`);
  }
  strategies.forEach((strategy, index) => checkStrategy(strategy, index, slo));
  const graceMs = options?.graceMs ?? 3_600_000;
  assertInteger(graceMs, 'graceMs', 0);
  const evaluationMs = options?.evaluationMs ?? 30_000;
  assertPositive(evaluationMs, 'evaluationMs');
  const mode = options?.incidents ?? 'auto';
  if (mode !== 'auto' && mode !== 'labelled' && mode !== 'derived') {
    throw new TypeError(`incidents must be 'auto', 'labelled' or 'derived', got ${show(mode)}`);
  }
  const budget = periodBudget(traffic, resolved.objective, resolved.periodMs);
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

/** Checks a strategy as the tracker would, so that its errors name `strategies[i]`. */
function checkStrategy(
  strategy: AlertStrategy,
  index: number,
  slo: BacktestOptions['slo'] & object,
): void {
  const path = `strategies[${index}]`;
  if (typeof strategy !== 'object' || strategy === null) {
    throw new TypeError(`${path} must be an AlertStrategy, got ${show(strategy)}`);
  }
  if (typeof strategy.name !== 'string' || strategy.name === '') {
    throw new TypeError(`${path}.name must be a non-empty string, got ${show(strategy.name)}`);
  }
  if (strategy.kind === 'tiers') {
    checkKeys(strategy, path, ['name', 'kind', 'alerts']);
    resolveSloOptions({ ...slo, alerts: strategy.alerts }, path);
    return;
  }
  if (strategy.kind !== 'threshold') {
    throw new TypeError(
      `${path}.kind must be 'tiers' or 'threshold', got ${show((strategy as { kind: unknown }).kind)}`,
    );
  }
  checkKeys(strategy, path, ['name', 'kind', 'severity', 'burnRate', 'windowMs']);
  if (strategy.severity !== 'page' && strategy.severity !== 'ticket') {
    throw new TypeError(
      `${path}.severity must be 'page' or 'ticket', got ${show(strategy.severity)}`,
    );
  }
  assertPositive(strategy.burnRate, `${path}.burnRate`);
  assertPositive(strategy.windowMs, `${path}.windowMs`);
  const periodMs = slo.windowMs ?? 30 * 86_400_000;
  if (strategy.windowMs > periodMs) {
    throw new RangeError(
      `${path}.windowMs must be at most the SLO's period (${periodMs}), got ${strategy.windowMs}`,
    );
  }
}

/** assertOptions without its narrowing, which would lose the options' own type. */
function checkKeys(value: unknown, path: string, keys: readonly string[]): void {
  assertOptions(value, path, keys);
}

function isNonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
