import { integer, oneof, type Arbitrary } from 'fast-check';
import { assertInteger, assertOptions, show } from '../../internal/validate.js';

/**
 * A latency distribution for {@link latencyMs}: most draws between `minMs` and `typicalMs`, the
 * tail (about one draw in five) between `typicalMs` and `maxMs`. Whole milliseconds.
 *
 * @example
 * ```ts
 * const latency: LatencyOptions = { minMs: 5, typicalMs: 50, maxMs: 3_000 };
 * ```
 */
export interface LatencyOptions {
  /** The fastest call, an integer >= 0. @default 0 */
  readonly minMs?: number;
  /** The top of the usual latencies, between `minMs` and `maxMs`. @default 100 */
  readonly typicalMs?: number;
  /** The slowest call of the tail, at least `typicalMs`. @default 2_000 */
  readonly maxMs?: number;
}

/**
 * Latencies in milliseconds with a long tail (see {@link LatencyOptions}); they shrink towards
 * `minMs`.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { latencyMs } from 'ballast/testing/fast-check';
 *
 * fc.sample(latencyMs({ typicalMs: 50, maxMs: 5_000 }), 5); // mostly <= 50, now and then up to 5 s
 * ```
 */
export function latencyMs(options?: LatencyOptions): Arbitrary<number> {
  const { minMs, typicalMs, maxMs } = resolveLatency(options, 'options');
  const typical = integer({ min: minMs, max: typicalMs });
  if (typicalMs === maxMs) return typical;
  return oneof(
    { arbitrary: typical, weight: 4 },
    { arbitrary: integer({ min: typicalMs, max: maxMs }), weight: 1 },
  );
}

/** @internal {@link LatencyOptions} checked (naming them under `path`), with their defaults. */
export function resolveLatency(
  options: LatencyOptions | undefined,
  path: string,
): Required<LatencyOptions> {
  const given: unknown = options ?? {};
  assertOptions(given, path, ['minMs', 'typicalMs', 'maxMs']);
  const prefix = path === 'options' ? '' : `${path}.`;
  const {
    minMs = 0,
    typicalMs = Math.max(minMs, 100),
    maxMs = Math.max(typicalMs, 2_000),
  } = options ?? {};
  assertInteger(minMs, `${prefix}minMs`, 0);
  assertInteger(typicalMs, `${prefix}typicalMs`, minMs);
  assertInteger(maxMs, `${prefix}maxMs`, typicalMs);
  if (maxMs > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`${prefix}maxMs must be a safe integer, got ${show(maxMs)}`);
  }
  return { minMs, typicalMs, maxMs };
}
