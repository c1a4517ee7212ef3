import type { BacktestResult } from '../backtest/backtest-result.js';
import type { SimulationResult } from '../simulation-result.js';
import { incidentScores, strategyScores } from './backtest-figures.js';
import { assertBacktestResult, assertSimulationResult } from './assert-result.js';
import { textTable } from './figure-table.js';
import { formatCount, formatDuration, formatOffset, formatPercent } from './format-figures.js';
import { alertLine, simulationFigures } from './simulation-figures.js';

/**
 * The terminal summary of a simulation: per variant, the load on the dependency and its
 * amplification, what users saw, the breakers, the retries and the SLOs' budgets and alerts.
 *
 * @throws TypeError when `result` is not a `SimulationResult`.
 * @example
 * ```ts
 * console.log(simulationSummary(await simulate(scenario)));
 * ```
 */
export function simulationSummary(result: SimulationResult): string {
  assertSimulationResult(result, 'result');
  const lines = [
    `${result.scenario}: ${formatDuration(result.durationMs)} simulated in steps of ${formatDuration(result.stepMs)}, seed ${result.seed}`,
  ];
  if (result.description !== '') lines.push(result.description);
  if (result.phases.length > 0) {
    const phases = result.phases.map(
      (phase) =>
        `${phase.name} ${formatOffset(phase.fromMs)}${phase.toMs === undefined ? '' : ` to ${formatOffset(phase.toMs)}`}`,
    );
    lines.push(`dependency: ${phases.join(', ')}`);
  }
  lines.push('', textTable(simulationFigures(result)));
  const alerting = result.variants.filter((variant) => variant.alerts.length > 0);
  if (alerting.length > 0) {
    lines.push('', 'alerts');
    for (const variant of alerting) {
      lines.push(`  ${variant.name}`, ...variant.alerts.map((alert) => `    ${alertLine(alert)}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The terminal summary of a backtest: per strategy, incidents detected and missed, false alarms,
 * detection and reset times, and the budget spent before the first alert.
 *
 * @throws TypeError when `result` is not a `BacktestResult`.
 * @example
 * ```ts
 * console.log(backtestSummary(backtest(events, { slo })));
 * ```
 */
export function backtestSummary(result: BacktestResult): string {
  assertBacktestResult(result, 'result');
  const { slo } = result;
  const lines = [
    `${result.source}: ${formatCount(result.events)} calls over ${formatDuration(result.toMs - result.fromMs)} from ${isoTime(result.fromMs)}`,
    `SLO ${slo.name}: ${formatPercent(slo.objective, 3).replace(/\.?0+ %$/, ' %')} over ${formatDuration(slo.periodMs)}`,
    `incidents: ${result.incidents.length}`,
    '',
    textTable(strategyScores(result)),
  ];
  for (const { title, table } of incidentScores(result)) lines.push('', title, textTable(table));
  return `${lines.join('\n')}\n`;
}

/** An epoch time as ISO 8601, or the number itself when it is not a date. */
function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
