import { show } from '../../internal/validate.js';
/**
 * Histogram bounds for call durations, in seconds: prom-client's defaults, which are also
 * OpenTelemetry's advice for HTTP durations. @internal
 */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

/** Histogram bounds for retry delays, in seconds: backoffs run from milliseconds to a minute. @internal */
export const DEFAULT_DELAY_BUCKETS: readonly number[] = Object.freeze([
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
]);

/**
 * `value` as frozen histogram bounds (or `fallback` when undefined): a non-empty array of finite
 * numbers >= 0 in strictly increasing order.
 *
 * @internal
 */
export function resolveBuckets(
  value: readonly number[] | undefined,
  option: string,
  fallback: readonly number[],
): readonly number[] {
  if (value === undefined) return fallback;
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (bound: unknown, i) =>
        typeof bound === 'number' &&
        Number.isFinite(bound) &&
        bound >= 0 &&
        (i === 0 || bound > value[i - 1]!),
    );
  if (!ok) {
    const shown = Array.isArray(value) ? `[${value.map((v) => show(v)).join(', ')}]` : show(value);
    throw new RangeError(
      `${option} must be a non-empty array of increasing finite numbers >= 0 (seconds), got ${shown}`,
    );
  }
  return Object.freeze(Array.from<number>(value));
}

/**
 * A histogram kept in plain numbers: counts per bucket (not cumulative; the last is above every
 * bound), the sum and the count. Observing costs a few comparisons and no allocation, a small
 * fraction of an observation through prom-client.
 *
 * @internal
 */
export class BucketTally {
  readonly bounds: readonly number[];
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(bounds: readonly number[]) {
    this.bounds = bounds;
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]! += 1;
    this.sum += value;
    this.count += 1;
  }
}
