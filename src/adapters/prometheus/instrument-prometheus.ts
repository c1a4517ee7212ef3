import {
  register,
  type Histogram,
  type OpenMetricsContentType,
  type PrometheusContentType,
  type Registry,
} from 'prom-client';
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
import {
  breakerFamilies,
  retryFamilies,
  sloFamilies,
  type Family,
  type FamilyGroup,
  type PromBreaker,
  type PromRetry,
} from './prometheus-families.js';
import { assertPrometheusPrefix } from './prefix.js';

/** A prom-client registry of either exposition format. */
type AnyRegistry = Registry<PrometheusContentType> | Registry<OpenMetricsContentType>;

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

interface Groups {
  breakers?: FamilyGroup<PromBreaker>;
  retries?: FamilyGroup<PromRetry>;
  slos?: FamilyGroup<SloSeries>;
}

type Kind = keyof Groups;

/** The families in each registry, by prefix. */
const registries = new WeakMap<AnyRegistry, Map<string, Groups>>();

/**
 * Exports the metrics of circuit breakers, retry policies and SLO trackers to a prom-client
 * registry, under labels you choose (`breaker`, `policy`, `slo`).
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
 *   slos: [checkoutSlo],             // labelled by slo.name
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
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${String(options)}`);
  }
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

  let byPrefix = registries.get(registry);
  const groups: Groups = byPrefix?.get(prefix) ?? {};
  const where = `in this registry under prefix ${JSON.stringify(prefix)}`;
  const wanted: Record<Kind, readonly (readonly [string, unknown])[]> = resolved;
  // Check everything before changing anything.
  for (const kind of ['breakers', 'retries', 'slos'] as const) {
    const group = groups[kind];
    if (group === undefined || wanted[kind].length === 0) continue;
    for (const [label] of wanted[kind]) {
      if (group.targets.has(label)) {
        throw new TypeError(`${kind}: ${JSON.stringify(label)} is already instrumented ${where}`);
      }
    }
    for (const [option, bounds] of Object.entries(group.buckets)) {
      const given = options[option as 'durationBuckets' | 'delayBuckets'];
      if (given !== undefined && !sameBounds(given, bounds)) {
        throw new RangeError(
          `${option} must match the buckets already ${where} ([${bounds.join(', ')}]), ` +
            `got [${given.join(', ')}]`,
        );
      }
    }
  }
  const created: Kind[] = [];
  if (resolved.breakers.length > 0 && groups.breakers === undefined) {
    groups.breakers = breakerFamilies(prefix, durationBuckets);
    created.push('breakers');
  }
  if (resolved.retries.length > 0 && groups.retries === undefined) {
    groups.retries = retryFamilies(prefix, delayBuckets);
    created.push('retries');
  }
  if (resolved.slos.length > 0 && groups.slos === undefined) {
    groups.slos = sloFamilies(prefix);
    created.push('slos');
  }
  // A group made earlier has its families registered, unless someone called registry.clear().
  const missing = (['breakers', 'retries', 'slos'] as const).flatMap((kind) =>
    created.includes(kind) || wanted[kind].length === 0
      ? []
      : groups[kind]!.families.filter((f) => registry.getSingleMetric(f.name) !== f.metric),
  );
  try {
    registerFamilies(registry, [...missing, ...created.flatMap((kind) => groups[kind]!.families)]);
  } catch (error) {
    for (const kind of created) delete groups[kind];
    throw error;
  }
  if (byPrefix === undefined) registries.set(registry, (byPrefix = new Map<string, Groups>()));
  byPrefix.set(prefix, groups);

  const added: { kind: Kind; label: string; detach: () => void }[] = [];
  for (const [label, breaker] of resolved.breakers) {
    const bounds = groups.breakers!.buckets.durationBuckets!;
    const success = new BucketTally(bounds);
    const failure = new BucketTally(bounds);
    const tally = new BreakerTally(label, breaker, success, failure);
    groups.breakers!.targets.set(label, { tally, success, failure });
    added.push({ kind: 'breakers', label, detach: () => tally.detach() });
  }
  for (const [label, policy] of resolved.retries) {
    const delays = new BucketTally(groups.retries!.buckets.delayBuckets!);
    const tally = new RetryTally(label, policy, delays);
    groups.retries!.targets.set(label, { tally, delays });
    added.push({ kind: 'retries', label, detach: () => tally.detach() });
  }
  for (const [label, slo] of resolved.slos) {
    groups.slos!.targets.set(label, new SloSeries(label, slo));
    added.push({ kind: 'slos', label, detach: () => {} });
  }

  return instrumentation(() => {
    for (const { kind, label, detach } of added) {
      detach();
      const group = groups[kind]!;
      group.targets.delete(label);
      if (group.targets.size === 0) {
        for (const family of group.families) registry.removeSingleMetric(family.name);
        delete groups[kind];
      }
    }
    if (
      groups.breakers === undefined &&
      groups.retries === undefined &&
      groups.slos === undefined
    ) {
      byPrefix.delete(prefix);
    }
  });
}

function registerFamilies(registry: AnyRegistry, families: readonly Family[]): void {
  for (const family of families) {
    if (registry.getSingleMetric(family.name) !== undefined) {
      throw new TypeError(
        `prefix: a metric named ${family.name} is already registered by other code; ` +
          'pass another prefix or registry',
      );
    }
  }
  // The histograms are not prom-client Histograms, but expose what a registry reads from one.
  for (const family of families) registry.registerMetric(family.metric as Histogram);
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
    throw new TypeError(`registry must be a prom-client Registry, got ${String(registry)}`);
  }
}

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((bound, i) => bound === b[i]);
}
