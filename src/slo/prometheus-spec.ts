import { assertName, assertOptions, show } from '../internal/validate.js';
import { promDuration } from './durations.js';
import {
  labelsOf,
  resolveAlerting,
  specReserved,
  type ResolvedAlerting,
} from './prometheus-alerting.js';
import { resolveSli, type ResolvedSli } from './prometheus-sli.js';
import { resolveSloOptions, type ResolvedSloOptions, type SloOptions } from './slo-options.js';

/**
 * One SLO for {@link toPrometheusRules}: the same definition an {@link SloTracker} takes, plus the
 * PromQL that counts its events across the fleet, in one of two forms:
 *
 * - **series selectors**: `total` and exactly one of `good` or `bad`, each a metric name and/or
 *   `{matchers}`, not an expression: the rules wrap it in `sum(rate(...[window]))`;
 * - **query templates**: `totalQuery` and exactly one of `goodQuery` or `badQuery`, PromQL with a
 *   `{{.window}}` placeholder, as Sloth's `events` SLIs give them.
 *
 * `alerting` names, labels, annotates, delays or leaves out each alert, and adds the opt-in
 * "SLO data absent" and "error budget exhausted" alerts.
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
  /** Selector of the counter of every event (or give `totalQuery`). */
  readonly total?: string;
  /** Selector of the counter of good events (or give `bad`); with `total`. */
  readonly good?: string;
  /** Selector of the counter of bad events (or give `good`); with `total`. */
  readonly bad?: string;
  /** Labels added to every rule of this SLO, e.g. `{ team: 'payments' }`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The burn-rate alerts' name (see {@link SloAlertRule.name}). @default 'SloErrorBudgetBurn' */
  readonly alertName?: string;
  /**
   * Instead of `total`: PromQL that gives the rate (per second) of every event over `{{.window}}`,
   * which the rules replace with each window (`5m`, `1h`, ... and the period), as in Sloth's
   * `events` SLIs: `sum(rate(http_requests_total{job="api"}[{{.window}}]))`. Write the placeholder
   * `{{.window}}` (or `{{ .window }}`); nothing else may be templated. Aggregate to one series, as
   * the selector form does with `sum`: the ratios, the low-traffic guard and the absent alert treat
   * the result as the SLO's one stream of events.
   */
  readonly totalQuery?: string;
  /**
   * The rate of bad events over `{{.window}}` (or give `goodQuery`); with `totalQuery`. The error
   * ratio is `(badQuery or vector(0)) / (totalQuery)`: Sloth's, plus the `or vector(0)` that
   * makes a query that finds no bad series 0 bad events rather than no ratio at all.
   */
  readonly badQuery?: string;
  /**
   * The rate of good events over `{{.window}}` (or give `badQuery`); with `totalQuery`. The error
   * ratio is `((totalQuery) - (goodQuery or vector(0))) / (totalQuery)`.
   */
  readonly goodQuery?: string;
  /**
   * Each alert's name, labels, annotations and `for:`, or `false` to leave it out (Sloth's
   * `disable: true`); and the opt-in "SLO data absent" and "error budget exhausted" alerts (Sloth's
   * contrib plugin and Pyrra have them).
   *
   * @default page and ticket alerts named `alertName`, no absent or exhausted alert
   */
  readonly alerting?: SloAlerting;
}

/**
 * What {@link PrometheusSloSpec.alerting} holds: one {@link SloAlertRule}, or `false`, per alert.
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
  /**
   * The page burn-rate alert: labels `severity: page` and `sloth_severity: page`. With `false`,
   * no page alert, and the ticket alert is no longer held quiet while a page tier fires: nobody
   * would hear the fastest burns otherwise. (To drop the page tiers from the tracker as well,
   * leave them out of `slo.alerts`.)
   *
   * @default enabled, named `alertName`
   */
  readonly page?: SloAlertRule | false;
  /**
   * The ticket burn-rate alert: labels `severity: ticket` and `sloth_severity: ticket`.
   *
   * @default enabled, named `alertName`
   */
  readonly ticket?: SloAlertRule | false;
  /**
   * Fires when the SLO has no events to measure, so that no burn-rate alert can fire: with
   * selectors, `absent(total)`, at once when the total series go stale; with query templates,
   * `absent(totalQuery)` over the shortest window, once that window holds too few samples to give
   * a rate. Named `SloDataAbsent`, labelled `severity: page`; its `for:` defaults to the time the
   * fastest tier takes to fire when every event is bad, rounded up to a minute (at least one), as
   * Pyrra does: 1 minute at 99.9 % with the default tiers, 9 minutes at 99 %.
   *
   * @default false
   */
  readonly absent?: SloAlertRule | false;
  /**
   * Fires while the period's error budget is spent, `slo:period_error_budget_remaining:ratio <= 0`,
   * as the tracker's `budgetExhausted` event (never without events in the period). Named
   * `SloErrorBudgetExhausted`, labelled `severity: ticket`, no `for:`.
   *
   * @default false
   */
  readonly budgetExhausted?: SloAlertRule | false;
}

/**
 * One generated alerting rule's name, labels, annotations and `for:`.
 *
 * @example
 * ```ts
 * const rule: SloAlertRule = {
 *   name: 'CheckoutSloPage',
 *   labels: { severity: 'critical', team: 'payments' },
 *   annotations: { runbook_url: 'https://runbooks/checkout-slo' },
 *   forMs: 120_000,
 * };
 * ```
 */
export interface SloAlertRule {
  /**
   * The alert's name, a Prometheus metric name.
   *
   * @default the spec's `alertName` for page and ticket; `SloDataAbsent`, `SloErrorBudgetExhausted`
   */
  readonly name?: string;
  /**
   * Labels added to the alert, over the rules' own: `severity` may be replaced (Sloth's examples
   * route on it); `alertname` and the `sloth_*` labels may not.
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations (`summary`, `description`, `runbook_url`...) added to, or replacing, the rules'
   * `title` and `summary`. Prometheus expands them as templates: `{{$labels.sloth_slo}}`,
   * `{{$value}}`.
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The rule's `for:`, in milliseconds: how long the condition must hold before the alert fires.
   * 0 for none.
   *
   * @default none (for `absent`, see {@link SloAlerting.absent})
   */
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
  'totalQuery',
  'goodQuery',
  'badQuery',
  'alerting',
];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A checked {@link PrometheusSloSpec}. @internal */
export interface ResolvedSpec {
  readonly id: string;
  readonly slo: ResolvedSloOptions;
  readonly periodWindow: string;
  /** The events: selectors or query templates. */
  readonly sli: ResolvedSli;
  /** `sloth_id`, `sloth_service` and `sloth_slo`. */
  readonly idLabels: Readonly<Record<string, string>>;
  /** The id labels and the spec's own. */
  readonly labels: Readonly<Record<string, string>>;
  readonly alerting: ResolvedAlerting;
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
  const sli = resolveSli(spec, path);
  const alertName = spec.alertName ?? 'SloErrorBudgetBurn';
  if (typeof alertName !== 'string' || !METRIC_NAME.test(alertName)) {
    throw new TypeError(`${path}.alertName must be a Prometheus name, got ${show(alertName)}`);
  }
  const id = `${service}-${slo.name}`;
  const idLabels = { sloth_id: id, sloth_service: service, sloth_slo: slo.name };
  const labels = { ...idLabels, ...labelsOf(spec.labels, `${path}.labels`, specReserved) };
  const periodWindow = windowOf(slo.periodMs, `${path}.slo.windowMs`);
  slo.alerts.forEach((alert, i) => {
    windowOf(alert.longWindowMs, `${path}.slo.alerts[${i}].longWindowMs`);
    windowOf(alert.shortWindowMs, `${path}.slo.alerts[${i}].shortWindowMs`);
  });
  const alerting = resolveAlerting(spec.alerting, `${path}.alerting`, alertName, slo);
  return { id, slo, periodWindow, sli, idLabels, labels, alerting };
}

function windowOf(ms: number, path: string): string {
  const window = promDuration(ms);
  if (window === undefined) {
    throw new RangeError(`${path} must be a whole number of milliseconds for PromQL, got ${ms}`);
  }
  return window;
}
