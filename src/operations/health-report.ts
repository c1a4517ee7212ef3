import { wallNow } from '../clock/wall-now.js';
import type { Clock } from '../clock/clock.js';
import { systemClock } from '../clock/system-clock.js';
import { assertClock, assertName, assertOptions, show } from '../internal/validate.js';

/**
 * What a health report reads of a circuit breaker: its name and state (a `CircuitBreaker` fits).
 *
 * @example
 * ```ts
 * const breaker: HealthBreaker = new CircuitBreaker({ name: 'payments' });
 * ```
 */
export interface HealthBreaker {
  readonly name?: string | undefined;
  readonly state: string;
}

/**
 * What a health report reads of an SLO tracker: its name, its firing alerts and its budget (an
 * `SloTracker` fits).
 *
 * @example
 * ```ts
 * const slo: HealthSlo = new SloTracker({ name: 'checkout', objective: 0.999 });
 * ```
 */
export interface HealthSlo {
  readonly name: string;
  activeAlerts(): readonly { readonly alert: { readonly severity: string } }[];
  budget(): { readonly remaining: number };
}

/**
 * The objects a health report looks at, in the form the metrics adapters take them: breakers and
 * SLOs as arrays (labelled by `name`) or records (labelled by key). `retries` and `timeouts` are
 * accepted, so that one targets object serves the adapters and the health check, and ignored:
 * they have no state to report.
 *
 * @example
 * ```ts
 * const targets: HealthTargets = { breakers: [payments], slos: { checkout } };
 * ```
 */
export interface HealthTargets {
  readonly breakers?: Readonly<Record<string, HealthBreaker>> | readonly HealthBreaker[];
  readonly slos?: Readonly<Record<string, HealthSlo>> | readonly HealthSlo[];
  readonly retries?: unknown;
  readonly timeouts?: unknown;
}

/**
 * Options of {@link healthReport} and `healthHandler`.
 *
 * @example
 * ```ts
 * const options: HealthReportOptions = { critical: ['database'], serviceId: 'checkout' };
 * ```
 */
export interface HealthReportOptions {
  /**
   * Breakers the service cannot work without: one of them open or isolated makes the report
   * `fail` (a readiness probe then takes the instance out of rotation). Others only `warn`.
   *
   * @default []
   */
  readonly critical?: readonly string[];
  /** The clock whose wall time stamps each check's `time`. @default systemClock's (`Date.now()`) */
  readonly clock?: Clock;
  /** The report's `serviceId`. */
  readonly serviceId?: string;
  /** The report's `description`. */
  readonly description?: string;
  /** The report's `version` (of the service's public interface). */
  readonly version?: string;
  /** The report's `releaseId` (of the deployed code). */
  readonly releaseId?: string;
}

/** `pass`, `warn` or `fail`, as the health-check draft spells them. @example `const s: HealthStatus = 'warn';` */
export type HealthStatus = 'pass' | 'warn' | 'fail';

/**
 * One entry of a report's `checks`.
 *
 * @example
 * ```ts
 * const check: HealthCheck = {
 *   componentId: 'payments', componentType: 'circuit-breaker', observedValue: 'open', status: 'warn',
 * };
 * ```
 */
export interface HealthCheck {
  readonly componentId: string;
  readonly componentType: 'circuit-breaker' | 'slo';
  readonly observedValue?: string | number | readonly string[];
  readonly observedUnit?: string;
  readonly status: HealthStatus;
  readonly time?: string;
}

/**
 * A health report in the format of the IETF draft "Health Check Response Format for HTTP APIs"
 * (`application/health+json`).
 *
 * @example
 * ```ts
 * const report: HealthReport = healthReport({ breakers: [payments] });
 * if (report.status === 'fail') console.error(report.checks);
 * ```
 */
export interface HealthReport {
  readonly status: HealthStatus;
  readonly serviceId?: string;
  readonly description?: string;
  readonly version?: string;
  readonly releaseId?: string;
  /** By `component:measurement`: `payments:state`, `checkout:alerts`, `checkout:errorBudgetRemaining`. */
  readonly checks: Readonly<Record<string, readonly HealthCheck[]>>;
}

const RANK: Readonly<Record<HealthStatus, number>> = { pass: 0, warn: 1, fail: 2 };
const FIELDS = ['serviceId', 'description', 'version', 'releaseId'] as const;

/**
 * The health of a service as its breakers and SLO trackers see it, in the IETF health-check draft
 * format: a breaker that is not closed (open, half-open, isolated) is `warn`; an SLO with a `page`
 * burn-rate alert firing is `warn`; a breaker named in `critical` that is open or isolated is
 * `fail`. The report's status is the worst of its checks. It shows states and numbers only, never
 * an error message or a URL, so that it can be served to anyone who can reach the endpoint.
 *
 * @throws TypeError for malformed targets or options, or a `critical` name no breaker has.
 *
 * @example
 * ```ts
 * import { healthReport } from 'ballast/operations';
 *
 * const report = healthReport({ breakers: [payments, search], slos: [checkout] }, {
 *   critical: ['payments'],
 * });
 * // { status: 'warn', checks: { 'search:state': [{ componentId: 'search', status: 'warn', ... }], ... } }
 * ```
 */
export function healthReport(
  targets: HealthTargets,
  options: HealthReportOptions = {},
): HealthReport {
  return healthReporter(targets, options)();
}

/**
 * {@link healthReport}'s checks made once, for a report function to call on each request.
 *
 * @internal
 */
export function healthReporter(
  targets: HealthTargets,
  options: HealthReportOptions = {},
): () => HealthReport {
  const given: unknown = options;
  assertOptions(given, 'options', ['critical', 'clock', ...FIELDS]);
  assertClock(options.clock);
  const clock = options.clock ?? systemClock;
  const info: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = options[field];
    if (value === undefined) continue;
    assertName(value, field);
    info[field] = value;
  }
  const breakers = entries<HealthBreaker>(targets, 'breakers', isBreaker);
  const slos = entries<HealthSlo>(targets, 'slos', isSlo);
  const critical = new Set<string>();
  const list: unknown = options.critical ?? [];
  if (!Array.isArray(list))
    throw new TypeError(`critical must be an array of breaker names, got ${show(list)}`);
  (list as unknown[]).forEach((name, i) => {
    assertName(name, `critical[${i}]`);
    if (!breakers.some(([label]) => label === name)) {
      const known = breakers.map(([label]) => JSON.stringify(label)).join(', ');
      throw new TypeError(
        `critical[${i}]: no breaker is labelled ${JSON.stringify(name)} (breakers: ${known || 'none'})`,
      );
    }
    critical.add(name);
  });

  return () => {
    const wall = wallNow(clock);
    const time = Number.isFinite(wall) ? new Date(wall).toISOString() : undefined;
    const stamp = time === undefined ? {} : { time };
    const checks: Record<string, HealthCheck[]> = {};
    let status: HealthStatus = 'pass';
    const add = (key: string, check: HealthCheck) => {
      (checks[key] ??= []).push(check);
      if (RANK[check.status] > RANK[status]) status = check.status;
    };
    for (const [label, breaker] of breakers) {
      const state = read(() => breaker.state);
      const down = state === 'open' || state === 'isolated';
      add(`${label}:state`, {
        componentId: label,
        componentType: 'circuit-breaker',
        ...(typeof state === 'string' ? { observedValue: state } : {}),
        status: state === 'closed' ? 'pass' : down && critical.has(label) ? 'fail' : 'warn',
        ...stamp,
      });
    }
    for (const [label, slo] of slos) {
      const severities = read(() => slo.activeAlerts().map((active) => active.alert.severity));
      add(`${label}:alerts`, {
        componentId: label,
        componentType: 'slo',
        ...(Array.isArray(severities) ? { observedValue: severities } : {}),
        status: !Array.isArray(severities) || severities.includes('page') ? 'warn' : 'pass',
        ...stamp,
      });
      const remaining = read(() => slo.budget().remaining);
      add(`${label}:errorBudgetRemaining`, {
        componentId: label,
        componentType: 'slo',
        ...(typeof remaining === 'number' && Number.isFinite(remaining)
          ? { observedValue: remaining, observedUnit: 'ratio' }
          : {}),
        status: 'pass',
        ...stamp,
      });
    }
    return { status, ...info, checks };
  };
}

const NO_STATE = 'unreadable';

/** The value `get` reads, or `fallback` when it throws: a report never shows an error. */
function read<T, F = undefined>(get: () => T, fallback?: F): T | F | undefined {
  try {
    return get();
  } catch {
    return fallback;
  }
}

function entries<T>(
  targets: HealthTargets,
  kind: 'breakers' | 'slos',
  check: (target: unknown) => target is T & { readonly name?: string | undefined },
): (readonly [string, T])[] {
  if (typeof targets !== 'object' || targets === null || Array.isArray(targets)) {
    throw new TypeError(`targets must be an object with breakers or slos, got ${show(targets)}`);
  }
  const given: unknown = targets;
  assertOptions(given, 'targets', ['breakers', 'slos', 'retries', 'timeouts']);
  const value: unknown = targets[kind];
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`${kind} must be an array or a record, got ${show(value)}`);
  }
  const what = kind === 'breakers' ? 'a circuit breaker (name, state)' : 'an SLO tracker';
  const list = Array.isArray(value)
    ? (value as unknown[]).map((target, i): readonly [string, unknown] => {
        if (!check(target))
          throw new TypeError(`${kind}[${i}] must be ${what}, got ${show(target)}`);
        const name = target.name;
        if (typeof name !== 'string' || name === '') {
          throw new TypeError(
            `${kind}[${i}] has no name: give it one, or pass ${kind} as a record`,
          );
        }
        return [name, target];
      })
    : Object.entries(value as Record<string, unknown>).map(([label, target]) => {
        if (!check(target))
          throw new TypeError(`${kind}.${label} must be ${what}, got ${show(target)}`);
        return [label, target] as const;
      });
  const seen = new Set<string>();
  for (const [label] of list) {
    if (seen.has(label))
      throw new TypeError(`${kind} has two targets labelled ${JSON.stringify(label)}`);
    seen.add(label);
  }
  return list as (readonly [string, T])[];
}

function isBreaker(target: unknown): target is HealthBreaker {
  if (typeof target !== 'object' || target === null || !('state' in target)) return false;
  // A state that cannot be read now is reported as such, not refused as no breaker.
  const state = read(() => (target as HealthBreaker).state, NO_STATE);
  return typeof state === 'string';
}

function isSlo(target: unknown): target is HealthSlo {
  if (typeof target !== 'object' || target === null) return false;
  const slo = target as Partial<Record<string, unknown>>;
  return typeof slo.activeAlerts === 'function' && typeof slo.budget === 'function';
}
