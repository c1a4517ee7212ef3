// The panels of grafanaDashboard, row by row. docs/operations.md describes each one.

import type { Tier } from './default-tiers.js';
import { METRIC, promDuration } from './metric-names.js';
import type { PanelSpec, Query } from './panels.js';

const RATE = '$__rate_interval';

/** A selector of the metric with the dashboard's matchers and `matchers`. @internal */
export type Selector = (metric: string, ...matchers: string[]) => string;

/** The SLO definitions as the panels use them. @internal */
export interface ResolvedSlos {
  /** Distinct tiers, each with the SLOs that have it (undefined: every SLO). */
  readonly tiers: readonly { tier: Tier; slos: readonly string[] | undefined }[];
  /** The period labels of the SLOs' windows. */
  readonly periods: readonly string[];
}

/** The SLO row. @internal */
export function sloPanels(sel: Selector, slo: string, resolved: ResolvedSlos): PanelSpec[] {
  const budget = sel(METRIC.sloBudgetRemaining, slo);
  const events = (...m: string[]) => `rate(${sel(METRIC.sloEvents, slo, ...m)}[${RATE}])`;
  const panels: PanelSpec[] = [
    {
      type: 'stat',
      title: 'Error budget remaining',
      description:
        'Share of the error budget left over the SLO period, as each process tracks it (the lowest instance shown); below 0 once overspent.',
      queries: [{ expr: `min by (slo) (${budget})`, legend: '{{slo}}' }],
      unit: 'percentunit',
      steps: [
        { color: 'red', value: null },
        { color: 'orange', value: 0 },
        { color: 'green', value: 0.25 },
      ],
      width: 8,
    },
    {
      type: 'timeseries',
      title: 'SLI against the objective',
      description:
        'Share of good events over the SLO period, per instance, with the objective it must stay above.',
      queries: [
        {
          expr: sel(METRIC.sloSli, slo, `window=~"${resolved.periods.join('|')}"`),
          legend: '{{slo}} SLI over {{window}} ({{instance}})',
        },
        { expr: `max by (slo) (${sel(METRIC.sloObjective, slo)})`, legend: '{{slo}} objective' },
      ],
      unit: 'percentunit',
      max: 1,
      width: 8,
    },
    {
      type: 'state-timeline',
      title: 'Burn-rate alerts firing',
      description:
        'Whether a page or ticket burn-rate alert fires in any instance, as the in-process trackers see it.',
      queries: [
        {
          expr: `max by (slo, severity) (${sel(METRIC.sloAlertActive, slo)})`,
          legend: '{{slo}} {{severity}}',
        },
      ],
      steps: [
        { color: 'green', value: null },
        { color: 'red', value: 1 },
      ],
      mappings: [
        { value: '0', text: 'quiet', color: 'green' },
        { value: '1', text: 'firing', color: 'red' },
      ],
      width: 8,
    },
    {
      type: 'timeseries',
      title: 'SLI across the fleet',
      description:
        'Share of good events across every instance, from the event counters the Prometheus rules read.',
      queries: [
        {
          expr: `1 - (sum by (slo) (${events('outcome="bad"')}) / sum by (slo) (${events()}))`,
          legend: '{{slo}}',
        },
      ],
      unit: 'percentunit',
      max: 1,
      width: 12,
    },
    {
      type: 'timeseries',
      title: 'Events by outcome',
      description: 'Good and bad events per second across the fleet.',
      queries: [{ expr: `sum by (slo, outcome) (${events()})`, legend: '{{slo}} {{outcome}}' }],
      unit: 'ops',
      stacked: true,
      width: 12,
    },
  ];
  for (const { tier, slos } of resolved.tiers) {
    const long = promDuration(tier.longWindowMs);
    const short = promDuration(tier.shortWindowMs);
    const only = slos === undefined ? [] : [`slo=~"${slos.map(regexEscape).join('|')}"`];
    panels.push({
      type: 'timeseries',
      title: `Burn rate, ${tier.severity} tier: ${tier.burnRate}x over ${long} and ${short}`,
      description: `The error budget's burn rate over the tier's two windows; the ${tier.severity} alert fires while both stay above the dashed line (${tier.burnRate}x the sustainable rate).`,
      queries: [
        {
          expr: `max by (slo, window) (${sel(METRIC.sloBurnRate, slo, ...only, `window=~"${long}|${short}"`)})`,
          legend: '{{slo}} {{window}}',
        },
      ],
      min: 0,
      steps: [
        { color: 'green', value: null },
        { color: tier.severity === 'page' ? 'red' : 'orange', value: tier.burnRate },
      ],
      drawThresholds: true,
      width: 12,
    });
  }
  return panels;
}

/** The circuit breaker row. @internal */
export function breakerPanels(sel: Selector, breaker: string): PanelSpec[] {
  const state = (name: string) =>
    `sum without (state) (${sel(METRIC.breakerState, breaker, `state="${name}"`)})`;
  const calls = (...m: string[]) => `rate(${sel(METRIC.breakerCalls, breaker, ...m)}[${RATE}])`;
  return [
    {
      type: 'state-timeline',
      title: 'Breaker state',
      description: 'Each breaker in each instance: closed, half-open, open or isolated.',
      queries: [
        {
          expr: `${state('half-open')} + ${state('open')} * 2 + ${state('isolated')} * 3`,
          legend: '{{breaker}} {{instance}}',
        },
      ],
      steps: [{ color: 'green', value: null }],
      mappings: [
        { value: '0', text: 'closed', color: 'green' },
        { value: '1', text: 'half-open', color: 'yellow' },
        { value: '2', text: 'open', color: 'red' },
        { value: '3', text: 'isolated', color: 'purple' },
      ],
      width: 24,
    },
    {
      type: 'timeseries',
      title: 'Calls by outcome',
      description:
        'Calls per second through each breaker: success, failure, ignored (an error isFailure excluded) and rejected without running.',
      queries: [
        { expr: `sum by (breaker, outcome) (${calls()})`, legend: '{{breaker}} {{outcome}}' },
      ],
      unit: 'ops',
      stacked: true,
      width: 8,
    },
    {
      type: 'timeseries',
      title: 'Rejections',
      description:
        'Calls rejected per second (BrokenCircuitError), and the calls a breaker in shadow mode would have rejected.',
      queries: [
        {
          expr: `sum by (breaker) (${calls('outcome="rejected"')})`,
          legend: '{{breaker}} rejected',
        },
        {
          expr: `sum by (breaker) (rate(${sel(METRIC.breakerShadowRejections, breaker)}[${RATE}]))`,
          legend: '{{breaker}} shadow',
        },
      ],
      unit: 'ops',
      width: 8,
    },
    {
      type: 'timeseries',
      title: 'State changes',
      description: 'State changes per interval, by the state entered.',
      queries: [
        {
          expr: `sum by (breaker, to) (increase(${sel(METRIC.breakerStateChanges, breaker)}[${RATE}]))`,
          legend: '{{breaker}} to {{to}}',
        },
      ],
      min: 0,
      width: 8,
    },
    {
      type: 'timeseries',
      title: 'Call duration (p50, p99)',
      description: 'Quantiles of the duration of the calls each breaker counted.',
      queries: ['0.5', '0.99'].map((q) => ({
        expr: `histogram_quantile(${q}, sum by (breaker, le) (rate(${sel(`${METRIC.breakerDuration}_bucket`, breaker)}[${RATE}])))`,
        legend: `{{breaker}} p${Number(q) * 100}`,
      })),
      unit: 's',
      width: 24,
    },
  ];
}

/** The retry and timeout row. @internal */
export function retryPanels(sel: Selector, policy: string): PanelSpec[] {
  const rate = (metric: string, ...m: string[]) => `rate(${sel(metric, policy, ...m)}[${RATE}])`;
  const retries: Query = {
    expr: `sum by (policy) (${rate(METRIC.retryRetries)})`,
    legend: '{{policy}}',
  };
  return [
    {
      type: 'timeseries',
      title: 'Retries',
      description: 'Retries scheduled per second (attempts after the first).',
      queries: [retries],
      unit: 'ops',
      width: 6,
    },
    {
      type: 'timeseries',
      title: 'Give-ups by reason',
      description:
        'Calls given up per second, by the limit that ended them: attempts, deadline, budget, notRetryable, aborted.',
      queries: [
        {
          expr: `sum by (policy, reason) (${rate(METRIC.retryGiveUps)})`,
          legend: '{{policy}} {{reason}}',
        },
      ],
      unit: 'ops',
      stacked: true,
      width: 6,
    },
    {
      type: 'timeseries',
      title: 'Retries per call',
      description:
        'Retries over calls (successes plus give-ups): 0 when every first attempt succeeds, up to maxAttempts - 1.',
      queries: [
        {
          expr: `${retries.expr} / (sum by (policy) (${rate(METRIC.retrySuccesses)}) + sum by (policy) (${rate(METRIC.retryGiveUps)}))`,
          legend: '{{policy}}',
        },
      ],
      min: 0,
      width: 6,
    },
    {
      type: 'timeseries',
      title: 'Timeouts',
      description: 'Calls per second whose timeout expired in a timeout policy.',
      queries: [{ expr: `sum by (policy) (${rate(METRIC.timeouts)})`, legend: '{{policy}}' }],
      unit: 'ops',
      width: 6,
    },
  ];
}

/** `text` matched literally by a PromQL regex, ready to go between the double quotes of a string. */
export function regexEscape(text: string): string {
  return JSON.stringify(text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).slice(1, -1);
}
