import { assertNonNegative, assertOptions, assertPositive, show } from '../internal/validate.js';

/**
 * How long a {@link SimulatedBackend} takes to serve a call, drawn per call:
 * - `fixed`: always `ms`;
 * - `uniform`: evenly between `minMs` and `maxMs`;
 * - `exponential`: memoryless around `meanMs` (many fast calls, a long tail);
 * - `lognormal`: given by its median and its 99th percentile, the shape most service latencies
 *   take (`p99Ms` must be at least `medianMs`).
 *
 * @example
 * ```ts
 * const latency: LatencyDistribution = { type: 'lognormal', medianMs: 20, p99Ms: 250 };
 * ```
 */
export type LatencyDistribution =
  | { readonly type: 'fixed'; readonly ms: number }
  | { readonly type: 'uniform'; readonly minMs: number; readonly maxMs: number }
  | { readonly type: 'exponential'; readonly meanMs: number }
  | { readonly type: 'lognormal'; readonly medianMs: number; readonly p99Ms: number };

/** The 99th percentile of the standard normal distribution. */
const Z99 = 2.326_347_874_040_841;

const KEYS: Readonly<Record<string, readonly string[]>> = {
  fixed: ['type', 'ms'],
  uniform: ['type', 'minMs', 'maxMs'],
  exponential: ['type', 'meanMs'],
  lognormal: ['type', 'medianMs', 'p99Ms'],
};

/**
 * Checks a {@link LatencyDistribution}, throwing a TypeError or RangeError that names `path`.
 *
 * @example
 * ```ts
 * assertLatencyDistribution({ type: 'fixed', ms: 20 }, 'latency');
 * ```
 */
export function assertLatencyDistribution(
  value: unknown,
  path: string,
): asserts value is LatencyDistribution {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(KEYS, type)) {
    throw new TypeError(
      `${path}.type must be one of ${Object.keys(KEYS).join(', ')}, got ${show(type)}`,
    );
  }
  assertOptions(value, path, KEYS[type]!);
  const d = value as unknown as LatencyDistribution;
  switch (d.type) {
    case 'fixed':
      assertNonNegative(d.ms, `${path}.ms`);
      return;
    case 'uniform':
      assertNonNegative(d.minMs, `${path}.minMs`);
      assertNonNegative(d.maxMs, `${path}.maxMs`);
      if (d.maxMs < d.minMs) {
        throw new RangeError(`${path}.maxMs must be >= minMs (${d.minMs}), got ${d.maxMs}`);
      }
      return;
    case 'exponential':
      assertPositive(d.meanMs, `${path}.meanMs`);
      return;
    case 'lognormal':
      assertPositive(d.medianMs, `${path}.medianMs`);
      assertPositive(d.p99Ms, `${path}.p99Ms`);
      if (d.p99Ms < d.medianMs) {
        throw new RangeError(`${path}.p99Ms must be >= medianMs (${d.medianMs}), got ${d.p99Ms}`);
      }
  }
}

/**
 * One draw from `distribution`, in milliseconds, using `random` (values in [0, 1)): one draw of
 * it for `uniform` and `exponential`, two for `lognormal` (Box-Muller), none for `fixed`.
 *
 * @example
 * ```ts
 * sampleLatency({ type: 'exponential', meanMs: 50 }, seededRandom(1)); // the same on every run
 * ```
 */
export function sampleLatency(distribution: LatencyDistribution, random: () => number): number {
  switch (distribution.type) {
    case 'fixed':
      return distribution.ms;
    case 'uniform':
      return distribution.minMs + (distribution.maxMs - distribution.minMs) * random();
    case 'exponential':
      return -distribution.meanMs * Math.log(1 - random());
    case 'lognormal': {
      const sigma = Math.log(distribution.p99Ms / distribution.medianMs) / Z99;
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return distribution.medianMs * Math.exp(sigma * normal);
    }
  }
}
