import type { BurnRateAlert } from './burn-rate-alert.js';
import { show } from '../internal/validate.js';
import { promDuration } from './durations.js';
import type { ResolvedAlert } from './prometheus-alerting.js';
import { indent, sliExpressions } from './prometheus-sli.js';
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
 * page fires. With query templates (`totalQuery`, `badQuery`/`goodQuery`), each ratio is the
 * queries' with the window in place, `(bad) / (total)`, as Sloth writes it.
 *
 * `alerting` ({@link SloAlerting}) sets each alert's name, labels, annotations and `for:`, leaves
 * alerts out, and adds the opt-in `SloDataAbsent` and `SloErrorBudgetExhausted` alerts. Without
 * it, the output is the same as before those options existed.
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
  const shortest = promDuration(windows[0]!)!;
  // One group per SLO, rules in dependency order: Prometheus runs a group's rules in sequence, so
  // the metadata and alerts of an evaluation see the ratios recorded in that same evaluation.
  return {
    name: `ballast-slo-${id}`,
    rules: [...sliRules, ...metaRules(spec, shortest), ...alertRules(spec, shortest)],
  };
}

function sliRule(spec: ResolvedSpec, window: string): Rule {
  const { total, givenOrZero } = sliExpressions(spec.sli);
  const expr =
    spec.sli.bad !== undefined
      ? [...givenOrZero(window), '/', ...total(window)]
      : [
          '(',
          ...indent(total(window)),
          '  -',
          ...indent(givenOrZero(window)),
          ')',
          '/',
          ...total(window),
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

function alertRules(spec: ResolvedSpec, shortest: string): Rule[] {
  const { page, ticket, absent, budgetExhausted } = spec.alerting;
  const pages = spec.slo.alerts.filter((a) => a.severity === 'page');
  const tickets = spec.slo.alerts.filter((a) => a.severity === 'ticket');
  const rules: Rule[] = [];
  if (page !== undefined && pages.length > 0) {
    rules.push(burnAlert(spec, page, 'page', tiersExpr(spec, pages)));
  }
  if (ticket !== undefined && tickets.length > 0) {
    let expr = tiersExpr(spec, tickets);
    // A page silences the tickets, as in the tracker; with no page alert there is nothing to
    // silence them, and the fastest burns must still be heard.
    if (page !== undefined && pages.length > 0) {
      expr = [
        '(',
        ...indent(expr),
        `) unless ignoring (${WINDOW_LABEL}) (`,
        ...indent(tiersExpr(spec, pages)),
        ')',
      ];
    }
    rules.push(burnAlert(spec, ticket, 'ticket', expr));
  }
  const about = '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO';
  if (absent !== undefined) {
    rules.push(
      alertRule(
        absent,
        [
          ...sliExpressions(spec.sli).absent(shortest),
          // absent() gives no labels of its own (only those its selector matches by equality):
          // the ids come from the info series, so that annotations can read them. Only the ids:
          // a label of the spec's may be named `inf` or `nan`, which PromQL reads as a number.
          `* on () group_left (${Object.keys(spec.idLabels).join(', ')})`,
          `sloth_slo_info${matchers(spec.idLabels)}`,
        ],
        // The spec's own labels too, which the series of the other alerts carry.
        { ...spec.labels, severity: 'page' },
        {
          title: `${about} has no data.`,
          summary: `${about} events are missing: its burn-rate alerts cannot fire.`,
        },
      ),
    );
  }
  if (budgetExhausted !== undefined) {
    rules.push(
      alertRule(
        budgetExhausted,
        // No traffic over the period is 0 / 0, NaN, which no comparison holds: it cannot fire.
        [`slo:period_error_budget_remaining:ratio${matchers(spec.idLabels)} <= 0`],
        { sloth_id: spec.id, severity: 'ticket' },
        {
          title: `${about} error budget is exhausted.`,
          summary: `${about} has spent its error budget for the period.`,
        },
      ),
    );
  }
  return rules;
}

function burnAlert(
  spec: ResolvedSpec,
  alert: ResolvedAlert,
  severity: 'page' | 'ticket',
  expr: string[],
): Rule {
  return alertRule(
    alert,
    expr,
    // sloth_id repeats a label the series carry anyway; it keeps two SLOs' alerts distinct rules.
    { sloth_id: spec.id, severity, sloth_severity: severity },
    {
      title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
      summary:
        '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
    },
  );
}

/** An alerting rule: the spec's labels and annotations over the rules' own. */
function alertRule(
  alert: ResolvedAlert,
  expr: string[],
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
): Rule {
  return {
    alert: alert.name,
    expr,
    ...(alert.for === undefined ? {} : { for: alert.for }),
    labels: { ...labels, ...alert.labels },
    annotations: { ...annotations, ...alert.annotations },
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
    const { atLeast } = sliExpressions(spec.sli);
    lines.push('and on ()', ...atLeast(short, tier.shortWindowMs, minimumEvents));
    lines.push('and on ()', ...atLeast(long, tier.longWindowMs, minimumEvents));
  }
  // Without the window label, as Sloth does: an alert keeps one identity while the tier that
  // holds it up changes, so Alertmanager sees one incident, not a resolve and a new alert.
  return [`max without (${WINDOW_LABEL}) (`, ...indent(lines), ')'];
}

function matchers(labels: Readonly<Record<string, string>>): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return `{${parts.join(', ')}}`;
}
