import {
  assertInRange,
  assertName,
  assertOptions,
  assertPositive,
  show,
} from '../internal/validate.js';
import { DEFAULT_PERIOD_MS, DEFAULT_TIERS, type Tier } from './internal/default-tiers.js';
import { METRIC, promDuration, resolvePrefix } from './internal/metric-names.js';
import { DATASOURCE, layout } from './internal/panels.js';
import {
  breakerPanels,
  regexEscape,
  retryPanels,
  sloPanels,
  type ResolvedSlos,
} from './internal/dashboard-panels.js';

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
