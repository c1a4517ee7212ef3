// The Markdown tables docs/backtest.md shows of a backtest's figures: the doc's test renders them
// from the command's JSON and checks that the doc holds them as they are.
import type { BacktestResult } from '../../src/simulator/index.js';

type Figures = Omit<BacktestResult, 'requests' | 'errorRate'>;

/** `ms` as people read a delay: `0 min`, `2 min`, `3 h 36 min`, `1 d 2 h`. */
export function delayText(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  return hours > 0 ? `${hours} h ${rest} min` : `${rest} min`;
}

/** One row per strategy: detected, missed, false alarms, and per incident detection / reset / budget. */
export function backtestTable(result: Figures): string {
  const head = [
    'strategy',
    'detected',
    'missed',
    'false alarms',
    ...result.incidents.map((i) => i.id),
  ];
  const rows = result.strategies.map((strategy) => [
    `\`${strategy.name}\``,
    String(strategy.detected),
    String(strategy.missed),
    String(strategy.falseAlarms),
    ...strategy.incidents.map((score) =>
      score.detectionMs === undefined
        ? `missed (${percent(score.budgetSpentBeforeAlert)})`
        : `${delayText(score.detectionMs)} / ${delayText(score.resetMs)} (${percent(score.budgetSpentBeforeAlert)})`,
    ),
  ]);
  return [head, head.map(() => '---'), ...rows]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
