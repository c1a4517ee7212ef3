import { assertNonNegative, assertOptions, show } from '../../internal/validate.js';
import { parseDuration } from './parse-duration.js';
import type { TrafficSpec } from './scenario.js';

/**
 * The most user calls a variant may expect. Each call is simulated one by one: a day at 100 rps
 * (8.64 million calls) takes some 20 to 40 s, so this is several minutes a variant.
 */
const MAX_CALLS = 100_000_000;

/**
 * The `traffic` of a scenario: a number of requests per second, or
 * `{ rps | phases: [{ from, rps }], ramp?, arrivals? }`. Every phase starts before the end of the
 * run, and the calls expected over it are at most {@link MAX_CALLS}.
 *
 * @internal
 */
export function parseTraffic(value: unknown, path: string, durationMs: number): TrafficSpec {
  const traffic = parse(value, path, durationMs);
  const calls = expectedCalls(traffic, durationMs);
  if (calls > MAX_CALLS) {
    throw new RangeError(
      `${path} and duration ask for about ${Math.round(calls).toLocaleString('en-US')} calls per variant, more than ${MAX_CALLS.toLocaleString('en-US')}: each call is simulated (a day at 100 rps is 8.64 million and takes some 20 to 40 s), so shorten the duration or lower the rate`,
    );
  }
  return traffic;
}

/** The integral of the rate over the run: the number of calls a variant may expect. */
function expectedCalls({ points, ramp }: TrafficSpec, durationMs: number): number {
  let calls = 0;
  for (const [index, point] of points.entries()) {
    const next = points[index + 1];
    const endMs = Math.min(next?.fromMs ?? durationMs, durationMs);
    const endRps = ramp && next !== undefined ? next.rps : point.rps;
    calls += (((point.rps + endRps) / 2) * Math.max(0, endMs - point.fromMs)) / 1_000;
  }
  return calls;
}

function parse(value: unknown, path: string, durationMs: number): TrafficSpec {
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
    // On a ramp, a point at the end of the run is where the last ramp arrives.
    if (ramp ? fromMs > durationMs : fromMs >= durationMs) {
      throw new RangeError(
        `${at}.from must be ${ramp ? 'at or before' : 'before'} the end of the run (duration ${durationMs} ms), got ${show(phase['from'])}`,
      );
    }
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
