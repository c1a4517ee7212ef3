import { show } from '../../internal/validate.js';

// The names of the series the metrics adapters export, after their prefix. The adapters' own
// catalogue lives with them (this module may not import it); a test checks that the two agree.

/** @internal */
export const METRIC = {
  breakerState: 'breaker_state',
  breakerCalls: 'breaker_calls_total',
  breakerShadowRejections: 'breaker_shadow_rejections_total',
  breakerStateChanges: 'breaker_state_changes_total',
  breakerDuration: 'breaker_call_duration_seconds',
  retryRetries: 'retry_retries_total',
  retryGiveUps: 'retry_give_ups_total',
  retrySuccesses: 'retry_successes_total',
  timeouts: 'timeout_total',
  sloEvents: 'slo_events_total',
  sloObjective: 'slo_objective_ratio',
  sloSli: 'slo_sli_ratio',
  sloBurnRate: 'slo_burn_rate',
  sloBudgetRemaining: 'slo_error_budget_remaining_ratio',
  sloAlertActive: 'slo_alert_active',
} as const;

const PREFIX = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The metric prefix, `ballast_` by default, checked. @internal */
export function resolvePrefix(prefix: unknown, option = 'prefix'): string {
  if (prefix === undefined) return 'ballast_';
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new TypeError(
      `${option} must start a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${show(prefix)}`,
    );
  }
  return prefix;
}

/** Throws unless `labels` is a record of valid label names (not `__*`) to strings. @internal */
export function assertLabels(
  labels: unknown,
  option: string,
  reserved: readonly string[] = [],
): asserts labels is Readonly<Record<string, string>> {
  if (labels === undefined) return;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    throw new TypeError(`${option} must be a record of label values, got ${show(labels)}`);
  }
  for (const [name, value] of Object.entries(labels as Record<string, unknown>)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new TypeError(
        `${option}.${name}: not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not __*)`,
      );
    }
    if (reserved.includes(name)) {
      throw new TypeError(`${option}.${name}: the rules set this label themselves`);
    }
    if (typeof value !== 'string') {
      throw new TypeError(`${option}.${name} must be a string, got ${show(value)}`);
    }
  }
}

/** `{a="x",b="y"}` matchers, or `''`; each value a PromQL string. @internal */
export function matcherText(matchers: Readonly<Record<string, string>>, extra = ''): string {
  const parts = Object.entries(matchers).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  if (extra !== '') parts.push(extra);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

const UNITS: readonly (readonly [ms: number, unit: string])[] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1_000, 's'],
];

/** A length in ms as a PromQL duration in the largest unit that divides it (`5m`, `1h`). @internal */
export function promDuration(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
