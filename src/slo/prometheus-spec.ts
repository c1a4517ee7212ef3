import { assertName, assertOptions, show } from '../internal/validate.js';
import { promDuration } from './durations.js';
import { resolveSloOptions, type ResolvedSloOptions, type SloOptions } from './slo-options.js';

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
 *   total: 'http_requests_total{job="checkout"}',
 *   bad: 'http_requests_total{job="checkout",code=~"5.."}',
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
  /**
   * Instead of `total` and `good`/`bad`: PromQL expressions with a `{{.window}}` placeholder (as in
   * Sloth's `events` SLIs) that give the rate of every event and of bad (or good) events over that
   * window, e.g. `sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))`.
   */
  readonly totalQuery?: string;
  /** The rate of bad events over `{{.window}}` (or give `goodQuery`); with `totalQuery`. */
  readonly badQuery?: string;
  /** The rate of good events over `{{.window}}` (or give `badQuery`); with `totalQuery`. */
  readonly goodQuery?: string;
  /**
   * The alerts per severity, as Sloth's `alerting` block gives them: a name, labels and
   * annotations for each, a `for:` duration, or `false` to leave that alert out; and the
   * opt-in "SLO data absent" and "error budget exhausted" alerts (Sloth plugins and Pyrra have
   * them).
   *
   * @default page and ticket alerts named `alertName`, no absent or exhausted alert
   */
  readonly alerting?: SloAlerting;
}

/**
 * What {@link PrometheusSloSpec.alerting} holds.
 *
 * @example
 * ```ts
 * const alerting: SloAlerting = {
 *   page: { labels: { team: 'payments' }, annotations: { runbook_url: 'https://runbooks/slo' } },
 *   ticket: false,
 *   absent: { forMs: 600_000 },
 * };
 * ```
 */
export interface SloAlerting {
  /** The page-severity burn-rate alert. @default enabled, named `alertName` */
  readonly page?: SloAlertRule | false;
  /** The ticket-severity burn-rate alert. @default enabled, named `alertName` */
  readonly ticket?: SloAlertRule | false;
  /** Fires when the SLI has no data (the total series is absent). @default false */
  readonly absent?: SloAlertRule | false;
  /** Fires while the period's error budget is spent. @default false */
  readonly budgetExhausted?: SloAlertRule | false;
}

/**
 * One generated alerting rule's name, labels, annotations and `for:`.
 *
 * @example
 * ```ts
 * const rule: SloAlertRule = { name: 'CheckoutSloPage', annotations: { summary: 'Checkout SLO burning' } };
 * ```
 */
export interface SloAlertRule {
  /** The alert's name. @default the spec's `alertName`, or a name of its own for absent/exhausted */
  readonly name?: string;
  /** Labels added to the alert. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations (`summary`, `description`, `runbook_url`...) added to, or replacing, the defaults. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The rule's `for:` duration in milliseconds. @default none */
  readonly forMs?: number;
}

/** Every key of {@link PrometheusSloSpec}, for the unknown-key check. */
const SPEC_KEYS: readonly (keyof PrometheusSloSpec)[] = [
  'slo',
  'service',
  'total',
  'good',
  'bad',
  'labels',
  'alertName',
];

const SELECTOR = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*\s*)?(?:\{[^\n\r]*\})?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const RESERVED_LABELS = new Set(['severity', 'alertname']);

/** A checked {@link PrometheusSloSpec}. @internal */
export interface ResolvedSpec {
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

/**
 * Checks a spec, naming the field at fault, and works out its ids and labels.
 *
 * @internal
 */
export function resolveSpec(spec: PrometheusSloSpec, path: string): ResolvedSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TypeError(`${path} must be a PrometheusSloSpec object, got ${show(spec)}`);
  }
  assertOptions(spec, path, SPEC_KEYS);
  const slo: ResolvedSloOptions = resolveSloOptions(spec.slo, `${path}.slo`);
  const { service } = spec;
  assertName(service, `${path}.service`);
  const total = selector(spec.total, `${path}.total`);
  const good = spec.good === undefined ? undefined : selector(spec.good, `${path}.good`);
  const bad = spec.bad === undefined ? undefined : selector(spec.bad, `${path}.bad`);
  if ((good === undefined) === (bad === undefined)) {
    throw new TypeError(`${path} must give exactly one of good and bad`);
  }
  const alertName = spec.alertName ?? 'SloErrorBudgetBurn';
  if (typeof alertName !== 'string' || !METRIC_NAME.test(alertName)) {
    throw new TypeError(`${path}.alertName must be a Prometheus name, got ${show(alertName)}`);
  }
  const id = `${service}-${slo.name}`;
  const idLabels = { sloth_id: id, sloth_service: service, sloth_slo: slo.name };
  const labels: Record<string, string> = { ...idLabels };
  const given = spec.labels ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new TypeError(`${path}.labels must be an object of strings, got ${show(given)}`);
  }
  for (const [name, value] of Object.entries(given)) {
    const where = `${path}.labels.${name}`;
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new TypeError(`${where}: not a valid Prometheus label name`);
    }
    if (name.startsWith('sloth_') || RESERVED_LABELS.has(name)) {
      throw new TypeError(`${where}: the rules set this label themselves`);
    }
    if (typeof value !== 'string') {
      throw new TypeError(`${where} must be a string, got ${show(value)}`);
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
        `got ${show(value)}`,
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
