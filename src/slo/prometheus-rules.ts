import type { BurnRateAlert } from './burn-rate-alert.js';
import { show } from '../internal/validate.js';
import { promDuration } from './durations.js';
import { resolveSpec, type PrometheusSloSpec, type ResolvedSpec } from './prometheus-spec.js';
import { ruleFile, type Group, type Rule } from './rule-file.js';

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
    throw new TypeError(`slos must be an array of PrometheusSloSpec, got ${show(slos)}`);
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
  // `or vector(0)`: a selector that matches no series (no 5xx on a clean service; no 2xx when
  // every request fails) is 0 events, not an empty result, which would drop the ratio.
  const expr =
    spec.bad !== undefined
      ? [`(sum(rate(${spec.bad}[${window}])) or vector(0))`, '/', total]
      : [
          '(',
          `  ${total}`,
          '  -',
          `  (sum(rate(${spec.good!}[${window}])) or vector(0))`,
          ')',
          '/',
          total,
        ];
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
  // Without the window label, as Sloth does: an alert keeps one identity while the tier that
  // holds it up changes, so Alertmanager sees one incident, not a resolve and a new alert.
  return [`max without (${WINDOW_LABEL}) (`, ...indent(lines), ')'];
}

function matchers(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `{${parts.join(', ')}}`;
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
