import {
  assertInRange,
  assertInteger,
  assertName,
  assertOptions,
  show,
} from '../../internal/validate.js';
import { SloTracker, type BurnRateAlert } from '../../slo/index.js';
import { VirtualClock } from '../../testing/index.js';
import { parseDependency } from './parse-dependency.js';
import { parseDuration } from './parse-duration.js';
import { parseLayer } from './parse-layer.js';
import { parseTraffic } from './parse-traffic.js';
import type { Scenario, SloSpec, VariantSpec } from './scenario.js';

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
  const seed = value['seed'] ?? 1;
  assertInteger(seed, 'seed', 0);
  const stepMs =
    value['step'] === undefined
      ? Math.max(1, Math.ceil(durationMs / MAX_STEPS / 1_000)) * 1_000
      : parseDuration(value['step'], 'step');
  if (stepMs < 1) throw new RangeError(`step must be at least 1 ms, got ${show(value['step'])}`);
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
    traffic: parseTraffic(value['traffic'], 'traffic'),
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
    return {
      name: variant['name'],
      layers: layers.map((layer: unknown, i) => parseLayer(layer, `${at}.layers[${i}]`)),
    };
  });
}

function parseSlos(value: unknown): SloSpec[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RangeError(`slos must be a list of at least one SLO, got ${show(value)}`);
  }
  return value.map((slo: unknown, index) => {
    const at = `slos[${index}]`;
    assertOptions(slo, at, ['name', 'objective', 'latencyThreshold', 'period', 'alerts']);
    assertName(slo['name'], `${at}.name`);
    assertInRange(slo['objective'], `${at}.objective`, 0, 1, '()');
    const spec: SloSpec = {
      name: slo['name'],
      objective: slo['objective'],
      periodMs:
        slo['period'] === undefined ? 30 * DAY_MS : parseDuration(slo['period'], `${at}.period`),
      ...(slo['latencyThreshold'] === undefined
        ? {}
        : { latencyThresholdMs: parseDuration(slo['latencyThreshold'], `${at}.latencyThreshold`) }),
      ...(slo['alerts'] === undefined
        ? {}
        : { alerts: parseAlerts(slo['alerts'], `${at}.alerts`) }),
    };
    try {
      new SloTracker({ ...sloOptions(spec), clock: new VirtualClock() }).close();
    } catch (error) {
      if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
      throw new (error instanceof RangeError ? RangeError : TypeError)(`${at}: ${error.message}`, {
        cause: error,
      });
    }
    return spec;
  });
}

function parseAlerts(value: unknown, path: string): BurnRateAlert[] {
  if (!Array.isArray(value)) throw new TypeError(`${path} must be a list, got ${show(value)}`);
  return value.map((alert: unknown, index) => {
    const at = `${path}[${index}]`;
    assertOptions(alert, at, ['severity', 'burnRate', 'longWindow', 'shortWindow']);
    const severity = alert['severity'];
    if (severity !== 'page' && severity !== 'ticket') {
      throw new TypeError(`${at}.severity must be page or ticket, got ${show(severity)}`);
    }
    assertInRange(alert['burnRate'], `${at}.burnRate`, 0, Number.MAX_VALUE, '(]');
    return {
      severity,
      burnRate: alert['burnRate'],
      longWindowMs: parseDuration(alert['longWindow'], `${at}.longWindow`),
      shortWindowMs: parseDuration(alert['shortWindow'], `${at}.shortWindow`),
    };
  });
}

/**
 * The {@link SloTracker} options of an SLO of a scenario, without the clock.
 *
 * @internal
 */
export function sloOptions(spec: SloSpec): ConstructorParameters<typeof SloTracker>[0] {
  return {
    name: spec.name,
    objective: spec.objective,
    windowMs: spec.periodMs,
    ...(spec.latencyThresholdMs === undefined
      ? {}
      : { latencyThresholdMs: spec.latencyThresholdMs }),
    ...(spec.alerts === undefined ? {} : { alerts: spec.alerts }),
  };
}
