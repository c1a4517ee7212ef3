import { assertInteger, assertName, assertOptions, show } from '../../internal/validate.js';
import { parseDependency } from './parse-dependency.js';
import { parseDuration } from './parse-duration.js';
import { parseLayer } from './parse-layer.js';
import { parseSlos } from './parse-slos.js';
import { parseTraffic } from './parse-traffic.js';
import type { LayerSpec } from './layer-spec.js';
import type { Scenario, VariantSpec } from './scenario.js';

export { sloOptions } from './parse-slos.js';

const KEYS = [
  'name',
  'description',
  'duration',
  'seed',
  'step',
  'traffic',
  'dependency',
  'variants',
  'slos',
];
const MAX_STEPS = 1_500;
const MAX_VARIANTS = 4;
const DAY_MS = 86_400_000;
/** Past this, a run's times leave the range where milliseconds add up exactly in a double. */
const MAX_DURATION_DAYS = 400;

/**
 * Checks a scenario read from JSON or YAML, field by field, and fills in its defaults. Every
 * error is a TypeError or RangeError naming the field's path
 * (`variants[1].layers[0].retry.maxAttempts`) and showing the value; an unknown key is named with
 * the closest valid one.
 *
 * @param source - where the scenario came from (a file name), prefixed to messages.
 *
 * @example
 * ```ts
 * import { parseScenario, simulate } from 'ballast/simulator';
 *
 * const scenario = parseScenario({
 *   name: 'outage',
 *   duration: '30m',
 *   traffic: 50,
 *   dependency: { latency: '20ms', phases: [{ name: 'outage', from: '10m', to: '20m', errorRate: 1 }] },
 *   variants: [{ name: 'retry', layers: [{ retry: { maxAttempts: 3 } }] }],
 *   slos: [{ name: 'availability', objective: 0.999 }],
 * });
 * const result = await simulate(scenario);
 * ```
 */
export function parseScenario(value: unknown, source?: string): Scenario {
  try {
    return parse(value);
  } catch (error) {
    if (source === undefined || !(error instanceof TypeError || error instanceof RangeError))
      throw error;
    throw new (error instanceof RangeError ? RangeError : TypeError)(
      `${source}: ${error.message}`,
      {
        cause: error,
      },
    );
  }
}

function parse(value: unknown): Scenario {
  assertOptions(value, 'scenario', KEYS);
  for (const key of ['name', 'duration', 'traffic', 'dependency', 'variants', 'slos']) {
    if (value[key] === undefined) throw new TypeError(`${key} is required`);
  }
  assertName(value['name'], 'name');
  const description = value['description'] ?? '';
  if (typeof description !== 'string')
    throw new TypeError(`description must be a string, got ${show(description)}`);
  const durationMs = parseDuration(value['duration'], 'duration');
  if (durationMs <= 0)
    throw new RangeError(`duration must be longer than 0, got ${show(value['duration'])}`);
  if (durationMs > MAX_DURATION_DAYS * DAY_MS) {
    throw new RangeError(
      `duration must be at most ${MAX_DURATION_DAYS}d, got ${show(value['duration'])}`,
    );
  }
  const seed = value['seed'] ?? 1;
  assertInteger(seed, 'seed', 0);
  const stepMs =
    value['step'] === undefined
      ? Math.max(1, Math.ceil(durationMs / MAX_STEPS / 1_000)) * 1_000
      : parseDuration(value['step'], 'step');
  if (stepMs < 1) throw new RangeError(`step must be at least 1 ms, got ${show(value['step'])}`);
  if (stepMs > durationMs) {
    throw new RangeError(
      `step must be at most the duration (${show(value['duration'])}), got ${show(value['step'])}`,
    );
  }
  if (durationMs / stepMs > 100_000) {
    throw new RangeError(
      `step must give at most 100000 steps (duration / step), got ${show(value['step'])}`,
    );
  }
  return {
    name: value['name'],
    description,
    durationMs,
    seed,
    stepMs,
    traffic: parseTraffic(value['traffic'], 'traffic', durationMs),
    dependency: parseDependency(value['dependency'], 'dependency', durationMs),
    variants: parseVariants(value['variants']),
    slos: parseSlos(value['slos']),
  };
}

function parseVariants(value: unknown): VariantSpec[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_VARIANTS) {
    throw new RangeError(
      `variants must be a list of 1 to ${MAX_VARIANTS} variants, got ${show(value)}`,
    );
  }
  const names = new Set<string>();
  return value.map((variant: unknown, index) => {
    const at = `variants[${index}]`;
    assertOptions(variant, at, ['name', 'layers']);
    assertName(variant['name'], `${at}.name`);
    if (names.has(variant['name']))
      throw new RangeError(`${at}.name must be unique, got ${show(variant['name'])} twice`);
    names.add(variant['name']);
    const layers = variant['layers'] ?? [];
    if (!Array.isArray(layers))
      throw new TypeError(`${at}.layers must be a list, got ${show(layers)}`);
    const specs = layers.map((layer: unknown, i) => parseLayer(layer, `${at}.layers[${i}]`));
    assertUniqueBreakers(specs, `${at}.layers`);
    return { name: variant['name'], layers: specs };
  });
}

/**
 * Two breakers of one name in a variant would merge in the report: each breaker's name, given or
 * the one the run gives it (`breaker`, `breaker 2`...), must be its own.
 */
function assertUniqueBreakers(layers: readonly LayerSpec[], path: string): void {
  const names = new Set<string>();
  let breakers = 0;
  for (const [index, layer] of layers.entries()) {
    if (layer.kind !== 'breaker') continue;
    breakers++;
    const name = layer.name ?? (breakers > 1 ? `breaker ${breakers}` : 'breaker');
    if (names.has(name)) {
      throw new RangeError(
        `${path}[${index}].breaker.name must be unique in the variant, got ${show(name)} twice${layer.name === undefined ? ' (the name a breaker without one gets)' : ''}`,
      );
    }
    names.add(name);
  }
}
