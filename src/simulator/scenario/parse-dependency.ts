import {
  assertInRange,
  assertInteger,
  assertName,
  assertNonNegative,
  assertOptions,
  show,
} from '../../internal/validate.js';
import type { BackendCapacity, BackendPhase, LatencyDistribution } from '../../testing/index.js';
import { parseDuration } from './parse-duration.js';
import type { DependencySpec } from './scenario.js';

const BEHAVIOUR = ['errorRate', 'latency', 'capacity'];
const LATENCY: Readonly<Record<string, readonly string[]>> = {
  fixed: ['type', 'ms'],
  uniform: ['type', 'min', 'max'],
  exponential: ['type', 'mean'],
  lognormal: ['type', 'median', 'p99'],
};

/**
 * The `dependency` of a scenario: its base behaviour and its phases in time.
 *
 * @internal
 */
export function parseDependency(value: unknown, path: string, durationMs: number): DependencySpec {
  assertOptions(value, path, [...BEHAVIOUR, 'phases']);
  const base = parseBehaviour(value, path);
  const phases: BackendPhase[] = [];
  const given = value['phases'] ?? [];
  if (!Array.isArray(given))
    throw new TypeError(`${path}.phases must be a list, got ${show(given)}`);
  for (const [index, phase] of given.entries()) {
    const at = `${path}.phases[${index}]`;
    assertOptions(phase, at, ['name', 'from', 'to', ...BEHAVIOUR]);
    assertName(phase['name'], `${at}.name`);
    const fromMs = parseDuration(phase['from'], `${at}.from`);
    if (fromMs >= durationMs) {
      throw new RangeError(
        `${at}.from must be before the end of the run (duration ${durationMs} ms), got ${show(phase['from'])}`,
      );
    }
    // A phase may run past the end (`to: 1h` in a shorter run): it is cut at the end of the run.
    const toMs = Math.min(
      durationMs,
      phase['to'] === undefined ? durationMs : parseDuration(phase['to'], `${at}.to`),
    );
    if (!(toMs > fromMs))
      throw new RangeError(
        `${at}.to must be after from (${show(phase['from'])}), got ${show(phase['to'])}`,
      );
    const previous = phases.at(-1);
    if (previous !== undefined && fromMs < previous.toMs) {
      throw new RangeError(
        `${at}.from must be at or after the end of phases[${index - 1}], got ${show(phase['from'])}`,
      );
    }
    phases.push({ name: phase['name'], fromMs, toMs, ...parseBehaviour(phase, at) });
  }
  return {
    errorRate: base.errorRate ?? 0,
    latency: base.latency ?? { type: 'fixed', ms: 0 },
    ...(base.capacity === undefined ? {} : { capacity: base.capacity }),
    phases,
  };
}

interface Behaviour {
  errorRate?: number;
  latency?: LatencyDistribution;
  capacity?: BackendCapacity;
}

function parseBehaviour(value: Record<string, unknown>, path: string): Behaviour {
  const behaviour: Behaviour = {};
  if (value['errorRate'] !== undefined) {
    assertInRange(value['errorRate'], `${path}.errorRate`, 0, 1, '[]');
    behaviour.errorRate = value['errorRate'];
  }
  if (value['latency'] !== undefined)
    behaviour.latency = parseLatency(value['latency'], `${path}.latency`);
  if (value['capacity'] !== undefined)
    behaviour.capacity = parseCapacity(value['capacity'], `${path}.capacity`);
  return behaviour;
}

/** A number or a duration string is a fixed latency; an object names its distribution's `type`. */
function parseLatency(value: unknown, path: string): LatencyDistribution {
  if (typeof value !== 'object' || value === null)
    return { type: 'fixed', ms: parseDuration(value, path) };
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(LATENCY, type)) {
    throw new TypeError(
      `${path}.type must be one of ${Object.keys(LATENCY).join(', ')}, got ${show(type)}`,
    );
  }
  assertOptions(value, path, LATENCY[type]!);
  const ms = (key: string, positive = false): number =>
    parseDuration(value[key], `${path}.${key}`, positive);
  switch (type) {
    case 'fixed':
      return { type, ms: ms('ms') };
    case 'uniform': {
      const minMs = ms('min');
      const maxMs = ms('max');
      if (maxMs < minMs)
        throw new RangeError(`${path}.max must be >= min, got ${show(value['max'])}`);
      return { type, minMs, maxMs };
    }
    case 'exponential':
      return { type, meanMs: ms('mean', true) };
    default: {
      const medianMs = ms('median', true);
      const p99Ms = ms('p99');
      if (p99Ms < medianMs)
        throw new RangeError(`${path}.p99 must be >= median, got ${show(value['p99'])}`);
      return { type: 'lognormal', medianMs, p99Ms };
    }
  }
}

function parseCapacity(value: unknown, path: string): BackendCapacity {
  assertOptions(value, path, ['concurrency', 'queue', 'slowdown', 'rejectMs']);
  assertInteger(value['concurrency'], `${path}.concurrency`, 1);
  const queue = value['queue'] ?? 0;
  assertInteger(queue, `${path}.queue`, 0);
  const slowdown = value['slowdown'] ?? 0;
  assertNonNegative(slowdown, `${path}.slowdown`);
  const rejectMs =
    value['rejectMs'] === undefined ? 1 : parseDuration(value['rejectMs'], `${path}.rejectMs`);
  return { concurrency: value['concurrency'], queue, slowdown, rejectMs };
}
