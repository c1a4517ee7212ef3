import type { BurnRateAlert } from './burn-rate-alert.js';
import { promDuration } from './durations.js';
import { resolveSloOptions, type ResolvedSloOptions, type SloOptions } from './slo-options.js';
import { ruleFile, type Group, type Rule } from './rule-file.js';

/**
 * One SLO for {@link toPrometheusRules}: the same definition an {@link SloTracker} takes, plus the
 * PromQL series selectors of the counters that count its events across the fleet.
 *
 * Give `total` and exactly one of `good` or `bad`. Each is a series selector (a metric name and/or
 * `{matchers}`), not an expression: the rules wrap it in `sum(rate(...[window]))`.
 *
 * @example
 * ```ts
 * const spec: PrometheusSloSpec = {
 *   slo: { name: 'availability', objective: 0.999 },
 *   service: 'checkout',
 *   total: 'ballast_slo_events_total{slo="checkout"}',
 *   good: 'ballast_slo_good_events_total{slo="checkout"}',
 *   labels: { team: 'payments' },
 * };
 * ```
 */
export interface PrometheusSloSpec {
  /**
   * The SLO: `name` (the `sloth_slo` label), `objective`, `windowMs`, `alerts` and
   * `minimumEvents`, with the tracker's defaults. Passing a tracker's whole options object is fine:
   * `latencyThresholdMs` and `clock` are ignored, since the `good` or `bad` counter already decides
   * which events are good.
   */
  readonly slo: Pick<SloOptions, 'name' | 'objective' | 'windowMs' | 'alerts' | 'minimumEvents'>;
  /** The service the SLO belongs to: the `sloth_service` label; `sloth_id` is `service-name`. */
  readonly service: string;
  /** Selector of the counter of every event. */
  readonly total: string;
  /** Selector of the counter of good events (or give `bad`). */
  readonly good?: string;
  /** Selector of the counter of bad events (or give `good`). */
  readonly bad?: string;
  /** Labels added to every rule of this SLO, e.g. `{ team: 'payments' }`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The alerts' name. @default 'SloErrorBudgetBurn' */
  readonly alertName?: string;
}

const SELECTOR = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*\s*)?(?:\{[^\n\r]*\})?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const RESERVED_LABELS = new Set(['severity', 'alertname']);
const WINDOW_LABEL = 'sloth_window';

/**
 * A Prometheus rule file (YAML) that computes the same SLOs across a fleet: the error ratio over
 * every alert window and the period, the budget left, and the multi-window, multi-burn-rate alerts
 * with `severity` labels. Names and labels follow Sloth (`slo:sli_error:ratio_rate5m`,
 * `slo:period_error_budget_remaining:ratio`, `sloth_id`, `sloth_service`, `sloth_slo`, ...), so
 * Sloth's Grafana dashboards work on them.
 *
 * Every ratio is a ratio of sums, `sum(rate(bad[w])) / sum(rate(total[w]))`, never an average of
 * ratios, and the alerts fire on the same conditions as {@link SloTracker}: both windows at or
 * above the burn rate, each with at least `minimumEvents` events, and ticket tiers silent while a
 * page fires.
 *
 * @throws RangeError or TypeError naming the spec and field at fault.
 *
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import { toPrometheusRules } from 'ballast/slo';
 *
 * await writeFile(
 *   'slo-rules.yml',
 *   toPrometheusRules([
 *     {
 *       slo: { name: 'availability', objective: 0.999 },
 *       service: 'checkout',
 *       total: 'http_requests_total{job="checkout"}',
 *       bad: 'http_requests_total{job="checkout",code=~"5.."}',
 *     },
 *   ]),
 * );
 * ```
 */
export function toPrometheusRules(slos: readonly PrometheusSloSpec[]): string {
  if (!Array.isArray(slos)) {
    throw new TypeError(`slos must be an array of PrometheusSloSpec, got ${typeof slos}`);
  }
  const seen = new Set<string>();
  const groups = (slos as readonly PrometheusSloSpec[]).map((spec, index) => {
    const resolved = resolveSpec(spec, `slos[${index}]`);
    if (seen.has(resolved.id)) {
      throw new RangeError(`slos[${index}] repeats sloth_id ${JSON.stringify(resolved.id)}`);
    }
    seen.add(resolved.id);
    return groupFor(resolved);
  });
  return ruleFile(groups);
}

interface ResolvedSpec {
  readonly id: string;
  readonly slo: ResolvedSloOptions;
  readonly periodWindow: string;
  readonly total: string;
  readonly good: string | undefined;
  readonly bad: string | undefined;
  /** `sloth_id`, `sloth_service` and `sloth_slo`. */
  readonly idLabels: Readonly<Record<string, string>>;
  /** The id labels and the spec's own. */
  readonly labels: Readonly<Record<string, string>>;
  readonly alertName: string;
}

function resolveSpec(spec: PrometheusSloSpec, path: string): ResolvedSpec {
  if (typeof spec !== 'object' || spec === null) {
    throw new TypeError(`${path} must be a PrometheusSloSpec object, got ${String(spec)}`);
  }
  let slo: ResolvedSloOptions;
  try {
    slo = resolveSloOptions({ ...spec.slo });
  } catch (error) {
    const Type = error instanceof TypeError ? TypeError : RangeError;
    throw new Type(`${path}.slo.${(error as Error).message}`, { cause: error });
  }
  const { service } = spec;
  if (typeof service !== 'string' || service === '') {
    throw new TypeError(`${path}.service must be a non-empty string, got ${String(service)}`);
  }
  const total = selector(spec.total, `${path}.total`);
  const good = spec.good === undefined ? undefined : selector(spec.good, `${path}.good`);
  const bad = spec.bad === undefined ? undefined : selector(spec.bad, `${path}.bad`);
  if ((good === undefined) === (bad === undefined)) {
    throw new TypeError(`${path} must give exactly one of good and bad`);
  }
  const alertName = spec.alertName ?? 'SloErrorBudgetBurn';
  if (typeof alertName !== 'string' || !METRIC_NAME.test(alertName)) {
    throw new TypeError(`${path}.alertName must be a Prometheus name, got ${String(alertName)}`);
  }
  const id = `${service}-${slo.name}`;
  const idLabels = { sloth_id: id, sloth_service: service, sloth_slo: slo.name };
  const labels: Record<string, string> = { ...idLabels };
  for (const [name, value] of Object.entries(spec.labels ?? {})) {
    const where = `${path}.labels.${name}`;
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new TypeError(`${where}: not a valid Prometheus label name`);
    }
    if (name.startsWith('sloth_') || RESERVED_LABELS.has(name)) {
      throw new TypeError(`${where}: the rules set this label themselves`);
    }
    if (typeof value !== 'string') {
      throw new TypeError(`${where} must be a string, got ${typeof value}`);
    }
    labels[name] = value;
  }
  const periodWindow = windowOf(slo.periodMs, `${path}.slo.windowMs`);
  slo.alerts.forEach((alert, i) => {
    windowOf(alert.longWindowMs, `${path}.slo.alerts[${i}].longWindowMs`);
    windowOf(alert.shortWindowMs, `${path}.slo.alerts[${i}].shortWindowMs`);
  });
  return { id, slo, periodWindow, total, good, bad, idLabels, labels, alertName };
}

function selector(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '' || !SELECTOR.test(value.trim())) {
    throw new TypeError(
      `${path} must be a series selector such as 'http_requests_total{job="api"}', ` +
        `got ${JSON.stringify(value)}`,
    );
  }
  return value.trim();
}

function windowOf(ms: number, path: string): string {
  const window = promDuration(ms);
  if (window === undefined) {
    throw new RangeError(`${path} must be a whole number of milliseconds for PromQL, got ${ms}`);
  }
  return window;
}

const FIVE_MINUTES_MS = 300_000;

function groupFor(spec: ResolvedSpec): Group {
  const { slo, id } = spec;
  const windows = [
    ...new Set([
      Math.min(FIVE_MINUTES_MS, slo.periodMs),
      ...slo.alerts.flatMap((a) => [a.shortWindowMs, a.longWindowMs]),
    ]),
  ].sort((a, b) => a - b);
  const sliRules: Rule[] = windows.map((ms) => sliRule(spec, promDuration(ms)!));
  if (!windows.includes(slo.periodMs)) sliRules.push(sliRule(spec, spec.periodWindow));
  // One group per SLO, rules in dependency order: Prometheus runs a group's rules in sequence, so
  // the metadata and alerts of an evaluation see the ratios recorded in that same evaluation.
  return {
    name: `ballast-slo-${id}`,
    rules: [...sliRules, ...metaRules(spec, promDuration(windows[0]!)!), ...alertRules(spec)],
  };
}

function sliRule(spec: ResolvedSpec, window: string): Rule {
  const total = `sum(rate(${spec.total}[${window}]))`;
  const expr =
    spec.bad !== undefined
      ? [`sum(rate(${spec.bad}[${window}]))`, '/', total]
      : ['(', `  ${total}`, '  -', `  sum(rate(${spec.good!}[${window}]))`, ')', '/', total];
  return {
    record: `slo:sli_error:ratio_rate${window}`,
    expr,
    labels: { ...spec.labels, [WINDOW_LABEL]: window },
  };
}

function metaRules(spec: ResolvedSpec, shortest: string): Rule[] {
  const { slo, labels } = spec;
  const filter = matchers(spec.idLabels);
  const on = 'on(sloth_id, sloth_slo, sloth_service) group_left';
  return [
    { record: 'slo:objective:ratio', expr: [`vector(${slo.objective})`], labels },
    { record: 'slo:error_budget:ratio', expr: [`vector(${slo.errorBudget})`], labels },
    {
      record: 'slo:time_period:days',
      expr: [`vector(${Number((slo.periodMs / 86_400_000).toPrecision(12))})`],
      labels,
    },
    {
      record: 'slo:current_burn_rate:ratio',
      expr: [
        `slo:sli_error:ratio_rate${shortest}${filter}`,
        `/ ${on}`,
        `slo:error_budget:ratio${filter}`,
      ],
      labels,
    },
    {
      record: 'slo:period_burn_rate:ratio',
      expr: [
        `slo:sli_error:ratio_rate${spec.periodWindow}${filter}`,
        `/ ${on}`,
        `slo:error_budget:ratio${filter}`,
      ],
      labels,
    },
    {
      record: 'slo:period_error_budget_remaining:ratio',
      expr: [`1 - slo:period_burn_rate:ratio${filter}`],
      labels,
    },
    {
      record: 'sloth_slo_info',
      expr: ['vector(1)'],
      labels: {
        ...labels,
        sloth_mode: 'ballast',
        sloth_spec: 'ballast/v1',
        sloth_objective: String(Number((slo.objective * 100).toPrecision(12))),
      },
    },
  ];
}

function alertRules(spec: ResolvedSpec): Rule[] {
  const pages = spec.slo.alerts.filter((a) => a.severity === 'page');
  const tickets = spec.slo.alerts.filter((a) => a.severity === 'ticket');
  const rules: Rule[] = [];
  if (pages.length > 0) rules.push(alertRule(spec, 'page', tiersExpr(spec, pages)));
  if (tickets.length > 0) {
    let expr = tiersExpr(spec, tickets);
    // A page silences the tickets, as in the tracker.
    if (pages.length > 0) {
      expr = [
        '(',
        ...indent(expr),
        `) unless ignoring (${WINDOW_LABEL}) (`,
        ...indent(tiersExpr(spec, pages)),
        ')',
      ];
    }
    rules.push(alertRule(spec, 'ticket', expr));
  }
  return rules;
}

function alertRule(spec: ResolvedSpec, severity: 'page' | 'ticket', expr: string[]): Rule {
  return {
    alert: spec.alertName,
    expr,
    // sloth_id repeats a label the series carry anyway; it keeps two SLOs' alerts distinct rules.
    labels: { sloth_id: spec.id, severity, sloth_severity: severity },
    annotations: {
      title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
      summary:
        '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
    },
  };
}

/** The tiers `or`ed together, each one both windows at or above its threshold. */
function tiersExpr(spec: ResolvedSpec, tiers: readonly BurnRateAlert[]): string[] {
  const lines: string[] = [];
  tiers.forEach((tier, index) => {
    if (index > 0) lines.push(`or ignoring (${WINDOW_LABEL})`);
    lines.push('(', ...indent(tierExpr(spec, tier)), ')');
  });
  return lines;
}

function tierExpr(spec: ResolvedSpec, tier: BurnRateAlert): string[] {
  const { errorBudget, minimumEvents } = spec.slo;
  const threshold = Number((tier.burnRate * errorBudget).toPrecision(12));
  const filter = matchers(spec.idLabels);
  const short = promDuration(tier.shortWindowMs)!;
  const long = promDuration(tier.longWindowMs)!;
  const lines = [
    `(slo:sli_error:ratio_rate${short}${filter} >= ${threshold})`,
    `and ignoring (${WINDOW_LABEL})`,
    `(slo:sli_error:ratio_rate${long}${filter} >= ${threshold})`,
  ];
  if (minimumEvents > 1) {
    // Prometheus's increase() extrapolates, so this guard is close to, not exactly, the tracker's.
    for (const window of [short, long]) {
      lines.push('and on ()', `(sum(increase(${spec.total}[${window}])) >= ${minimumEvents})`);
    }
  }
  return lines;
}

function matchers(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `{${parts.join(', ')}}`;
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
