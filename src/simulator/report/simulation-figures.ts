import type { AlertSpan, SimulationResult, VariantResult } from '../simulation-result.js';
import { isPage } from './alert-severity.js';
import { worstAmplification } from './worst-amplification.js';
import type { FigureTable } from './figure-table.js';
import {
  NONE,
  formatCount,
  formatDuration,
  formatFactor,
  formatLatency,
  formatOffset,
  formatPercent,
} from './format-figures.js';

/**
 * A simulation's summary figures, one column per variant: the load on the dependency and its
 * amplification, what users saw, each breaker, the retries, the refusals, and each SLO's budget
 * spent and alerts.
 *
 * @example
 * ```ts
 * textTable(simulationFigures(result));
 * ```
 */
export function simulationFigures(result: SimulationResult): FigureTable {
  const { variants } = result;
  const row = (label: string, cell: (variant: VariantResult) => string): string[] => [
    label,
    ...variants.map(cell),
  ];
  const breakers = unique(
    variants.flatMap((variant) => variant.summary.breakers.map((breaker) => breaker.name)),
  );
  const slos = unique(variants.flatMap((variant) => variant.summary.slos.map((slo) => slo.name)));
  const breaker = (variant: VariantResult, name: string) =>
    variant.summary.breakers.find((b) => b.name === name);
  const slo = (variant: VariantResult, name: string) =>
    variant.summary.slos.find((s) => s.name === name);
  // Only when some call was left pending: the success rate is over the settled calls then.
  const pending = variants.some((variant) => (variant.summary.pending ?? 0) > 0)
    ? [row('pending at the end', (v) => formatCount(v.summary.pending ?? Number.NaN))]
    : [];
  return {
    header: ['', ...variants.map((variant) => variant.name)],
    rows: [
      row('requests from users', (v) => formatCount(v.summary.requests)),
      row('calls to the dependency', (v) => formatCount(v.summary.dependencyCalls)),
      row('amplification', (v) => formatFactor(v.summary.amplification)),
      row('amplification, worst minute', (v) =>
        formatFactor(worstAmplification(v.series, result.stepMs)),
      ),
      ...pending,
      row(pending.length > 0 ? 'success rate of settled calls' : 'success rate', (v) =>
        formatPercent(v.summary.successRate),
      ),
      row('latency p50', (v) => formatLatency(v.summary.latencyMs.p50)),
      row('latency p99', (v) => formatLatency(v.summary.latencyMs.p99)),
      ...breakers.flatMap((name) => [
        row(`${name}: time open`, (v) => {
          const b = breaker(v, name);
          return b === undefined ? NONE : formatDuration(b.openMs);
        }),
        row(`${name}: trips`, (v) => formatCount(breaker(v, name)?.trips ?? NaN)),
      ]),
      row('retries', (v) => formatCount(v.summary.retries)),
      row('retries refused by the budget', (v) => formatCount(v.summary.retriesRefused)),
      row('rejected by a layer', (v) => formatCount(v.summary.rejected)),
      row('timeouts', (v) => formatCount(v.summary.timeouts)),
      row('fallbacks', (v) => formatCount(v.summary.fallbacks)),
      ...slos.flatMap((name) => [
        row(`SLO ${name}: budget spent`, (v) => formatPercent(slo(v, name)?.budgetSpent ?? NaN, 1)),
        row(`SLO ${name}: alerts`, (v) => alertCount(slo(v, name)?.alerts)),
      ]),
    ],
  };
}

/**
 * An alert as one line: `checkout page (14.4x) +12m30s to +40m10s`; `still firing` when it
 * had not ended by the end of the run.
 *
 * @example
 * ```ts
 * alertLine({ slo: 'checkout', severity: 'page', burnRate: 14.4, fromMs: 750_000, toMs: undefined }); // 'checkout page (14.4x) +12m30s, still firing at the end'
 * ```
 */
export function alertLine(alert: AlertSpan): string {
  const end =
    alert.toMs === undefined ? ', still firing at the end' : ` to ${formatOffset(alert.toMs)}`;
  return `${alert.slo} ${alert.severity} (${formatFactor(alert.burnRate)}) ${formatOffset(alert.fromMs)}${end}`;
}

function alertCount(alerts: readonly AlertSpan[] | undefined): string {
  if (alerts === undefined) return NONE;
  const pages = alerts.filter((alert) => isPage(alert.severity)).length;
  return alerts.length === 0 ? '0' : `${alerts.length} (${pages} page)`;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
