import type { BacktestResult } from '../backtest/backtest-result.js';
import type { TimeSpan } from '../simulation-result.js';
import { isPage } from './alert-severity.js';
import type { Band } from './band-rects.js';
import { formatFactor } from './format-figures.js';
import { stepPoints } from './series-points.js';
import { seriesStyle } from './series-style.js';
import type { TimeAxis } from './time-axis.js';
import { timeChart } from './time-chart.js';

/**
 * The charts of a backtest, its times taken from its first event so that they share the page's
 * axis: the error rate with the incidents behind it and one row of alert bars per strategy
 * (each bar labelled with its tier's burn rate), then the traffic replayed.
 *
 * @example
 * ```ts
 * backtestCharts(result, timeAxis(result.toMs - result.fromMs)).join('');
 * ```
 */
export function backtestCharts(result: BacktestResult, axis: TimeAxis): string[] {
  const { stepMs, fromMs } = result;
  const shift = (span: TimeSpan): TimeSpan => ({
    fromMs: span.fromMs - fromMs,
    toMs: span.toMs === undefined ? undefined : span.toMs - fromMs,
  });
  const incidents: Band[] = result.incidents.map((incident) => ({
    ...shift(incident),
    kind: 'incident',
    label: incident.id,
  }));
  const lanes = result.strategies.map((strategy) => ({
    label: strategy.name,
    bands: strategy.alerts.map((alert): Band => ({
      ...shift(alert),
      kind: isPage(alert.severity) ? 'page' : 'ticket',
      label: `${formatFactor(alert.burnRate)} ${alert.severity}${alert.incident === undefined ? ', false alarm' : ''}`,
    })),
  }));
  return [
    timeChart({
      title: `Error rate of ${result.slo.name}, incidents and each strategy’s alerts`,
      axis,
      strip: incidents,
      stripLabel: 'incidents',
      plot: {
        yTitle: 'calls that failed (%)',
        min: 0,
        series: [
          {
            label: 'error rate',
            style: seriesStyle(0),
            points: stepPoints(result.errorRate, stepMs, (share) => share * 100),
          },
        ],
        bands: incidents,
      },
      lanes,
      emptyLanes: 'no strategy',
    }),
    timeChart({
      title: 'Traffic replayed',
      axis,
      strip: incidents,
      stripLabel: 'incidents',
      plot: {
        yTitle: 'calls per second',
        min: 0,
        series: [
          {
            label: 'calls /s',
            style: seriesStyle(0),
            points: stepPoints(result.requests, stepMs, (n) => n / (stepMs / 1000)),
          },
        ],
      },
    }),
  ];
}
