import { assertNonNegative, assertOptions, show } from '../../internal/validate.js';
import { parseDuration } from './parse-duration.js';
import type { TrafficSpec } from './scenario.js';

/**
 * The `traffic` of a scenario: a number of requests per second, or
 * `{ rps | phases: [{ from, rps }], ramp?, arrivals? }`.
 *
 * @internal
 */
export function parseTraffic(value: unknown, path: string): TrafficSpec {
  if (typeof value === 'number') {
    assertNonNegative(value, path);
    return { points: [{ fromMs: 0, rps: value }], ramp: false, arrivals: 'poisson' };
  }
  assertOptions(value, path, ['rps', 'phases', 'ramp', 'arrivals']);
  const arrivals = value['arrivals'] ?? 'poisson';
  if (arrivals !== 'poisson' && arrivals !== 'uniform') {
    throw new TypeError(`${path}.arrivals must be poisson or uniform, got ${show(arrivals)}`);
  }
  const ramp = value['ramp'] ?? false;
  if (typeof ramp !== 'boolean')
    throw new TypeError(`${path}.ramp must be true or false, got ${show(ramp)}`);
  if ((value['rps'] === undefined) === (value['phases'] === undefined)) {
    throw new TypeError(`${path} must have one of rps and phases`);
  }
  if (value['rps'] !== undefined) {
    assertNonNegative(value['rps'], `${path}.rps`);
    return { points: [{ fromMs: 0, rps: value['rps'] }], ramp, arrivals };
  }
  const phases = value['phases'];
  if (!Array.isArray(phases) || phases.length === 0) {
    throw new TypeError(`${path}.phases must be a non-empty list, got ${show(phases)}`);
  }
  const points = phases.map((phase: unknown, index) => {
    const at = `${path}.phases[${index}]`;
    assertOptions(phase, at, ['from', 'rps']);
    const fromMs = parseDuration(phase['from'], `${at}.from`);
    assertNonNegative(phase['rps'], `${at}.rps`);
    return { fromMs, rps: phase['rps'] };
  });
  if (points[0]!.fromMs !== 0)
    throw new RangeError(
      `${path}.phases[0].from must be 0, got ${show((phases[0] as { from?: unknown }).from)}`,
    );
  for (let index = 1; index < points.length; index++) {
    if (!(points[index]!.fromMs > points[index - 1]!.fromMs)) {
      throw new RangeError(
        `${path}.phases[${index}].from must be after the previous phase's, got ${show((phases[index] as { from?: unknown }).from)}`,
      );
    }
  }
  return { points, ramp, arrivals };
}
