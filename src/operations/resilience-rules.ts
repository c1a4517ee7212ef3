import {
  assertInteger,
  assertName,
  assertNonNegative,
  assertOptions,
  assertPositive,
  show,
} from '../internal/validate.js';
import {
  assertLabels,
  matcherText,
  METRIC,
  promDuration,
  resolvePrefix,
} from './internal/metric-names.js';
import { ruleFileYaml as writeRuleFile, type AlertingRule } from './internal/rule-yaml.js';

/**
 * What every alert of {@link resilienceRules} takes: its name, severity, extra labels and runbook.
 *
 * @example
 * ```ts
 * const alert: ResilienceAlertOptions = { name: 'UsersBreakerOpen', severity: 'page' };
 * ```
 */
export interface ResilienceAlertOptions {
  /** The alert's name (`alertname`): `[a-zA-Z_][a-zA-Z0-9_]*`. @default per alert, e.g. 'BallastBreakerOpen' */
  readonly name?: string;
  /** The `severity` label, which Alertmanager routes on. @default per alert */
  readonly severity?: string;
  /** Labels added to this alert, over the shared `labels`. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** The `runbook_url` annotation, in place of the shared `runbookUrl`'s. */
  readonly runbookUrl?: string;
  /** How long the condition must hold before the alert fires (`for:`). @default per alert */
  readonly forMs?: number;
}

/**
 * "A breaker has not closed for `forMs`": it stayed open or half-open (its probes failing).
 *
 * @example
 * ```ts
 * const breakerOpen: BreakerOpenAlertOptions = { forMs: 10 * 60_000, severity: 'ticket' };
 * ```
 */
export type BreakerOpenAlertOptions = ResilienceAlertOptions;

/**
 * "A breaker flaps": it closed and reopened more than `maxChanges` times in `windowMs`.
 *
 * @example
 * ```ts
 * const breakerFlapping: BreakerFlappingAlertOptions = { maxChanges: 6, windowMs: 15 * 60_000 };
 * ```
 */
export interface BreakerFlappingAlertOptions extends ResilienceAlertOptions {
  /** The number of changes into or out of `closed` that is still fine. @default 4 */
  readonly maxChanges?: number;
  /** The window the changes are counted over. @default 15 minutes */
  readonly windowMs?: number;
}

/**
 * "The retry budget refuses retries": give-ups with reason `budget` in the last `windowMs`.
 *
 * @example
 * ```ts
 * const retryBudgetExhausted: RetryBudgetAlertOptions = { windowMs: 10 * 60_000 };
 * ```
 */
export interface RetryBudgetAlertOptions extends ResilienceAlertOptions {
  /** The window the give-ups are counted over. @default 5 minutes */
  readonly windowMs?: number;
}

/**
 * "Too many retries": retries per call above `maxRatio` over `windowMs`.
 *
 * @example
 * ```ts
 * const retryRatio: RetryRatioAlertOptions = { maxRatio: 0.5, forMs: 15 * 60_000 };
 * ```
 */
export interface RetryRatioAlertOptions extends ResilienceAlertOptions {
  /** Retries per call (successes plus give-ups) above which the alert fires. @default 0.2 */
  readonly maxRatio?: number;
  /** The window of the rates. @default 5 minutes */
  readonly windowMs?: number;
}

/**
 * Options of {@link resilienceRules}. Each alert is on by default; `false` leaves it out.
 *
 * @example
 * ```ts
 * const options: ResilienceRulesOptions = {
 *   matchers: { job: 'checkout' },
 *   labels: { team: 'payments' },
 *   runbookUrl: 'https://runbooks.example.com/ballast',
 *   retryRatio: false,
 * };
 * ```
 */
export interface ResilienceRulesOptions {
  /** The prefix given to `instrumentPrometheus`. @default 'ballast_' */
  readonly prefix?: string;
  /** The rule group's name. @default 'ballast-resilience' */
  readonly groupName?: string;
  /** Equality matchers added to every selector, e.g. `{ job: 'checkout' }`. @default {} */
  readonly matchers?: Readonly<Record<string, string>>;
  /** Labels added to every alert, e.g. `{ team: 'payments' }`. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * A runbook for every alert: each gets `runbook_url` set to this URL with the alert's name,
   * lower-cased, as its fragment (`https://runbooks.example.com/ballast#ballastbreakeropen`).
   */
  readonly runbookUrl?: string;
  /** @default `{ name: 'BallastBreakerOpen', severity: 'page', forMs: 5 minutes }` */
  readonly breakerOpen?: BreakerOpenAlertOptions | false;
  /** @default `{ name: 'BallastBreakerFlapping', severity: 'ticket', maxChanges: 4, windowMs: 15 minutes, forMs: 0 }` */
  readonly breakerFlapping?: BreakerFlappingAlertOptions | false;
  /** @default `{ name: 'BallastRetryBudgetExhausted', severity: 'ticket', windowMs: 5 minutes, forMs: 0 }` */
  readonly retryBudgetExhausted?: RetryBudgetAlertOptions | false;
  /** @default `{ name: 'BallastRetryRatioHigh', severity: 'ticket', maxRatio: 0.2, windowMs: 5 minutes, forMs: 10 minutes }` */
  readonly retryRatio?: RetryRatioAlertOptions | false;
}

/**
 * A Prometheus rule file as an object: `groups` of alerting rules. {@link ruleFileYaml} writes it
 * as YAML; a `PrometheusRule` resource takes it as its `spec`.
 *
 * @example
 * ```ts
 * const file: PrometheusRuleFile = resilienceRules();
 * const names = file.groups[0]!.rules.map((rule) => rule.alert);
 * ```
 */
export interface PrometheusRuleFile {
  readonly groups: readonly {
    readonly name: string;
    readonly rules: readonly {
      readonly alert: string;
      readonly expr: string;
      readonly for?: string;
      readonly labels: Readonly<Record<string, string>>;
      readonly annotations: Readonly<Record<string, string>>;
    }[];
  }[];
}

const MINUTE = 60_000;
const ALERT_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const SEVERITY = /^[a-zA-Z0-9_-]+$/;
const BASE_KEYS = ['name', 'severity', 'labels', 'runbookUrl', 'forMs'];
const RESERVED = ['alertname', 'severity'];

/**
 * Prometheus alerting rules for the circuit breakers and retry policies the Prometheus adapter
 * exports, to sit beside the SLO rules of `toPrometheusRules`:
 *
 * - `BallastBreakerOpen`: a breaker has not closed for `forMs` (open, or half-open with failing
 *   probes), per instance;
 * - `BallastBreakerFlapping`: a breaker closed and reopened more than `maxChanges` times in
 *   `windowMs` (changes into or out of `closed`; the open/half-open cycle of a breaker held open is
 *   `BallastBreakerOpen`'s);
 * - `BallastRetryBudgetExhausted`: the retry budget refused retries (give-ups with reason
 *   `budget`) within `windowMs`;
 * - `BallastRetryRatioHigh`: retries per call above `maxRatio` over `windowMs`, for `forMs`.
 *
 * @returns the rule file as an object; {@link ruleFileYaml} writes it for Prometheus.
 * @throws TypeError or RangeError naming a bad option.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { resilienceRules, ruleFileYaml } from 'ballast/operations';
 *
 * const rules = resilienceRules({
 *   labels: { team: 'payments' },
 *   breakerOpen: { forMs: 10 * 60_000 },
 *   runbookUrl: 'https://runbooks.example.com/ballast',
 * });
 * writeFileSync('resilience-rules.yml', ruleFileYaml(rules));
 * ```
 */
export function resilienceRules(options: ResilienceRulesOptions = {}): PrometheusRuleFile {
  const given: unknown = options;
  assertOptions(given, 'options', [
    'prefix',
    'groupName',
    'matchers',
    'labels',
    'runbookUrl',
    'breakerOpen',
    'breakerFlapping',
    'retryBudgetExhausted',
    'retryRatio',
  ]);
  const p = resolvePrefix(options.prefix);
  const groupName = options.groupName ?? 'ballast-resilience';
  assertName(groupName, 'groupName');
  assertLabels(options.matchers, 'matchers', ['state', 'from', 'to', 'reason', 'outcome']);
  assertLabels(options.labels, 'labels', RESERVED);
  if (options.runbookUrl !== undefined) assertUrl(options.runbookUrl, 'runbookUrl');
  const matchers = options.matchers ?? {};
  const sel = (metric: string, extra = '') => `${p}${metric}${matcherText(matchers, extra)}`;
  const shared = { labels: options.labels ?? {}, runbookUrl: options.runbookUrl };
  const rules: AlertingRule[] = [];
  const names = new Set<string>();
  const add = (rule: AlertingRule & { readonly path: string }) => {
    if (names.has(rule.alert)) {
      throw new TypeError(`${rule.path}.name repeats the alert name ${JSON.stringify(rule.alert)}`);
    }
    names.add(rule.alert);
    rules.push({
      alert: rule.alert,
      expr: rule.expr,
      ...(rule.for === undefined ? {} : { for: rule.for }),
      labels: rule.labels,
      annotations: rule.annotations,
    });
  };

  const open = alertOptions(options.breakerOpen, 'breakerOpen', []);
  if (open !== false) {
    const a = resolveAlert(open, 'breakerOpen', shared, 'BallastBreakerOpen', 'page', 5 * MINUTE);
    const held = promDuration(a.forMs);
    add({
      ...a.rule,
      expr: `max without (state) (${sel(METRIC.breakerState, 'state=~"open|half-open"')}) == 1`,
      annotations: a.annotations(
        `Circuit breaker {{ $labels.breaker }} has not closed for ${held}`,
        `Circuit breaker {{ $labels.breaker }} on {{ $labels.instance }} has been open or half-open for more than ${held}: its dependency keeps failing and calls are rejected.`,
      ),
    });
  }

  const flapping = alertOptions(options.breakerFlapping, 'breakerFlapping', [
    'maxChanges',
    'windowMs',
  ]);
  if (flapping !== false) {
    const path = 'breakerFlapping';
    const a = resolveAlert(flapping, path, shared, 'BallastBreakerFlapping', 'ticket', 0);
    const maxChanges = flapping.maxChanges ?? 4;
    assertInteger(maxChanges, `${path}.maxChanges`, 0);
    const window = resolveWindow(flapping.windowMs, `${path}.windowMs`, 15 * MINUTE);
    const changes = (side: string) =>
      `sum without (from, to) (increase(${sel(METRIC.breakerStateChanges, side)}[${window}]))`;
    add({
      ...a.rule,
      expr: `${changes('from="closed"')}\n  + ${changes('to="closed"')}\n> ${maxChanges}`,
      annotations: a.annotations(
        `Circuit breaker {{ $labels.breaker }} is flapping`,
        `Circuit breaker {{ $labels.breaker }} on {{ $labels.instance }} changed between closed and open more than ${maxChanges} times in ${window}: its dependency fails intermittently, or the breaker trips too easily.`,
      ),
    });
  }

  const budget = alertOptions(options.retryBudgetExhausted, 'retryBudgetExhausted', ['windowMs']);
  if (budget !== false) {
    const path = 'retryBudgetExhausted';
    const a = resolveAlert(budget, path, shared, 'BallastRetryBudgetExhausted', 'ticket', 0);
    const window = resolveWindow(budget.windowMs, `${path}.windowMs`, 5 * MINUTE);
    add({
      ...a.rule,
      expr: `sum without (reason) (increase(${sel(METRIC.retryGiveUps, 'reason="budget"')}[${window}])) > 0`,
      annotations: a.annotations(
        `Retry policy {{ $labels.policy }} ran out of retry budget`,
        `The retry budget of {{ $labels.policy }} on {{ $labels.instance }} refused retries in the last ${window}: failures are widespread, and the budget keeps retries from adding to the load.`,
      ),
    });
  }

  const ratio = alertOptions(options.retryRatio, 'retryRatio', ['maxRatio', 'windowMs']);
  if (ratio !== false) {
    const path = 'retryRatio';
    const a = resolveAlert(ratio, path, shared, 'BallastRetryRatioHigh', 'ticket', 10 * MINUTE);
    const maxRatio = ratio.maxRatio ?? 0.2;
    assertPositive(maxRatio, `${path}.maxRatio`);
    const w = resolveWindow(ratio.windowMs, `${path}.windowMs`, 5 * MINUTE);
    const rate = (metric: string) => `rate(${sel(metric)}[${w}])`;
    add({
      ...a.rule,
      expr: [
        `${rate(METRIC.retryRetries)}`,
        `  / (${rate(METRIC.retrySuccesses)} + sum without (reason) (${rate(METRIC.retryGiveUps)}))`,
        `> ${maxRatio}`,
      ].join('\n'),
      annotations: a.annotations(
        `Retry policy {{ $labels.policy }} retries too often`,
        `Retry policy {{ $labels.policy }} on {{ $labels.instance }} made more than ${maxRatio} retries per call over ${w}.`,
      ),
    });
  }

  return { groups: [{ name: groupName, rules }] };
}

/**
 * `file` as a Prometheus rule file (YAML), ready for `promtool check rules` and `rule_files:`.
 *
 * @example
 * ```ts
 * const yaml = ruleFileYaml(resilienceRules());
 * ```
 */
export function ruleFileYaml(file: PrometheusRuleFile): string {
  return writeRuleFile(file.groups, 'Generated by ballast (resilienceRules). Do not edit by hand.');
}

function alertOptions<T extends ResilienceAlertOptions>(
  value: T | false | undefined,
  path: string,
  own: readonly string[],
): T | false {
  if (value === false) return false;
  if (value === undefined) return {} as T;
  const given: unknown = value;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError(`${path} must be an object or false, got ${show(given)}`);
  }
  assertOptions(given, path, [...BASE_KEYS, ...own]);
  return value;
}

interface Shared {
  readonly labels: Readonly<Record<string, string>>;
  readonly runbookUrl: string | undefined;
}

function resolveAlert(
  options: ResilienceAlertOptions,
  path: string,
  shared: Shared,
  defaultName: string,
  defaultSeverity: string,
  defaultFor: number,
) {
  const name = options.name ?? defaultName;
  if (typeof name !== 'string' || !ALERT_NAME.test(name)) {
    throw new TypeError(`${path}.name must match [a-zA-Z_][a-zA-Z0-9_]*, got ${show(name)}`);
  }
  const severity = options.severity ?? defaultSeverity;
  if (typeof severity !== 'string' || !SEVERITY.test(severity)) {
    throw new TypeError(
      `${path}.severity must be a word such as "page" or "ticket", got ${show(severity)}`,
    );
  }
  assertLabels(options.labels, `${path}.labels`, RESERVED);
  const forMs = options.forMs ?? defaultFor;
  assertNonNegative(forMs, `${path}.forMs`);
  if (options.runbookUrl !== undefined) assertUrl(options.runbookUrl, `${path}.runbookUrl`);
  const runbook =
    options.runbookUrl ??
    (shared.runbookUrl === undefined
      ? undefined
      : `${shared.runbookUrl.replace(/#.*$/, '')}#${name.toLowerCase()}`);
  return {
    forMs,
    rule: {
      path,
      alert: name,
      ...(forMs > 0 ? { for: promDuration(forMs) } : {}),
      labels: { ...shared.labels, ...options.labels, severity },
    },
    annotations: (summary: string, description: string): Record<string, string> => ({
      summary,
      description,
      ...(runbook === undefined ? {} : { runbook_url: runbook }),
    }),
  };
}

function resolveWindow(value: unknown, option: string, fallback: number): string {
  const ms = value ?? fallback;
  assertPositive(ms, option);
  if (ms % 1000 !== 0) throw new RangeError(`${option} must be whole seconds, got ${show(ms)}`);
  return promDuration(ms);
}

function assertUrl(value: unknown, option: string): void {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new TypeError(`${option} must be an http(s) URL, got ${show(value)}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(`${option} must not carry credentials (user:password@)`);
  }
}
