import { show, assertOptions, closest } from '../../internal/validate.js';
import { VirtualClock } from '../../testing/index.js';
import { buildLayer } from '../engine/build-layer.js';
import type { LayerKind, LayerSpec } from './layer-spec.js';
import { parseDuration, withDurations } from './parse-duration.js';

/** Each kind's options as a scenario spells them; nested objects are checked by the class. */
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
const FAILURE_KINDS = ['failure', 'overload', 'timeout', 'rejected'];
const BACKOFF_KEYS: Readonly<Record<string, readonly string[]>> = {
  exponential: ['type', 'initialMs', 'factor', 'maxMs', 'jitter'],
  constant: ['type', 'delayMs', 'jitter'],
};

/**
 * One layer of a variant, `{ <kind>: { ...options } }`: its keys checked here (unknown ones named
 * with the closest valid name), its values by building the real class once.
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
    const timeoutMs = parseDuration(given, at);
    return checked({ kind: 'timeout', timeoutMs }, at);
  }
  assertOptions(given, at, LAYER_KEYS[kind as LayerKind]);
  const options = withDurations(given, at);
  if (kind === 'retry') checkRetry(options, at);
  return checked({ kind, ...options } as LayerSpec, at);
}

function checkRetry(options: Record<string, unknown>, at: string): void {
  const retryOn = options['retryOn'];
  if (retryOn !== undefined) {
    if (!Array.isArray(retryOn)) {
      throw new TypeError(
        `${at}.retryOn must be a list of ${FAILURE_KINDS.join(', ')}, got ${show(retryOn)}`,
      );
    }
    for (const [index, kind] of retryOn.entries()) {
      if (typeof kind !== 'string' || !FAILURE_KINDS.includes(kind)) {
        throw new TypeError(
          `${at}.retryOn[${index}] must be one of ${FAILURE_KINDS.join(', ')}, got ${show(kind)}`,
        );
      }
    }
  }
  const backoff = options['backoff'];
  if (backoff !== undefined) {
    const type = (backoff as { type?: unknown }).type;
    if (typeof type !== 'string' || !Object.hasOwn(BACKOFF_KEYS, type)) {
      throw new TypeError(`${at}.backoff.type must be exponential or constant, got ${show(type)}`);
    }
    assertOptions(backoff, `${at}.backoff`, BACKOFF_KEYS[type]!);
  }
  const budget = options['budget'];
  if (budget !== undefined)
    assertOptions(budget, `${at}.budget`, ['ratio', 'minPerSecond', 'windowMs']);
}

/** Builds the layer once, so that the class checks every value; its error gets the path. */
function checked(spec: LayerSpec, at: string): LayerSpec {
  try {
    buildLayer(spec, {
      clock: new VirtualClock(),
      random: () => 0.5,
      recorder: undefined,
      breakerName: 'breaker',
    });
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    throw new (error instanceof RangeError ? RangeError : TypeError)(prefixed(error.message, at), {
      cause: error,
    });
  }
  return spec;
}

/** The class's message, its option named with the whole path: `unknown option "x"` too. */
function prefixed(message: string, at: string): string {
  const unknown = /^unknown option "([^"]+)"(.*)$/s.exec(message);
  if (unknown !== null) {
    const rest = unknown[2]!.replace(/did you mean "([^"]+)"/, `did you mean "${at}.$1"`);
    return `unknown option "${at}.${unknown[1]!}"${rest}`;
  }
  // The classes' messages start with the option's name (`maxAttempts must be...`).
  return /^[a-z][A-Za-z0-9.[\]]* /.test(message) ? `${at}.${message}` : `${at}: ${message}`;
}
