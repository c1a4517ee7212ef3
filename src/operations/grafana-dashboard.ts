import {
  assertInRange,
  assertName,
  assertOptions,
  assertPositive,
  show,
} from '../internal/validate.js';
import { DEFAULT_PERIOD_MS, DEFAULT_TIERS, type Tier } from './internal/default-tiers.js';
import { METRIC, promDuration, resolvePrefix } from './internal/metric-names.js';
import { DATASOURCE, layout, type PanelSpec, type Query } from './internal/panels.js';

/**
 * An SLO as the dashboard reads it: an `SloTracker`, its options, or any object with these fields
 * (others are ignored). It adds the SLO's own burn-rate tiers and period to the dashboard.
 *
 * @example
 * ```ts
 * const checkout: DashboardSlo = { name: 'checkout', objective: 0.999 };
 * ```
 */
export interface DashboardSlo {
  /** The SLO's label: the tracker's `name` (or its key in the adapter's `slos` record). */
  readonly name: string;
  /** The objective, in (0, 1). */
  readonly objective: number;
  /** The period. @default 30 days */
  readonly windowMs?: number;
  /** The burn-rate tiers. @default the tracker's defaults (14.4x, 6x page; 3x, 1x ticket) */
  readonly alerts?: readonly {
    readonly severity: string;
    readonly burnRate: number;
    readonly longWindowMs: number;
    readonly shortWindowMs: number;
  }[];
}

/**
 * Options of {@link grafanaDashboard}.
 *
 * @example
 * ```ts
 * const options: GrafanaDashboardOptions = {
 *   title: 'Checkout resilience',
 *   uid: 'checkout-ballast',
 *   prefix: 'shop_',
 *   slos: [{ name: 'checkout', objective: 0.999 }],
 * };
 * ```
 */
export interface GrafanaDashboardOptions {
  /** The dashboard's title. @default 'ballast' */
  readonly title?: string;
  /** The dashboard's uid: 1 to 40 of `[a-zA-Z0-9_-]`. @default 'ballast' */
  readonly uid?: string;
  /** The prefix given to `instrumentPrometheus`. @default 'ballast_' */
  readonly prefix?: string;
  /**
   * SLO definitions whose burn-rate tiers and periods the dashboard draws. Without them it draws
   * the default tiers for every SLO and reads the SLI over the default 30-day period.
   *
   * @default []
   */
  readonly slos?: readonly DashboardSlo[];
}

/**
 * A Grafana dashboard, as JSON: import it through Grafana's UI or API, or provision it from a file.
 *
 * @example
 * ```ts
 * const json = JSON.stringify(grafanaDashboard(), null, 2);
 * ```
 */
export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly schemaVersion: number;
  readonly panels: readonly Readonly<Record<string, unknown>>[];
  readonly templating: { readonly list: readonly Readonly<Record<string, unknown>>[] };
  readonly [field: string]: unknown;
}

const UID = /^[a-zA-Z0-9_-]{1,40}$/;
const SCHEMA_VERSION = 39;
const RATE = '$__rate_interval';

/**
 * A Grafana dashboard (schema 39: Grafana 10.4 and 11) of the metrics the Prometheus adapter
 * exports: per SLO the error budget left, the burn rate over each alert window against its tier's
 * threshold, the SLI against the objective and the alerts firing; per circuit breaker its state
 * over time, its calls by outcome and its rejections; per retry policy its retries, its give-ups by
 * reason and its retries per call; timeouts. Variables `datasource`, `job`, `slo`, `breaker` and
 * `policy` filter every panel. docs/operations.md describes each panel.
 *
 * @returns a JSON-ready object: `JSON.stringify(dashboard, null, 2)` is the file to import.
 * @throws TypeError or RangeError naming a bad option.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { grafanaDashboard } from 'ballast/operations';
 *
 * const dashboard = grafanaDashboard({ title: 'Checkout', slos: [{ name: 'checkout', objective: 0.999 }] });
 * writeFileSync('ballast-dashboard.json', JSON.stringify(dashboard, null, 2));
 * ```
 */
export function grafanaDashboard(options: GrafanaDashboardOptions = {}): GrafanaDashboard {
  const given: unknown = options;
  assertOptions(given, 'options', ['title', 'uid', 'prefix', 'slos']);
  const title = options.title ?? 'ballast';
  assertName(title, 'title');
  const uid = options.uid ?? 'ballast';
  if (typeof uid !== 'string' || !UID.test(uid)) {
    throw new TypeError(`uid must be 1 to 40 of [a-zA-Z0-9_-], got ${show(uid)}`);
  }
  const p = resolvePrefix(options.prefix);
  const slos = resolveSlos(options.slos);

  const job = 'job=~"$job"';
  const sel = (metric: string, ...matchers: string[]): string =>
    `${p}${metric}{${[job, ...matchers].join(',')}}`;
  const slo = 'slo=~"$slo"';
  const breaker = 'breaker=~"$breaker"';
  const policy = 'policy=~"$policy"';

  return {
    uid,
    title,
    description: 'Circuit breakers, retries, timeouts and SLOs instrumented with ballast.',
    tags: ['ballast', 'resilience', 'slo'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    timezone: 'browser',
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    templating: {
      list: [
        {
          name: 'datasource',
          label: 'Data source',
          type: 'datasource',
          query: 'prometheus',
          current: {},
          hide: 0,
          refresh: 1,
          regex: '',
          options: [],
        },
        variable(
          'job',
          'Job',
          `label_values({__name__=~"${regexEscape(p)}(${[
            METRIC.breakerState,
            METRIC.retryRetries,
            METRIC.timeouts,
            METRIC.sloObjective,
          ].join('|')})"}, job)`,
        ),
        variable('slo', 'SLO', `label_values(${sel(METRIC.sloObjective)}, slo)`),
        variable('breaker', 'Breaker', `label_values(${sel(METRIC.breakerState)}, breaker)`),
        variable(
          'policy',
          'Retry or timeout policy',
          `label_values({__name__=~"${regexEscape(p)}(${METRIC.retryRetries}|${METRIC.timeouts})",${job}}, policy)`,
        ),
      ],
    },
    panels: layout([
      { title: 'Service level objectives', panels: sloPanels(sel, slo, slos) },
      { title: 'Circuit breakers', panels: breakerPanels(sel, breaker) },
      { title: 'Retries and timeouts', panels: retryPanels(sel, policy) },
    ]),
  };
}

type Selector = (metric: string, ...matchers: string[]) => string;

interface ResolvedSlos {
  /** Distinct tiers, each with the SLOs that have it (undefined: every SLO). */
  readonly tiers: readonly { tier: Tier; slos: readonly string[] | undefined }[];
  /** The period labels of the SLOs' windows. */
  readonly periods: readonly string[];
}

function sloPanels(sel: Selector, slo: string, resolved: ResolvedSlos): PanelSpec[] {
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

function breakerPanels(sel: Selector, breaker: string): PanelSpec[] {
  const state = (name: string) => sel(METRIC.breakerState, breaker, `state="${name}"`);
  const calls = (...m: string[]) => `rate(${sel(METRIC.breakerCalls, breaker, ...m)}[${RATE}])`;
  return [
    {
      type: 'state-timeline',
      title: 'Breaker state',
      description: 'Each breaker in each instance: closed, half-open, open or isolated.',
      queries: [
        {
          expr: `${state('half-open')} + ignoring(state) (${state('open')} * 2) + ignoring(state) (${state('isolated')} * 3)`,
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

function retryPanels(sel: Selector, policy: string): PanelSpec[] {
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

function variable(name: string, label: string, query: string): Record<string, unknown> {
  return {
    name,
    label,
    type: 'query',
    datasource: DATASOURCE,
    query: { query, refId: `${name}-variable` },
    definition: query,
    refresh: 2,
    includeAll: true,
    allValue: '.*',
    multi: true,
    current: {},
    hide: 0,
    sort: 1,
    regex: '',
    options: [],
  };
}

/** `text` matched literally by a PromQL regex, ready to go between the double quotes of a string. */
function regexEscape(text: string): string {
  return JSON.stringify(text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).slice(1, -1);
}

function resolveSlos(slos: unknown): ResolvedSlos {
  if (slos === undefined) {
    return {
      tiers: DEFAULT_TIERS.map((tier) => ({ tier, slos: undefined })),
      periods: [promDuration(DEFAULT_PERIOD_MS)],
    };
  }
  if (!Array.isArray(slos)) throw new TypeError(`slos must be an array, got ${show(slos)}`);
  const tiers = new Map<string, { tier: Tier; slos: string[] }>();
  const periods = new Set<string>();
  (slos as unknown[]).forEach((slo, i) => {
    const path = `slos[${i}]`;
    if (typeof slo !== 'object' || slo === null) {
      throw new TypeError(`${path} must be an SLO definition, got ${show(slo)}`);
    }
    const { name, objective, windowMs, alerts } = slo as Record<string, unknown>;
    assertName(name, `${path}.name`);
    assertInRange(objective, `${path}.objective`, 0, 1, '()');
    if (windowMs !== undefined) assertPositive(windowMs, `${path}.windowMs`);
    periods.add(promDuration(windowMs ?? DEFAULT_PERIOD_MS));
    if (alerts !== undefined && !Array.isArray(alerts)) {
      throw new TypeError(`${path}.alerts must be an array, got ${show(alerts)}`);
    }
    ((alerts as unknown[] | undefined) ?? DEFAULT_TIERS).forEach((alert, j) => {
      const at = `${path}.alerts[${j}]`;
      if (typeof alert !== 'object' || alert === null) {
        throw new TypeError(`${at} must be a burn-rate tier, got ${show(alert)}`);
      }
      const t = alert as Record<string, unknown>;
      assertName(t.severity, `${at}.severity`);
      assertPositive(t.burnRate, `${at}.burnRate`);
      assertPositive(t.longWindowMs, `${at}.longWindowMs`);
      assertPositive(t.shortWindowMs, `${at}.shortWindowMs`);
      const tier = t as unknown as Tier;
      const key = `${tier.severity}/${tier.burnRate}/${tier.longWindowMs}/${tier.shortWindowMs}`;
      const entry = tiers.get(key) ?? { tier, slos: [] };
      if (!entry.slos.includes(name)) entry.slos.push(name);
      tiers.set(key, entry);
    });
  });
  return { tiers: [...tiers.values()], periods: [...periods] };
}
