import { show, assertOptions, closest } from '../../internal/validate.js';
import { VirtualClock } from '../../testing/index.js';
import { buildLayer } from '../engine/build-layer.js';
import { checkRetry, checkTrip, rethrownAt } from './check-layer-options.js';
import type { LayerKind, LayerSpec } from './layer-spec.js';
import { parseDuration, withDurations } from './parse-duration.js';

/**
 * Each kind's options as a scenario spells them. The objects a scenario names differently from the
 * class (a retry's `backoff` and `budget`, a breaker's `trip`) are checked in
 * `check-layer-options.ts`; the others keep the class's names, so its own check names them right.
 */
const LAYER_KEYS: Readonly<Record<LayerKind, readonly string[]>> = {
  retry: ['maxAttempts', 'backoff', 'maxElapsedMs', 'budget', 'retryOn'],
  breaker: ['name', 'trip', 'openMs', 'halfOpen', 'slowCallMs'],
  timeout: ['timeoutMs'],
  bulkhead: ['maxConcurrent', 'maxQueue', 'name'],
  rateLimit: ['limit', 'intervalMs', 'burst', 'maxQueue', 'maxWaitMs', 'name'],
  hedge: ['delayMs', 'maxHedges', 'budget'],
  throttle: ['k', 'windowMs', 'name'],
  concurrency: [
    'algorithm',
    'initialLimit',
    'minLimit',
    'maxLimit',
    'maxQueue',
    'name',
    'aimd',
    'gradient2',
    'vegas',
  ],
  fallback: ['value'],
};

const KINDS = Object.keys(LAYER_KEYS) as LayerKind[];

/** The options with no default, named here rather than by the class's own wording. */
const REQUIRED: Readonly<Partial<Record<LayerKind, readonly string[]>>> = {
  bulkhead: ['maxConcurrent'],
  rateLimit: ['limit', 'intervalMs'],
  hedge: ['delayMs'],
  fallback: ['value'],
};

/**
 * One layer of a variant, `{ <kind>: { ...options } }`: its keys and required options checked
 * here (unknown ones named with the closest valid name), the nested objects the scenario shapes
 * itself checked under their own paths, then every value by building the real class once.
 *
 * @internal
 */
export function parseLayer(value: unknown, path: string): LayerSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${path} must be an object with one key, the layer's kind (${KINDS.join(', ')}), got ${show(value)}`,
    );
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    throw new TypeError(
      `${path} must have exactly one key, the layer's kind (${KINDS.join(', ')}), got ${keys.length === 0 ? 'none' : keys.join(', ')}`,
    );
  }
  const kind = keys[0]!;
  if (!Object.hasOwn(LAYER_KEYS, kind)) {
    throw new TypeError(
      `unknown layer "${path}.${kind}" (did you mean "${closest(kind, KINDS)}"?)`,
    );
  }
  const at = `${path}.${kind}`;
  const given = (value as Record<string, unknown>)[kind] ?? {};
  // `timeout: 1s` is short for `timeout: { timeoutMs: 1s }`.
  if (kind === 'timeout' && typeof given !== 'object') {
    const timeoutMs = parseDuration(given, at, true);
    return checked({ kind: 'timeout', timeoutMs }, at);
  }
  assertOptions(given, at, LAYER_KEYS[kind as LayerKind]);
  for (const key of REQUIRED[kind as LayerKind] ?? []) {
    if (given[key] === undefined) throw new TypeError(`${at}.${key} is required`);
  }
  const options = withDurations(given, at);
  if (kind === 'retry') checkRetry(options, at);
  if (kind === 'breaker' && options['trip'] !== undefined) checkTrip(options['trip'], `${at}.trip`);
  return checked({ kind, ...options } as LayerSpec, at);
}

/** Builds the layer once, so that the class checks every value; its error gets the path. */
function checked(spec: LayerSpec, at: string): LayerSpec {
  rethrownAt(at, () =>
    buildLayer(spec, {
      clock: new VirtualClock(),
      random: () => 0.5,
      recorder: undefined,
      breakerName: 'breaker',
    }),
  );
  return spec;
}
