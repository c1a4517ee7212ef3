// The metrics both adapters export, in one table, so that their names, labels and meanings cannot
// drift apart. The OpenTelemetry names translate into the Prometheus ones by the OpenTelemetry
// specification's Prometheus compatibility rules (dots become underscores, counters gain `_total`,
// unit `s` becomes `_seconds`, unit `1` on a gauge becomes `_ratio`, `{annotations}` are dropped),
// as the Collector applies them. @opentelemetry/exporter-prometheus only adds `_total`, so there
// the histograms and ratio gauges lack their unit suffix; the counters, and so the SLO event
// counters the generated rules read, come out the same through every exporter.

/** One exported metric. @internal */
export interface MetricSpec {
  /** Prometheus name after the prefix. */
  readonly prom: string;
  /** OpenTelemetry instrument name after the prefix. */
  readonly otel: string;
  /** OpenTelemetry unit (UCUM, `{annotation}` for counts). */
  readonly unit: string;
  readonly help: string;
  readonly labels: readonly string[];
}

/** @internal */
export const BREAKER_METRICS = {
  state: {
    prom: 'breaker_state',
    otel: 'breaker.state',
    unit: '',
    help: 'Whether the circuit breaker is in this state (1) or not (0).',
    labels: ['breaker', 'state'],
  },
  calls: {
    prom: 'breaker_calls_total',
    otel: 'breaker.calls',
    unit: '{call}',
    help: 'Calls through the circuit breaker by outcome: success, failure, ignored (an error isFailure excluded), or rejected without running.',
    labels: ['breaker', 'outcome'],
  },
  shadowRejections: {
    prom: 'breaker_shadow_rejections_total',
    otel: 'breaker.shadow_rejections',
    unit: '{call}',
    help: 'Calls a breaker in shadow mode would have rejected, and ran; each is also in calls by how it ended.',
    labels: ['breaker'],
  },
  slowCalls: {
    prom: 'breaker_slow_calls_total',
    otel: 'breaker.slow_calls',
    unit: '{call}',
    help: "Counted calls slower than the breaker's slowCallMs.",
    labels: ['breaker'],
  },
  stateChanges: {
    prom: 'breaker_state_changes_total',
    otel: 'breaker.state_changes',
    unit: '{change}',
    help: 'State changes of the circuit breaker.',
    labels: ['breaker', 'from', 'to'],
  },
  duration: {
    prom: 'breaker_call_duration_seconds',
    otel: 'breaker.call.duration',
    unit: 's',
    help: 'Duration of the calls the circuit breaker counted, by outcome.',
    labels: ['breaker', 'outcome'],
  },
} as const satisfies Record<string, MetricSpec>;

/** @internal */
export const RETRY_METRICS = {
  retries: {
    prom: 'retry_retries_total',
    otel: 'retry.retries',
    unit: '{retry}',
    help: 'Retries scheduled by the retry policy (attempts after the first).',
    labels: ['policy'],
  },
  giveUps: {
    prom: 'retry_give_ups_total',
    otel: 'retry.give_ups',
    unit: '{call}',
    help: 'Calls the retry policy gave up on, by the limit that ended them.',
    labels: ['policy', 'reason'],
  },
  successes: {
    prom: 'retry_successes_total',
    otel: 'retry.successes',
    unit: '{call}',
    help: 'Calls through the retry policy that succeeded, at any attempt.',
    labels: ['policy'],
  },
  delay: {
    prom: 'retry_delay_seconds',
    otel: 'retry.delay',
    unit: 's',
    help: 'Waits before retries, Retry-After hints included.',
    labels: ['policy'],
  },
} as const satisfies Record<string, MetricSpec>;

/** @internal */
export const TIMEOUT_METRICS = {
  timeouts: {
    prom: 'timeout_total',
    otel: 'timeout',
    unit: '{timeout}',
    help: 'Calls whose timeout expired in the timeout policy, aggressive or cooperative.',
    labels: ['policy'],
  },
} as const satisfies Record<string, MetricSpec>;

/** @internal */
export const SLO_METRICS = {
  events: {
    prom: 'slo_events_total',
    otel: 'slo.events',
    unit: '{event}',
    help: 'Events the SLO tracker recorded since it was instrumented, by outcome (good or bad).',
    labels: ['slo', 'outcome'],
  },
  objective: {
    prom: 'slo_objective_ratio',
    otel: 'slo.objective',
    unit: '1',
    help: 'The SLO objective, e.g. 0.999.',
    labels: ['slo'],
  },
  sli: {
    prom: 'slo_sli_ratio',
    otel: 'slo.sli',
    unit: '1',
    help: 'Share of good events over the window, as the in-process tracker measures it (1 with no events).',
    labels: ['slo', 'window'],
  },
  burnRate: {
    prom: 'slo_burn_rate',
    otel: 'slo.burn_rate',
    unit: '',
    help: 'Error budget burn rate over the window: bad-event ratio over (1 - objective).',
    labels: ['slo', 'window'],
  },
  budgetRemaining: {
    prom: 'slo_error_budget_remaining_ratio',
    otel: 'slo.error_budget.remaining',
    unit: '1',
    help: 'Share of the error budget left over the SLO period; below 0 once overspent.',
    labels: ['slo'],
  },
  alertActive: {
    prom: 'slo_alert_active',
    otel: 'slo.alert.active',
    unit: '',
    help: 'Whether a burn-rate alert of this severity is firing in-process (1) or not (0).',
    labels: ['slo', 'severity'],
  },
} as const satisfies Record<string, MetricSpec>;

import { LOAD_METRICS } from './load-metrics.js';
/** @internal */
export const HEDGE_METRICS = {
  hedges: {
    prom: 'hedge_hedges_total',
    otel: 'hedge.hedges',
    unit: '{hedge}',
    help: 'Hedges the hedge policy started (attempts after the primary), after their delay or a failure.',
    labels: ['policy'],
  },
  refused: {
    prom: 'hedge_refused_total',
    otel: 'hedge.refused',
    unit: '{hedge}',
    help: 'Hedges the hedge policy did not start, by reason: budget spent, or deadline passed.',
    labels: ['policy', 'reason'],
  },
  wins: {
    prom: 'hedge_wins_total',
    otel: 'hedge.wins',
    unit: '{call}',
    help: 'Calls through the hedge policy that succeeded, by the attempt that won (0: the primary).',
    labels: ['policy', 'attempt'],
  },
} as const satisfies Record<string, MetricSpec>;

/** @internal */
export const THROTTLE_METRICS = {
  rejections: {
    prom: 'throttle_rejections_total',
    otel: 'throttle.rejections',
    unit: '{call}',
    help: 'Calls the adaptive throttle dropped locally, without sending them.',
    labels: ['throttle'],
  },
  probability: {
    prom: 'throttle_probability_ratio',
    otel: 'throttle.probability',
    unit: '1',
    help: 'The probability that the adaptive throttle drops a call started now.',
    labels: ['throttle'],
  },
  requests: {
    prom: 'throttle_window_requests',
    otel: 'throttle.window.requests',
    unit: '{call}',
    help: 'Calls attempted over the throttle window, the ones dropped locally included.',
    labels: ['throttle'],
  },
  accepts: {
    prom: 'throttle_window_accepts',
    otel: 'throttle.window.accepts',
    unit: '{call}',
    help: 'Calls the backend accepted over the throttle window.',
    labels: ['throttle'],
  },
} as const satisfies Record<string, MetricSpec>;

/** @internal */
export const CONCURRENCY_LIMIT_METRICS = {
  limit: {
    prom: 'concurrency_limit',
    otel: 'concurrency.limit',
    unit: '{call}',
    help: 'The adaptive concurrency limit: how many calls may run at once now.',
    labels: ['limiter'],
  },
  inFlight: {
    prom: 'concurrency_in_flight',
    otel: 'concurrency.in_flight',
    unit: '{call}',
    help: 'Calls running under the adaptive concurrency limit.',
    labels: ['limiter'],
  },
  queued: {
    prom: 'concurrency_queued',
    otel: 'concurrency.queued',
    unit: '{call}',
    help: 'Calls waiting for a slot under the adaptive concurrency limit.',
    labels: ['limiter'],
  },
  rejections: {
    prom: 'concurrency_rejections_total',
    otel: 'concurrency.rejections',
    unit: '{call}',
    help: 'Calls the adaptive concurrency limit turned away, by reason: full (no slot, queue full) or deadline (passed while queued).',
    labels: ['limiter', 'reason'],
  },
} as const satisfies Record<string, MetricSpec>;

/** Every metric, for checks that span them all. @internal */
export const ALL_METRICS: readonly MetricSpec[] = [
  ...Object.values<MetricSpec>(BREAKER_METRICS),
  ...Object.values<MetricSpec>(RETRY_METRICS),
  ...Object.values<MetricSpec>(TIMEOUT_METRICS),
  ...Object.values<MetricSpec>(SLO_METRICS),
  ...LOAD_METRICS,
  ...Object.values<MetricSpec>(HEDGE_METRICS),
  ...Object.values<MetricSpec>(THROTTLE_METRICS),
  ...Object.values<MetricSpec>(CONCURRENCY_LIMIT_METRICS),
];
