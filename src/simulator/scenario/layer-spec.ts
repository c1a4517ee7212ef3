import type { AdaptiveConcurrencyOptions, AdaptiveThrottleOptions } from '../../adaptive/index.js';
import type { HalfOpenOptions } from '../../breaker/index.js';
import type { BulkheadOptions, RateLimitOptions } from '../../policy/index.js';

/**
 * The kinds of failure a scenario's retry may retry: `failure` (the dependency answered 500),
 * `overload` (it refused with 503), `timeout` (a timeout layer ended the attempt), `rejected` (a
 * layer inside refused the call: an open breaker, a full bulkhead...).
 *
 * @example
 * ```ts
 * const retryOn: readonly FailureKind[] = ['failure', 'overload', 'timeout'];
 * ```
 */
export type FailureKind = 'failure' | 'overload' | 'timeout' | 'rejected';

/**
 * A retry's backoff: exponential (ballast's `exponential()`) or constant (`constant()`).
 *
 * @example
 * ```ts
 * const backoff: BackoffSpec = { type: 'exponential', initialMs: 100, maxMs: 2_000 };
 * ```
 */
export type BackoffSpec =
  | {
      readonly type: 'exponential';
      readonly initialMs?: number;
      readonly factor?: number;
      readonly maxMs?: number;
      readonly jitter?: 'none' | 'full' | 'equal';
    }
  | { readonly type: 'constant'; readonly delayMs: number; readonly jitter?: number };

/**
 * A breaker's trip condition: `consecutiveFailures(n)`, or `failureRate(...)` over a count
 * window (`calls`) or a time window (`durationMs`).
 *
 * @example
 * ```ts
 * const trip: TripSpec = { failureRate: { threshold: 0.5, minimumCalls: 20, window: { durationMs: 10_000 } } };
 * ```
 */
export type TripSpec =
  | { readonly consecutiveFailures: number }
  | {
      readonly failureRate: {
        readonly threshold: number;
        readonly minimumCalls: number;
        readonly window: { readonly calls: number } | { readonly durationMs: number };
      };
    };

/**
 * One layer of a variant's stack, with the options of the ballast class it builds (durations in
 * milliseconds; clocks and random sources are the simulation's).
 *
 * @example
 * ```ts
 * const layer: LayerSpec = { kind: 'retry', maxAttempts: 3, retryOn: ['failure'] };
 * ```
 */
export type LayerSpec =
  | {
      readonly kind: 'retry';
      readonly maxAttempts?: number;
      readonly backoff?: BackoffSpec;
      readonly maxElapsedMs?: number;
      readonly budget?: {
        readonly ratio?: number;
        readonly minPerSecond?: number;
        readonly windowMs?: number;
      };
      /** @default every kind, as `RetryPolicy` retries every error */
      readonly retryOn?: readonly FailureKind[];
    }
  | {
      readonly kind: 'breaker';
      readonly name?: string;
      readonly trip?: TripSpec;
      readonly openMs?: number;
      readonly halfOpen?: HalfOpenOptions;
      readonly slowCallMs?: number;
    }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  | ({ readonly kind: 'bulkhead' } & Omit<BulkheadOptions, 'clock'>)
  | ({ readonly kind: 'rateLimit' } & Omit<RateLimitOptions, 'clock'>)
  | {
      readonly kind: 'hedge';
      readonly delayMs: number;
      readonly maxHedges?: number;
      readonly budget?: { readonly ratio: number };
    }
  | ({ readonly kind: 'throttle' } & Omit<
      AdaptiveThrottleOptions,
      'clock' | 'random' | 'isAccepted'
    >)
  | ({ readonly kind: 'concurrency' } & Omit<AdaptiveConcurrencyOptions, 'clock' | 'isDrop'>)
  | { readonly kind: 'fallback'; readonly value: unknown };

/**
 * The name of a layer kind, as a scenario file spells it.
 *
 * @example
 * ```ts
 * const kind: LayerKind = 'breaker';
 * ```
 */
export type LayerKind = LayerSpec['kind'];
