import { AdaptiveConcurrencyPolicy, AdaptiveThrottle } from '../../adaptive/index.js';
import { CircuitBreaker, consecutiveFailures, failureRate } from '../../breaker/index.js';
import type { Clock } from '../../clock/index.js';
import { isBallastError } from '../../internal/ballast-error.js';
import {
  BulkheadPolicy,
  FallbackPolicy,
  HedgePolicy,
  RateLimitPolicy,
  TimeoutPolicy,
  isTimeoutError,
  type Policy,
} from '../../policy/index.js';
import {
  RetryBudget,
  RetryPolicy,
  constant,
  exponential,
  type Backoff,
} from '../../retry/index.js';
import type { BackoffSpec, FailureKind, LayerSpec, TripSpec } from '../scenario/layer-spec.js';
import type { VariantRecorder } from './variant-recorder.js';

/**
 * What a layer is built with: the variant's clock, a seeded random source, and where its events
 * are counted (none when a scenario is only being checked).
 *
 * @internal
 */
export interface LayerContext {
  readonly clock: Clock;
  readonly random: () => number;
  readonly recorder: VariantRecorder | undefined;
  /** The layer's name for a breaker without one: `breaker`, `breaker 2`... */
  readonly breakerName: string;
}

/**
 * The real ballast policy a {@link LayerSpec} stands for, its events wired to the recorder.
 * Its constructor checks the options: a bad one throws its TypeError or RangeError.
 *
 * @internal
 */
export function buildLayer(spec: LayerSpec, context: LayerContext): Policy {
  const { clock, random, recorder } = context;
  switch (spec.kind) {
    case 'retry': {
      const policy = new RetryPolicy({
        clock,
        random,
        ...(spec.maxAttempts === undefined ? {} : { maxAttempts: spec.maxAttempts }),
        ...(spec.maxElapsedMs === undefined ? {} : { maxElapsedMs: spec.maxElapsedMs }),
        ...(spec.backoff === undefined ? {} : { backoff: buildBackoff(spec.backoff) }),
        ...(spec.budget === undefined
          ? {}
          : { budget: new RetryBudget({ ...spec.budget, clock }) }),
        shouldRetry: retryOn(spec.retryOn),
      });
      if (recorder !== undefined) {
        policy.events.on('retry', () => recorder.retry());
        policy.events.on('giveUp', ({ reason }) => {
          if (reason === 'budget') recorder.retriesRefused++;
        });
      }
      return policy;
    }
    case 'breaker': {
      const { trip, name, ...options } = withoutKind(spec);
      const breaker = new CircuitBreaker({
        ...options,
        name: name ?? context.breakerName,
        clock,
        ...(trip === undefined ? {} : { trip: buildTrip(trip) }),
      });
      if (recorder !== undefined) {
        breaker.events.on('stateChange', recorder.breaker(name ?? context.breakerName));
        breaker.events.on('rejected', () => recorder.reject());
      }
      return breaker;
    }
    case 'timeout': {
      const policy = new TimeoutPolicy(spec.timeoutMs, { clock });
      if (recorder !== undefined) policy.events.on('timeout', () => recorder.timeouts++);
      return policy;
    }
    case 'bulkhead': {
      const options = withoutKind(spec);
      const policy = new BulkheadPolicy({ ...options, clock });
      if (recorder !== undefined) policy.events.on('rejected', () => recorder.reject());
      return policy;
    }
    case 'rateLimit': {
      const options = withoutKind(spec);
      const policy = new RateLimitPolicy({ ...options, clock });
      if (recorder !== undefined) policy.events.on('rejected', () => recorder.reject());
      return policy;
    }
    case 'hedge': {
      const options = withoutKind(spec);
      return new HedgePolicy({ ...options, clock });
    }
    case 'throttle': {
      const options = withoutKind(spec);
      const throttle = new AdaptiveThrottle({ ...options, clock, random });
      if (recorder !== undefined) throttle.events.on('reject', () => recorder.reject());
      return throttle;
    }
    case 'concurrency': {
      const options = withoutKind(spec);
      const policy = new AdaptiveConcurrencyPolicy({ ...options, clock });
      if (recorder !== undefined) policy.events.on('reject', () => recorder.reject());
      return policy;
    }
    case 'fallback': {
      const policy = new FallbackPolicy(spec.value);
      if (recorder !== undefined) policy.events.on('fallback', () => recorder.fallbacks++);
      return policy;
    }
  }
}

/**
 * The backoff a {@link BackoffSpec} stands for; its factory checks the options.
 *
 * @internal
 */
export function buildBackoff(spec: BackoffSpec): Backoff {
  if (spec.type === 'constant') {
    return constant(spec.delayMs, spec.jitter === undefined ? undefined : { jitter: spec.jitter });
  }
  return exponential({
    ...(spec.initialMs === undefined ? {} : { initialMs: spec.initialMs }),
    ...(spec.factor === undefined ? {} : { factor: spec.factor }),
    ...(spec.maxMs === undefined ? {} : { maxMs: spec.maxMs }),
    ...(spec.jitter === undefined ? {} : { jitter: spec.jitter }),
  });
}

/**
 * The trip condition a {@link TripSpec} stands for; its factory checks the options.
 *
 * @internal
 */
export function buildTrip(spec: TripSpec): ReturnType<typeof consecutiveFailures> {
  return 'consecutiveFailures' in spec
    ? consecutiveFailures(spec.consecutiveFailures)
    : failureRate(spec.failureRate);
}

const EVERY_KIND: readonly FailureKind[] = ['failure', 'overload', 'timeout', 'rejected'];

/**
 * The kind of failure an error is, for `retryOn`: `undefined` for an abort (never retried) or
 * anything else the stack cannot throw.
 *
 * @internal
 */
export function failureKind(error: unknown): FailureKind | undefined {
  if (isTimeoutError(error)) return 'timeout';
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 503) return 'overload';
  if (status === 500) return 'failure';
  if (isBallastError(error)) return 'rejected';
  return undefined;
}

function retryOn(kinds: readonly FailureKind[] = EVERY_KIND): (error: unknown) => boolean {
  return (error) => {
    const kind = failureKind(error);
    return kind !== undefined && kinds.includes(kind);
  };
}

/** A layer's options: the spec without its `kind`. */
function withoutKind<T extends LayerSpec>(spec: T): Omit<T, 'kind'> {
  const copy: Record<string, unknown> = { ...spec };
  delete copy['kind'];
  return copy as Omit<T, 'kind'>;
}
