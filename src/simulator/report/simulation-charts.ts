import type { SimulationResult, VariantResult } from '../simulation-result.js';
import { isPage } from './alert-severity.js';
import type { Band } from './band-rects.js';
import { formatFactor } from './format-figures.js';
import { percentOf, stepPoints } from './series-points.js';
import { seriesStyle } from './series-style.js';
import type { TimeAxis } from './time-axis.js';
import { timeChart } from './time-chart.js';

/**
 * The charts of one variant, on the page's shared time axis: the success rate users saw, the
 * load on the dependency beside the users' own rate, the breakers' states, the retry and
 * rejection rates, and each SLO's budget left with its alerts.
 *
 * @example
 * ```ts
 * result.variants.map((variant) => simulationCharts(result, variant, axis).join(''));
 * ```
 */
export function simulationCharts(
  result: SimulationResult,
  variant: VariantResult,
  axis: TimeAxis,
): string[] {
  const { stepMs } = result;
  const { series } = variant;
  const perSecond = (n: number): number => n / (stepMs / 1000);
  const strip: Band[] = result.phases.map((phase) => ({
    ...phase,
    kind: 'phase',
    label: phase.name,
  }));
  const breakers = [...new Set(variant.breakerStates.map((span) => span.breaker))];
  const alertLanes = [
    ...new Set(variant.alerts.map((alert) => `${alert.slo}\u0000${alert.severity}`)),
  ].map((key) => {
    const [slo = '', severity = ''] = key.split('\u0000');
    return {
      label: `${slo}: ${severity}`,
      bands: variant.alerts
        .filter((alert) => alert.slo === slo && alert.severity === severity)
        .map((alert): Band => ({
          fromMs: alert.fromMs,
          toMs: alert.toMs,
          kind: isPage(severity) ? 'page' : 'ticket',
          label: `${severity} ${formatFactor(alert.burnRate)}`,
        })),
    };
  });
  const sloNames = variant.summary.slos.map((slo) => slo.name);
  return [
    timeChart({
      title: 'Success rate seen by users',
      axis,
      strip,
      stripLabel: 'dependency',
      plot: {
        yTitle: 'success (%)',
        min: 0,
        max: 100,
        series: [
          {
            label: 'success rate',
            style: seriesStyle(0),
            points: stepPoints(series.succeeded, stepMs, (n, i) =>
              percentOf(n, series.settled[i] ?? 0),
            ),
          },
        ],
      },
    }),
    timeChart({
      title: 'Load on the dependency, beside the users’ own rate',
      axis,
      strip,
      stripLabel: 'dependency',
      plot: {
        yTitle: 'calls per second',
        min: 0,
        series: [
          {
            label: 'calls to the dependency /s',
            short: 'dependency',
            style: seriesStyle(0),
            points: stepPoints(series.dependencyCalls, stepMs, perSecond),
          },
          {
            label: 'requests from users /s',
            short: 'users',
            style: seriesStyle(1),
            points: stepPoints(series.requests, stepMs, perSecond),
          },
        ],
      },
    }),
    timeChart({
      title: 'Breaker states',
      axis,
      strip,
      stripLabel: 'dependency',
      lanes: breakers.map((breaker) => ({
        label: breaker,
        bands: variant.breakerStates
          .filter((span) => span.breaker === breaker)
          .map((span) => ({ ...span, kind: span.state, label: span.state })),
      })),
      emptyLanes:
        variant.summary.breakers.length === 0
          ? 'no breaker in this stack'
          : 'the breaker stayed closed',
    }),
    timeChart({
      title: 'Retries and rejections',
      axis,
      strip,
      stripLabel: 'dependency',
      plot: {
        yTitle: 'calls per second',
        min: 0,
        series: [
          {
            label: 'retries started /s',
            short: 'retries',
            style: seriesStyle(0),
            points: stepPoints(series.retries, stepMs, perSecond),
          },
          {
            label: 'calls refused by a layer /s',
            short: 'rejected',
            style: seriesStyle(1),
            points: stepPoints(series.rejected, stepMs, perSecond),
          },
        ],
      },
    }),
    timeChart({
      title: 'SLO error budget remaining, and alerts',
      axis,
      strip,
      stripLabel: 'dependency',
      plot: {
        yTitle: 'budget remaining (%)',
        min: 0,
        max: 100,
        series: series.budgetRemaining.map((remaining, i) => ({
          label: `${sloNames[i] ?? `SLO ${i + 1}`} budget remaining`,
          short: sloNames[i] ?? `SLO ${i + 1}`,
          style: seriesStyle(i),
          points: stepPoints(remaining, stepMs, (share) => share * 100, 'end'),
        })),
      },
      lanes: alertLanes,
      emptyLanes: 'no alert fired',
    }),
  ];
}
