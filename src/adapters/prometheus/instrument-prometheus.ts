import { register } from 'prom-client';
import {
  BucketTally,
  DEFAULT_DELAY_BUCKETS,
  DEFAULT_DURATION_BUCKETS,
  resolveBuckets,
} from '../internal/buckets.js';
import { BreakerTally } from '../internal/breaker-tally.js';
import { instrumentation, type Instrumentation } from '../internal/instrumentation.js';
import { RetryTally } from '../internal/retry-tally.js';
import { SloSeries } from '../internal/slo-series.js';
import { resolveTargets, type InstrumentTargets } from '../internal/targets.js';
import { TimeoutTally } from '../internal/timeout-tally.js';
import { BulkheadTally, FallbackTally, RateLimitTally } from '../internal/load-tally.js';
import { HedgeTally } from '../internal/hedge-tally.js';
import { ConcurrencyLimitTally, ThrottleTally } from '../internal/adaptive-tally.js';
import type { FamilyGroup } from './family-group.js';
import { acquireGroups, releaseTarget, type AnyRegistry, type Kind } from './family-registry.js';
import { assertPrometheusPrefix } from './prefix.js';
import { assertOptions, show } from '../../internal/validate.js';

/**
 * Options of {@link instrumentPrometheus}.
 *
 * @example
 * ```ts
 * const options: InstrumentPrometheusOptions = {
 *   registry: new Registry(),
 *   prefix: 'shop_',
 *   durationBuckets: [0.05, 0.1, 0.25, 0.5, 1, 2],
 * };
 * ```
 */
export interface InstrumentPrometheusOptions {
  /**
   * The registry the metrics join. Several `instrumentPrometheus` calls may share a registry and
   * prefix: they share the metric families, each adding its own series.
   *
   * @default prom-client's global `register`
   */
  readonly registry?: AnyRegistry;
  /**
   * Put before every metric name. {@link sloSelectors} needs the same prefix.
   *
   * @default 'ballast_'
   */
  readonly prefix?: string;
  /**
   * Upper bounds, in seconds, of the `breaker_call_duration_seconds` buckets. Fixed by the first
   * call for a registry and prefix: a later call may repeat them, not change them.
   *
   * @default [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
   */
  readonly durationBuckets?: readonly number[];
  /**
   * Upper bounds, in seconds, of the `retry_delay_seconds` buckets. Fixed like `durationBuckets`.
   *
   * @default [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
   */
  readonly delayBuckets?: readonly number[];
}

/**
 * Exports the metrics of circuit breakers, retry policies, timeout policies and SLO trackers to a
 * prom-client registry, under labels you choose (`breaker`, `policy`, `slo`).
 *
 * Listeners on the targets' events only add to plain numbers (and to plain histogram buckets),
 * so an instrumented call costs nanoseconds, not a prom-client label lookup; counters and gauges
 * are read from those numbers, and from the targets (breaker state, SLO readings), when the
 * registry is collected. The SLO event counters are the ones {@link sloSelectors} points
 * `toPrometheusRules` at. Every series of a target starts at 0 as soon as it is instrumented.
 *
 * @returns An {@link Instrumentation}: `detach()` removes the listeners and the targets' series,
 * and unregisters a metric family once no target is left in it.
 * @throws TypeError for a malformed target, a missing or repeated label (also one already
 * instrumented in this registry under this prefix), or a metric name some other code registered;
 * RangeError for bad buckets. Nothing is registered or listened to when it throws.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { register } from 'prom-client';
 * import { instrumentPrometheus } from 'ballast/adapters/prometheus';
 *
 * instrumentPrometheus({
 *   breakers: [usersBreaker],        // labelled by breaker.name
 *   retries: { users: usersRetry },  // a RetryPolicy has no name: the key is its label
 *   timeouts: { users: usersTimeout }, // nor has a TimeoutPolicy
 *   slos: [checkoutSlo],             // labelled by slo.name
 *   hedges: [searchHedge],           // labelled by hedge.name
 * });
 *
 * createServer(async (req, res) => {
 *   res.setHeader('Content-Type', register.contentType);
 *   res.end(await register.metrics());
 * }).listen(9464);
 * ```
 */
export function instrumentPrometheus(
  targets: InstrumentTargets,
  options: InstrumentPrometheusOptions = {},
): Instrumentation {
  const resolved = resolveTargets(targets);
  const given: unknown = options;
  assertOptions(given, 'options', ['registry', 'prefix', 'durationBuckets', 'delayBuckets']);
  const registry = options.registry === undefined ? register : options.registry;
  assertRegistry(registry);
  const prefix = options.prefix === undefined ? 'ballast_' : options.prefix;
  assertPrometheusPrefix(prefix, 'prefix');
  const durationBuckets = resolveBuckets(
    options.durationBuckets,
    'durationBuckets',
    DEFAULT_DURATION_BUCKETS,
  );
  const delayBuckets = resolveBuckets(options.delayBuckets, 'delayBuckets', DEFAULT_DELAY_BUCKETS);

  const groups = acquireGroups(
    registry,
    prefix,
    {
      breakers: resolved.breakers.map(([label]) => label),
      retries: resolved.retries.map(([label]) => label),
      timeouts: resolved.timeouts.map(([label]) => label),
      slos: resolved.slos.map(([label]) => label),
      bulkheads: resolved.bulkheads.map(([label]) => label),
      rateLimiters: resolved.rateLimiters.map(([label]) => label),
      fallbacks: resolved.fallbacks.map(([label]) => label),
      hedges: resolved.hedges.map(([label]) => label),
      throttles: resolved.throttles.map(([label]) => label),
      concurrencyLimits: resolved.concurrencyLimits.map(([label]) => label),
    },
    {
      use: { durationBuckets, delayBuckets },
      given: { durationBuckets: options.durationBuckets, delayBuckets: options.delayBuckets },
    },
  );

  const added: { kind: Kind; group: FamilyGroup<unknown>; label: string; detach?: () => void }[] =
    [];
  for (const [label, breaker] of resolved.breakers) {
    const group = groups.breakers!;
    const success = new BucketTally(group.buckets.durationBuckets!);
    const failure = new BucketTally(group.buckets.durationBuckets!);
    const tally = new BreakerTally(label, breaker, success, failure);
    group.targets.set(label, { tally, success, failure });
    added.push({ kind: 'breakers', group, label, detach: () => tally.detach() });
  }
  for (const [label, policy] of resolved.retries) {
    const group = groups.retries!;
    const delays = new BucketTally(group.buckets.delayBuckets!);
    const tally = new RetryTally(label, policy, delays);
    group.targets.set(label, { tally, delays });
    added.push({ kind: 'retries', group, label, detach: () => tally.detach() });
  }
  for (const [label, policy] of resolved.timeouts) {
    const group = groups.timeouts!;
    const tally = new TimeoutTally(label, policy);
    group.targets.set(label, tally);
    added.push({ kind: 'timeouts', group, label, detach: () => tally.detach() });
  }
  for (const [label, slo] of resolved.slos) {
    const group = groups.slos!;
    group.targets.set(label, new SloSeries(label, slo));
    added.push({ kind: 'slos', group, label });
  }
  for (const [label, bulkhead] of resolved.bulkheads) {
    const group = groups.bulkheads!;
    const tally = new BulkheadTally(label, bulkhead);
    group.targets.set(label, tally);
    added.push({ kind: 'bulkheads', group, label, detach: () => tally.detach() });
  }
  for (const [label, limiter] of resolved.rateLimiters) {
    const group = groups.rateLimiters!;
    const tally = new RateLimitTally(label, limiter);
    group.targets.set(label, tally);
    added.push({ kind: 'rateLimiters', group, label, detach: () => tally.detach() });
  }
  for (const [label, policy] of resolved.fallbacks) {
    const group = groups.fallbacks!;
    const tally = new FallbackTally(label, policy);
    group.targets.set(label, tally);
    added.push({ kind: 'fallbacks', group, label, detach: () => tally.detach() });
  }
  for (const [label, policy] of resolved.hedges) {
    const group = groups.hedges!;
    const tally = new HedgeTally(label, policy);
    group.targets.set(label, tally);
    added.push({ kind: 'hedges', group, label, detach: () => tally.detach() });
  }
  for (const [label, throttle] of resolved.throttles) {
    const group = groups.throttles!;
    const tally = new ThrottleTally(label, throttle);
    group.targets.set(label, tally);
    added.push({ kind: 'throttles', group, label, detach: () => tally.detach() });
  }
  for (const [label, limiter] of resolved.concurrencyLimits) {
    const group = groups.concurrencyLimits!;
    const tally = new ConcurrencyLimitTally(label, limiter);
    group.targets.set(label, tally);
    added.push({ kind: 'concurrencyLimits', group, label, detach: () => tally.detach() });
  }

  return instrumentation(() => {
    for (const { kind, group, label, detach } of added) {
      detach?.();
      releaseTarget(registry, prefix, kind, group, label);
    }
  });
}

function assertRegistry(registry: unknown): asserts registry is AnyRegistry {
  const r = registry as Partial<Record<string, unknown>> | null;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.registerMetric !== 'function' ||
    typeof r.getSingleMetric !== 'function' ||
    typeof r.removeSingleMetric !== 'function'
  ) {
    throw new TypeError(`registry must be a prom-client Registry, got ${show(registry)}`);
  }
}
