import type {
  Histogram,
  OpenMetricsContentType,
  PrometheusContentType,
  Registry,
} from 'prom-client';
import type { ConcurrencyLimitTally, ThrottleTally } from '../internal/adaptive-tally.js';
import type { SloSeries } from '../internal/slo-series.js';
import { TARGET_KINDS } from '../internal/targets.js';
import type { TimeoutTally } from '../internal/timeout-tally.js';
import type { HedgeTally } from '../internal/hedge-tally.js';
import { breakerFamilies, type PromBreaker } from './breaker-families.js';
import { hedgeFamilies } from './hedge-families.js';
import type { Family, FamilyGroup } from './family-group.js';
import { retryFamilies, type PromRetry } from './retry-families.js';
import { sloFamilies } from './slo-families.js';
import { timeoutFamilies } from './timeout-families.js';
import type { BulkheadTally, FallbackTally, RateLimitTally } from '../internal/load-tally.js';
import { bulkheadFamilies, fallbackFamilies, rateLimitFamilies } from './load-families.js';
import { concurrencyLimitFamilies, throttleFamilies } from './adaptive-families.js';

/** A prom-client registry of either exposition format. @internal */
export type AnyRegistry = Registry<PrometheusContentType> | Registry<OpenMetricsContentType>;

/** The family groups under one prefix in one registry, by kind of target. @internal */
export interface Groups {
  breakers?: FamilyGroup<PromBreaker>;
  retries?: FamilyGroup<PromRetry>;
  timeouts?: FamilyGroup<TimeoutTally>;
  slos?: FamilyGroup<SloSeries>;
  bulkheads?: FamilyGroup<BulkheadTally>;
  rateLimiters?: FamilyGroup<RateLimitTally>;
  fallbacks?: FamilyGroup<FallbackTally>;
  hedges?: FamilyGroup<HedgeTally>;
  throttles?: FamilyGroup<ThrottleTally>;
  concurrencyLimits?: FamilyGroup<ConcurrencyLimitTally>;
}

/** A kind of target. @internal */
export type Kind = keyof Groups;

const KINDS: readonly Kind[] = TARGET_KINDS;

/** Histogram bounds: as resolved (`use`), and as the caller gave them (`given`, to compare). */
export interface BucketChoice {
  readonly use: Readonly<Record<'durationBuckets' | 'delayBuckets', readonly number[]>>;
  readonly given: Readonly<Partial<Record<string, readonly number[]>>>;
}

/** The groups in each registry, by prefix, so that several calls share their families. */
const registries = new WeakMap<AnyRegistry, Map<string, Groups>>();

/**
 * The groups for `labels` (by kind) in `registry` under `prefix`: made and registered where
 * missing, after checking that no label is taken and no bucket choice differs. Throws before
 * changing anything.
 *
 * @internal
 */
export function acquireGroups(
  registry: AnyRegistry,
  prefix: string,
  labels: Readonly<Record<Kind, readonly string[]>>,
  buckets: BucketChoice,
): Groups {
  let byPrefix = registries.get(registry);
  const groups: Groups = byPrefix?.get(prefix) ?? {};
  const where = `in this registry under prefix ${JSON.stringify(prefix)}`;
  for (const kind of KINDS) {
    const group = groups[kind];
    if (group === undefined || labels[kind].length === 0) continue;
    for (const label of labels[kind]) {
      if (group.targets.has(label)) {
        throw new TypeError(`${kind}: ${JSON.stringify(label)} is already instrumented ${where}`);
      }
    }
    for (const [option, bounds] of Object.entries(group.buckets)) {
      const given = buckets.given[option];
      if (given !== undefined && !sameBounds(given, bounds)) {
        throw new RangeError(
          `${option} must match the buckets already ${where} ([${bounds.join(', ')}]), ` +
            `got [${given.join(', ')}]`,
        );
      }
    }
  }
  const needed = KINDS.filter((kind) => labels[kind].length > 0);
  const made: Groups = {
    ...(groups.breakers === undefined && needed.includes('breakers')
      ? { breakers: breakerFamilies(prefix, buckets.use.durationBuckets) }
      : {}),
    ...(groups.retries === undefined && needed.includes('retries')
      ? { retries: retryFamilies(prefix, buckets.use.delayBuckets) }
      : {}),
    ...(groups.timeouts === undefined && needed.includes('timeouts')
      ? { timeouts: timeoutFamilies(prefix) }
      : {}),
    ...(groups.slos === undefined && needed.includes('slos') ? { slos: sloFamilies(prefix) } : {}),
    ...(groups.bulkheads === undefined && needed.includes('bulkheads')
      ? { bulkheads: bulkheadFamilies(prefix) }
      : {}),
    ...(groups.rateLimiters === undefined && needed.includes('rateLimiters')
      ? { rateLimiters: rateLimitFamilies(prefix) }
      : {}),
    ...(groups.fallbacks === undefined && needed.includes('fallbacks')
      ? { fallbacks: fallbackFamilies(prefix) }
      : {}),
    ...(groups.hedges === undefined && needed.includes('hedges')
      ? { hedges: hedgeFamilies(prefix) }
      : {}),
    ...(groups.throttles === undefined && needed.includes('throttles')
      ? { throttles: throttleFamilies(prefix) }
      : {}),
    ...(groups.concurrencyLimits === undefined && needed.includes('concurrencyLimits')
      ? { concurrencyLimits: concurrencyLimitFamilies(prefix) }
      : {}),
  };
  // A group made earlier has its families registered, unless someone called registry.clear().
  const unregistered = needed.flatMap((kind) =>
    (groups[kind]?.families ?? []).filter((f) => registry.getSingleMetric(f.name) !== f.metric),
  );
  const fresh = KINDS.flatMap((kind) => made[kind]?.families ?? []);
  registerFamilies(registry, [...unregistered, ...fresh]);
  Object.assign(groups, made);
  if (byPrefix === undefined) registries.set(registry, (byPrefix = new Map<string, Groups>()));
  byPrefix.set(prefix, groups);
  return groups;
}

/**
 * Removes the target `label` from `group`; a group left empty leaves the registry.
 *
 * @internal
 */
export function releaseTarget(
  registry: AnyRegistry,
  prefix: string,
  kind: Kind,
  group: FamilyGroup<unknown>,
  label: string,
): void {
  group.targets.delete(label);
  if (group.targets.size > 0) return;
  for (const family of group.families) {
    if (registry.getSingleMetric(family.name) === family.metric) {
      registry.removeSingleMetric(family.name);
    }
  }
  const byPrefix = registries.get(registry);
  const groups = byPrefix?.get(prefix);
  if (groups?.[kind] === group) delete groups[kind];
  if (groups !== undefined && KINDS.every((k) => groups[k] === undefined)) byPrefix!.delete(prefix);
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

function sameBounds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((bound, i) => bound === b[i]);
}
