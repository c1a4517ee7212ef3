import { describe, expect, it } from 'vitest';
import { Arrivals } from '../../../src/simulator/engine/arrivals.js';
import type { TrafficSpec } from '../../../src/simulator/index.js';
import { seededRandom } from '../../../src/testing/index.js';

function times(traffic: TrafficSpec, untilMs: number, seed = 1): number[] {
  const arrivals = new Arrivals(traffic, seededRandom(seed));
  const result: number[] = [];
  for (let at = arrivals.next(); at < untilMs; at = arrivals.next()) result.push(at);
  return result;
}

const count = (list: readonly number[], from: number, to: number) =>
  list.filter((at) => at >= from && at < to).length;

describe('Arrivals', () => {
  it('follows a step function, in order', () => {
    const traffic: TrafficSpec = {
      points: [
        { fromMs: 0, rps: 100 },
        { fromMs: 60_000, rps: 0 },
        { fromMs: 120_000, rps: 20 },
      ],
      ramp: false,
      arrivals: 'poisson',
    };
    const list = times(traffic, 180_000);
    expect(list).toEqual([...list].sort((a, b) => a - b));
    expect(count(list, 0, 60_000)).toBeGreaterThan(5_700);
    expect(count(list, 0, 60_000)).toBeLessThan(6_300);
    expect(count(list, 60_000, 120_000)).toBe(0);
    expect(count(list, 120_000, 180_000)).toBeGreaterThan(1_050);
    expect(count(list, 120_000, 180_000)).toBeLessThan(1_350);
  });

  it('ramps linearly, from zero too', () => {
    const traffic: TrafficSpec = {
      points: [
        { fromMs: 0, rps: 0 },
        { fromMs: 100_000, rps: 200 },
      ],
      ramp: true,
      arrivals: 'poisson',
    };
    const list = times(traffic, 100_000);
    // 10,000 expected in all, a quarter of them in the first half.
    expect(list.length).toBeGreaterThan(9_700);
    expect(list.length).toBeLessThan(10_300);
    expect(count(list, 0, 50_000) / list.length).toBeCloseTo(0.25, 1);
  });

  it('spaces uniform arrivals evenly', () => {
    const list = times(
      { points: [{ fromMs: 0, rps: 10 }], ramp: false, arrivals: 'uniform' },
      1_001,
    );
    expect(list).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('gives the same times for the same seed', () => {
    const traffic: TrafficSpec = {
      points: [{ fromMs: 0, rps: 50 }],
      ramp: false,
      arrivals: 'poisson',
    };
    expect(times(traffic, 10_000, 3)).toEqual(times(traffic, 10_000, 3));
    expect(times(traffic, 10_000, 3)).not.toEqual(times(traffic, 10_000, 4));
  });
});
