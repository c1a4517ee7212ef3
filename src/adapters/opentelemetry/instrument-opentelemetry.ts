import { setUpBulkheads, setUpFallbacks, setUpRateLimiters } from './otel-load-reporters.js';
import { metrics, type BatchObservableCallback, type Meter } from '@opentelemetry/api';
import {
  DEFAULT_DELAY_BUCKETS,
  DEFAULT_DURATION_BUCKETS,
  resolveBuckets,
} from '../internal/buckets.js';
import { instrumentation, type Instrumentation } from '../internal/instrumentation.js';
import { ALL_METRICS } from '../internal/metric-catalog.js';
import { resolveTargets, TARGET_KINDS, type InstrumentTargets } from '../internal/targets.js';
import {
  Instruments,
  setUpBreakers,
  setUpRetries,
  setUpSlos,
  setUpTimeouts,
  type KindSetup,
} from './otel-reporters.js';
import { setUpHedges } from './otel-hedges.js';
import { setUpConcurrencyLimits, setUpThrottles } from './adaptive-reporters.js';
import { assertOptions, show } from '../../internal/validate.js';

/**
 * Options of {@link instrumentOpenTelemetry}.
 *
 * @example
 * ```ts
 * const options: InstrumentOpenTelemetryOptions = {
 *   meter: meterProvider.getMeter('checkout'),
 *   prefix: 'shop.',
 * };
 * ```
 */
export interface InstrumentOpenTelemetryOptions {
  /**
   * The meter that creates the instruments.
   *
   * @default `metrics.getMeter('ballast')` from the global MeterProvider (a no-op until an SDK
   * registers one)
   */
  readonly meter?: Meter;
  /**
   * Put before every instrument name.
   *
   * @default 'ballast.'
   */
  readonly prefix?: string;
  /**
   * Bucket boundaries, in seconds, advised for `breaker.call.duration` (a View can override them).
   *
   * @default [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
   */
  readonly durationBuckets?: readonly number[];
  /**
   * Bucket boundaries, in seconds, advised for `retry.delay`.
   *
   * @default [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]
   */
  readonly delayBuckets?: readonly number[];
}

const PREFIX = /^(?:[A-Za-z][A-Za-z0-9_.\-/]*)?$/;
/** OpenTelemetry caps instrument names at 255 characters. */
const MAX_PREFIX = 255 - Math.max(...ALL_METRICS.map((spec) => spec.otel.length));
const METER_METHODS = [
  'createHistogram',
  'createObservableCounter',
  'createObservableGauge',
  'addBatchObservableCallback',
  'removeBatchObservableCallback',
] as const;

/** Labels in use, by meter and prefix, so two targets never report under one label. */
const labelsInUse = new WeakMap<Meter, Map<string, Set<string>>>();

/**
 * Reports the metrics of circuit breakers, retry policies, timeout policies and SLO trackers
 * through an OpenTelemetry meter, with attributes you choose (`breaker`, `policy`, `slo`).
 *
 * Counters are observable counters read from numbers the targets' listeners keep (one addition
 * per event, no attribute lookup), and gauges are observed from the targets, both in one batch
 * callback when the meter's reader collects. Durations and delays are histograms recorded as
 * events happen, with attribute objects made once per target. Exported to Prometheus, the
 * counters get the names `instrumentPrometheus` gives them (so `sloSelectors` and the rules of
 * `toPrometheusRules` work on them); the histograms and ratio gauges do too where the exporter
 * adds unit suffixes as the specification says (the Collector does; `@opentelemetry/exporter-
 * prometheus` does not).
 *
 * @returns An {@link Instrumentation}: `detach()` removes the listeners and the batch callback.
 * Synchronous histograms cannot be unregistered; they simply receive nothing more.
 * @throws TypeError for a malformed target, a missing or repeated label (also one already
 * instrumented through this meter under this prefix), a bad meter or prefix; RangeError for bad
 * buckets. Nothing is created or listened to when it throws.
 *
 * @example
 * ```ts
 * import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
 * import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
 * import { instrumentOpenTelemetry } from 'ballast/adapters/opentelemetry';
 *
 * const provider = new MeterProvider({
 *   readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })],
 * });
 * const metrics = instrumentOpenTelemetry(
 *   { breakers: [usersBreaker], retries: { users: usersRetry }, timeouts: { users: usersTimeout }, slos: [checkoutSlo] },
 *   { meter: provider.getMeter('checkout') },
 * );
 * ```
 */
export function instrumentOpenTelemetry(
  targets: InstrumentTargets,
  options: InstrumentOpenTelemetryOptions = {},
): Instrumentation {
  const resolved = resolveTargets(targets);
  const given: unknown = options;
  assertOptions(given, 'options', ['meter', 'prefix', 'durationBuckets', 'delayBuckets']);
  const meter = options.meter === undefined ? metrics.getMeter('ballast') : options.meter;
  assertMeter(meter);
  const prefix = options.prefix === undefined ? 'ballast.' : options.prefix;
  if (typeof prefix !== 'string' || !PREFIX.test(prefix) || prefix.length > MAX_PREFIX) {
    throw new TypeError(
      `prefix must start an OpenTelemetry instrument name ([A-Za-z][A-Za-z0-9_.-/]*, at most ` +
        `${MAX_PREFIX} characters), got ${show(prefix)}`,
    );
  }
  const durationBuckets = resolveBuckets(
    options.durationBuckets,
    'durationBuckets',
    DEFAULT_DURATION_BUCKETS,
  );
  const delayBuckets = resolveBuckets(options.delayBuckets, 'delayBuckets', DEFAULT_DELAY_BUCKETS);

  let byPrefix = labelsInUse.get(meter);
  const inUse = byPrefix?.get(prefix) ?? new Set<string>();
  const keys: string[] = [];
  for (const kind of TARGET_KINDS) {
    for (const [label] of resolved[kind]) {
      const key = `${kind}\u0000${label}`;
      if (inUse.has(key)) {
        throw new TypeError(
          `${kind}: ${JSON.stringify(label)} is already instrumented through this meter under ` +
            `prefix ${JSON.stringify(prefix)}`,
        );
      }
      keys.push(key);
    }
  }

  const make = new Instruments(meter, prefix);
  const setups: KindSetup[] = [];
  if (resolved.breakers.length > 0)
    setups.push(setUpBreakers(make, resolved.breakers, durationBuckets));
  if (resolved.retries.length > 0) setups.push(setUpRetries(make, resolved.retries, delayBuckets));
  if (resolved.timeouts.length > 0) setups.push(setUpTimeouts(make, resolved.timeouts));
  if (resolved.slos.length > 0) setups.push(setUpSlos(make, resolved.slos));
  if (resolved.bulkheads.length > 0) setups.push(setUpBulkheads(make, resolved.bulkheads));
  if (resolved.rateLimiters.length > 0) {
    setups.push(setUpRateLimiters(make, resolved.rateLimiters));
  }
  if (resolved.fallbacks.length > 0) setups.push(setUpFallbacks(make, resolved.fallbacks));
  if (resolved.hedges.length > 0) setups.push(setUpHedges(make, resolved.hedges));
  if (resolved.throttles.length > 0) setups.push(setUpThrottles(make, resolved.throttles));
  if (resolved.concurrencyLimits.length > 0) {
    setups.push(setUpConcurrencyLimits(make, resolved.concurrencyLimits));
  }
  const observables = setups.flatMap((setup) => setup.observables);
  const reporters = setups.flatMap((setup) => setup.reporters);
  const callback: BatchObservableCallback = (result) => {
    for (const report of reporters) report(result);
  };
  if (observables.length > 0) meter.addBatchObservableCallback(callback, observables);
  for (const key of keys) inUse.add(key);
  if (byPrefix === undefined) labelsInUse.set(meter, (byPrefix = new Map<string, Set<string>>()));
  byPrefix.set(prefix, inUse);

  return instrumentation(() => {
    if (observables.length > 0) meter.removeBatchObservableCallback(callback, observables);
    for (const setup of setups) for (const detach of setup.detachers) detach();
    for (const key of keys) inUse.delete(key);
    if (inUse.size === 0) byPrefix.delete(prefix);
  });
}

function assertMeter(meter: unknown): asserts meter is Meter {
  const m = meter as Partial<Record<string, unknown>> | null;
  const missing =
    typeof m !== 'object' || m === null
      ? METER_METHODS
      : METER_METHODS.filter((method) => typeof m[method] !== 'function');
  if (missing.length > 0) {
    throw new TypeError(
      `meter must be an OpenTelemetry Meter, got one without ${missing.join(', ')}`,
    );
  }
}
