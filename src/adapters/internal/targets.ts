import type { AdaptiveConcurrencyPolicy, AdaptiveThrottle } from '../../adaptive/index.js';
import type { CircuitBreaker } from '../../breaker/index.js';
import type {
  BulkheadPolicy,
  FallbackPolicy,
  HedgePolicy,
  RateLimitPolicy,
  TimeoutPolicy,
} from '../../policy/index.js';
import type { RetryPolicy } from '../../retry/index.js';
import type { SloTracker } from '../../slo/index.js';
import { assertOptions } from '../../internal/validate.js';

/**
 * What the adapters read from a {@link CircuitBreaker}: its name, its state and its events.
 *
 * @example
 * ```ts
 * const breaker: InstrumentedBreaker = new CircuitBreaker({ name: 'users' });
 * ```
 */
export type InstrumentedBreaker = Pick<CircuitBreaker, 'name' | 'state' | 'events'>;

/**
 * What the adapters read from a {@link RetryPolicy}: its events (`maxAttempts` tells a policy from
 * a breaker).
 *
 * @example
 * ```ts
 * const policy: InstrumentedRetry = new RetryPolicy({ maxAttempts: 4 });
 * ```
 */
export type InstrumentedRetry = Pick<RetryPolicy, 'events' | 'maxAttempts'>;

/**
 * What the adapters read from a {@link TimeoutPolicy}: its events (`timeoutMs`, a number or
 * `undefined` for a generated timeout, tells a timeout policy from a retry policy).
 *
 * @example
 * ```ts
 * const policy: InstrumentedTimeout = new TimeoutPolicy(2_000);
 * ```
 */
export type InstrumentedTimeout = Pick<TimeoutPolicy, 'events' | 'timeoutMs'>;

/**
 * What the adapters read from a {@link BulkheadPolicy}: its name, its calls running and queued,
 * its events (`maxConcurrent` tells a bulkhead from the other targets).
 *
 * @example
 * ```ts
 * const bulkhead: InstrumentedBulkhead = new BulkheadPolicy({ maxConcurrent: 10, name: 'db' });
 * ```
 */
export type InstrumentedBulkhead = Pick<
  BulkheadPolicy,
  'name' | 'active' | 'queued' | 'events' | 'maxConcurrent'
>;

/**
 * What the adapters read from a {@link RateLimitPolicy}: its name, its calls waiting, its events
 * (`limit` and `intervalMs` tell a rate limiter from the other targets).
 *
 * @example
 * ```ts
 * const limiter: InstrumentedRateLimiter = new RateLimitPolicy({ limit: 50, intervalMs: 1_000 });
 * ```
 */
export type InstrumentedRateLimiter = Pick<
  RateLimitPolicy,
  'name' | 'queued' | 'events' | 'limit' | 'intervalMs'
>;

/**
 * What the adapters read from a {@link FallbackPolicy}: its events.
 *
 * @example
 * ```ts
 * const policy: InstrumentedFallback = fallback(cachedUser);
 * ```
 */
export type InstrumentedFallback = Pick<FallbackPolicy, 'events'>;

/**
 * What the adapters read from an {@link SloTracker}: its definition, its lifetime totals and its
 * rolling readings.
 *
 * @example
 * ```ts
 * const slo: InstrumentedSlo = new SloTracker({ name: 'checkout', objective: 0.999 });
 * ```
 */
export type InstrumentedSlo = Pick<
  SloTracker,
  | 'name'
  | 'objective'
  | 'windowMs'
  | 'alerts'
  | 'totals'
  | 'sli'
  | 'burnRate'
  | 'budget'
  | 'activeAlerts'
>;

/**
 * What the adapters read from a {@link HedgePolicy}: its name, its events, and `maxHedges` (which
 * tells it from other policies and bounds its `attempt` label).
 *
 * @example
 * ```ts
 * const policy: InstrumentedHedge = new HedgePolicy({ delayMs: 50, name: 'search' });
 * ```
 */
export type InstrumentedHedge = Pick<HedgePolicy, 'name' | 'events' | 'maxHedges'>;

/**
 * What the adapters read from an {@link AdaptiveThrottle}: its name, its events, its rejection
 * probability and its window counts.
 *
 * @example
 * ```ts
 * const throttle: InstrumentedThrottle = new AdaptiveThrottle({ name: 'users' });
 * ```
 */
export type InstrumentedThrottle = Pick<
  AdaptiveThrottle,
  'name' | 'events' | 'rejectionProbability' | 'requests' | 'accepts'
>;

/**
 * What the adapters read from an {@link AdaptiveConcurrencyPolicy}: its name, its events, its
 * limit, and the calls running and waiting.
 *
 * @example
 * ```ts
 * const limiter: InstrumentedConcurrencyLimit = new AdaptiveConcurrencyPolicy({ name: 'users' });
 * ```
 */
export type InstrumentedConcurrencyLimit = Pick<
  AdaptiveConcurrencyPolicy,
  'name' | 'events' | 'limit' | 'inFlight' | 'queued'
>;

/**
 * The objects an adapter instruments, each under a label that becomes the `breaker`, `policy`
 * or `slo` label (attribute) of its series.
 *
 * - `breakers`: a record (the key is the label) or an array (the label is each breaker's `name`,
 *   which must then be set);
 * - `retries`: a record, since a {@link RetryPolicy} has no name;
 * - `timeouts`: a record, since a {@link TimeoutPolicy} has no name either;
 * - `slos`: a record (the key is the label) or an array (the label is each tracker's `name`);
 * - `bulkheads`, `rateLimiters`: a record, or an array labelled by each policy's `name`;
 * - `fallbacks`: a record, since a {@link FallbackPolicy} has no name;
 * - `hedges`: a record, or an array of {@link HedgePolicy} with a `name` (the `policy` label);
 * - `throttles` (label `throttle`) and `concurrencyLimits` (label `limiter`): a record or an array
 *   of {@link AdaptiveThrottle}s and {@link AdaptiveConcurrencyPolicy}s, labelled like breakers.
 *
 * Labels are unique per kind: two breakers under one label would mix their counts.
 *
 * @example
 * ```ts
 * const targets: InstrumentTargets = {
 *   breakers: [usersBreaker, paymentsBreaker], // labelled by their names
 *   retries: { users: usersRetry },
 *   timeouts: { users: usersTimeout },
 *   slos: [checkoutSlo],
 * };
 * ```
 */
export interface InstrumentTargets {
  readonly breakers?:
    Readonly<Record<string, InstrumentedBreaker>> | readonly InstrumentedBreaker[];
  readonly retries?: Readonly<Record<string, InstrumentedRetry>>;
  readonly timeouts?: Readonly<Record<string, InstrumentedTimeout>>;
  readonly slos?: Readonly<Record<string, InstrumentedSlo>> | readonly InstrumentedSlo[];
  readonly bulkheads?:
    Readonly<Record<string, InstrumentedBulkhead>> | readonly InstrumentedBulkhead[];
  readonly rateLimiters?:
    Readonly<Record<string, InstrumentedRateLimiter>> | readonly InstrumentedRateLimiter[];
  readonly fallbacks?: Readonly<Record<string, InstrumentedFallback>>;
  readonly hedges?: Readonly<Record<string, InstrumentedHedge>> | readonly InstrumentedHedge[];
  readonly throttles?:
    Readonly<Record<string, InstrumentedThrottle>> | readonly InstrumentedThrottle[];
  readonly concurrencyLimits?:
    | Readonly<Record<string, InstrumentedConcurrencyLimit>>
    | readonly InstrumentedConcurrencyLimit[];
}

/** The kinds of target, in the order the adapters set them up. @internal */
export const TARGET_KINDS = [
  'breakers',
  'retries',
  'timeouts',
  'slos',
  'bulkheads',
  'rateLimiters',
  'fallbacks',
  'hedges',
  'throttles',
  'concurrencyLimits',
] as const;

/** Targets checked and labelled. @internal */
export interface ResolvedTargets {
  readonly breakers: readonly (readonly [label: string, breaker: InstrumentedBreaker])[];
  readonly retries: readonly (readonly [label: string, policy: InstrumentedRetry])[];
  readonly timeouts: readonly (readonly [label: string, policy: InstrumentedTimeout])[];
  readonly slos: readonly (readonly [label: string, slo: InstrumentedSlo])[];
  readonly bulkheads: readonly (readonly [label: string, policy: InstrumentedBulkhead])[];
  readonly rateLimiters: readonly (readonly [label: string, policy: InstrumentedRateLimiter])[];
  readonly fallbacks: readonly (readonly [label: string, policy: InstrumentedFallback])[];
  readonly hedges: readonly (readonly [label: string, policy: InstrumentedHedge])[];
  readonly throttles: readonly (readonly [label: string, throttle: InstrumentedThrottle])[];
  readonly concurrencyLimits: readonly (readonly [
    label: string,
    limiter: InstrumentedConcurrencyLimit,
  ])[];
}

/**
 * Checks `targets` and gives every target its label, throwing a TypeError that names the entry
 * at fault: an unknown kind, an object of the wrong shape, a missing or repeated label.
 *
 * @internal
 */
export function resolveTargets(targets: InstrumentTargets): ResolvedTargets {
  if (typeof targets !== 'object' || targets === null || Array.isArray(targets)) {
    throw new TypeError(
      `targets must be an object with any of ${TARGET_KINDS.join(', ')}, got ${describe(targets)}`,
    );
  }
  const given: unknown = targets;
  assertOptions(given, 'targets', TARGET_KINDS);
  return {
    breakers: entries(targets.breakers, 'breakers', 'CircuitBreaker', isBreaker, (b) => b.name),
    retries: entries(targets.retries, 'retries', 'RetryPolicy', isRetry, undefined),
    timeouts: entries(targets.timeouts, 'timeouts', 'TimeoutPolicy', isTimeout, undefined),
    slos: entries(targets.slos, 'slos', 'SloTracker', isSlo, (s) => s.name),
    bulkheads: entries(targets.bulkheads, 'bulkheads', 'BulkheadPolicy', isBulkhead, (b) => b.name),
    rateLimiters: entries(
      targets.rateLimiters,
      'rateLimiters',
      'RateLimitPolicy',
      isRateLimiter,
      (r) => r.name,
    ),
    fallbacks: entries(targets.fallbacks, 'fallbacks', 'FallbackPolicy', isFallback, undefined),
    hedges: entries(targets.hedges, 'hedges', 'HedgePolicy', isHedge, (h) => h.name),
    throttles: entries(targets.throttles, 'throttles', 'AdaptiveThrottle', isThrottle, nameOf),
    concurrencyLimits: entries(
      targets.concurrencyLimits,
      'concurrencyLimits',
      'AdaptiveConcurrencyPolicy',
      isConcurrencyLimit,
      nameOf,
    ),
  };
}

function entries<T>(
  value: Readonly<Record<string, T>> | readonly T[] | undefined,
  kind: string,
  what: string,
  check: (target: unknown) => target is T,
  nameOf: ((target: T) => string | undefined) | undefined,
): (readonly [string, T])[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) {
    const shape = nameOf === undefined ? 'a record' : 'an array or a record';
    throw new TypeError(`${kind} must be ${shape} of ${what}, got ${describe(value)}`);
  }
  let list: (readonly [string, T])[];
  if (Array.isArray(value)) {
    if (nameOf === undefined) {
      throw new TypeError(`${kind} must be a record of ${what} (label: ${what}), got an array`);
    }
    list = (value as readonly unknown[]).map((target, index) => {
      const path = `${kind}[${index}]`;
      if (!check(target)) throw new TypeError(`${path} must be a ${what}, got ${describe(target)}`);
      const name = nameOf(target);
      if (typeof name !== 'string' || name === '') {
        throw new TypeError(
          `${path} has no name to label its metrics: give it a name, or pass ${kind} as a record`,
        );
      }
      return [name, target] as const;
    });
  } else {
    list = Object.entries(value as Readonly<Record<string, unknown>>).map(([label, target]) => {
      const path = `${kind}.${label}`;
      if (label === '') throw new TypeError(`${kind} has an empty label`);
      if (!check(target)) throw new TypeError(`${path} must be a ${what}, got ${describe(target)}`);
      return [label, target] as const;
    });
  }
  const seen = new Set<string>();
  for (const [label] of list) {
    if (seen.has(label)) {
      throw new TypeError(`${kind} has two targets labelled ${JSON.stringify(label)}`);
    }
    seen.add(label);
  }
  return list;
}

function hasEvents(target: unknown): target is { events: { on: unknown } } {
  if (typeof target !== 'object' || target === null || !('events' in target)) return false;
  const events: unknown = target.events;
  return (
    typeof events === 'object' &&
    events !== null &&
    'on' in events &&
    typeof events.on === 'function'
  );
}

function isBreaker(target: unknown): target is InstrumentedBreaker {
  return hasEvents(target) && 'state' in target && typeof target.state === 'string';
}

function isRetry(target: unknown): target is InstrumentedRetry {
  return hasEvents(target) && 'maxAttempts' in target && typeof target.maxAttempts === 'number';
}

function isTimeout(target: unknown): target is InstrumentedTimeout {
  if (!hasEvents(target) || !('timeoutMs' in target)) return false;
  return target.timeoutMs === undefined || typeof target.timeoutMs === 'number';
}

function isBulkhead(target: unknown): target is InstrumentedBulkhead {
  if (!hasEvents(target)) return false;
  const record = target as unknown as Record<string, unknown>;
  return (
    typeof record.maxConcurrent === 'number' &&
    typeof record.active === 'number' &&
    typeof record.queued === 'number'
  );
}

function isRateLimiter(target: unknown): target is InstrumentedRateLimiter {
  if (!hasEvents(target)) return false;
  const record = target as unknown as Record<string, unknown>;
  return (
    typeof record.limit === 'number' &&
    typeof record.intervalMs === 'number' &&
    typeof record.queued === 'number'
  );
}

function isFallback(target: unknown): target is InstrumentedFallback {
  return hasEvents(target) && 'execute' in target && typeof target.execute === 'function';
}

function isHedge(target: unknown): target is InstrumentedHedge {
  return hasEvents(target) && 'maxHedges' in target && typeof target.maxHedges === 'number';
}

function nameOf(target: { readonly name: string | undefined }): string | undefined {
  return target.name;
}

function isThrottle(target: unknown): target is InstrumentedThrottle {
  return hasEvents(target) && 'rejectionProbability' in target && 'accepts' in target;
}

function isConcurrencyLimit(target: unknown): target is InstrumentedConcurrencyLimit {
  return (
    hasEvents(target) &&
    'limit' in target &&
    typeof target.limit === 'number' &&
    'inFlight' in target &&
    typeof target.inFlight === 'number'
  );
}

const SLO_METHODS = ['totals', 'sli', 'burnRate', 'budget', 'activeAlerts'] as const;

function isSlo(target: unknown): target is InstrumentedSlo {
  if (typeof target !== 'object' || target === null) return false;
  const record = target as Record<string, unknown>;
  return (
    SLO_METHODS.every((method) => typeof record[method] === 'function') &&
    typeof record.objective === 'number' &&
    typeof record.windowMs === 'number' &&
    Array.isArray(record.alerts)
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const type = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof type === 'string' && type !== 'Object' ? `a ${type}` : 'an object';
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  return `${value as number | boolean | bigint | undefined}`;
}
