import type { BacktestResult } from '../backtest/backtest-result.js';
import type { FigureTable } from './figure-table.js';
import { NONE, formatDuration, formatOffset, formatPercent } from './format-figures.js';

/**
 * A backtest's scores, one row per strategy: incidents detected and missed, false alarms,
 * alerts raised.
 *
 * @example
 * ```ts
 * textTable(strategyScores(result));
 * ```
 */
export function strategyScores(result: BacktestResult): FigureTable {
  const incidents = result.incidents.length;
  return {
    header: ['strategy', 'detected', 'missed', 'false alarms', 'alerts'],
    rows: result.strategies.map((strategy) => [
      strategy.name,
      `${strategy.detected}/${incidents}`,
      String(strategy.missed),
      String(strategy.falseAlarms),
      String(strategy.alerts.length),
    ]),
  };
}

/**
 * One table per incident, a row per strategy: how long the incident went unnoticed, how long
 * the alert outlived it, and how much of the period's error budget it spent before the first
 * alert (all of it, when missed).
 *
 * @example
 * ```ts
 * incidentScores(result).map(({ title, table }) => `${title}\n${textTable(table)}`);
 * ```
 */
export function incidentScores(result: BacktestResult): { title: string; table: FigureTable }[] {
  return result.incidents.map((incident, index) => {
    const at = (ms: number | undefined): string =>
      ms === undefined ? NONE : formatOffset(ms - result.fromMs);
    const length =
      incident.toMs === undefined
        ? 'to the end'
        : `for ${formatDuration(incident.toMs - incident.fromMs)}`;
    const label = incident.label === undefined ? '' : ` (${incident.label})`;
    return {
      title: `${incident.id}${label}: ${at(incident.fromMs)} ${length}`,
      table: {
        header: [
          'strategy',
          'detected after',
          'reset after the end',
          'budget spent before the alert',
        ],
        rows: result.strategies.map((strategy) => {
          const score = strategy.incidents[index];
          return [
            strategy.name,
            score?.detectionMs === undefined ? 'missed' : formatDuration(score.detectionMs),
            formatDuration(score?.resetMs),
            formatPercent(score?.budgetSpentBeforeAlert ?? NaN),
          ];
        }),
      },
    };
  });
}
