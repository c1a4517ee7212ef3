import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callSchedule } from '../../../src/testing/fast-check/index.js';

describe('callSchedule', () => {
  it('draws non-decreasing arrival times, within the asked count and gaps, with bursts', () => {
    const all = fc.sample(callSchedule({ minCalls: 2, maxCalls: 6, maxGapMs: 40 }), {
      numRuns: 300,
      seed: 7,
    });
    let simultaneous = 0;
    for (const times of all) {
      expect(times.length).toBeGreaterThanOrEqual(2);
      expect(times.length).toBeLessThanOrEqual(6);
      expect(times[0]).toBeLessThanOrEqual(40);
      for (let i = 1; i < times.length; i++) {
        const gap = times[i]! - times[i - 1]!;
        expect(gap).toBeGreaterThanOrEqual(0);
        expect(gap).toBeLessThanOrEqual(40);
        if (gap === 0) simultaneous++;
      }
    }
    expect(simultaneous).toBeGreaterThan(100);
  });

  it('defaults to 1 to 20 calls', () => {
    const lengths = fc.sample(callSchedule(), { numRuns: 300, seed: 8 }).map((t) => t.length);
    expect(Math.min(...lengths)).toBe(1);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(20);
  });

  it('rejects bad options, naming them', () => {
    expect(() => callSchedule({ minCalls: 0 })).toThrow('minCalls must be an integer >= 1, got 0');
    expect(() => callSchedule({ minCalls: 3, maxCalls: 2 })).toThrow(
      'maxCalls must be an integer >= 3, got 2',
    );
    expect(() => callSchedule({ maxGapMs: 1.5 })).toThrow('maxGapMs must be an integer >= 0');
    expect(() => callSchedule({ calls: 3 } as never)).toThrow(/unknown option "calls"/);
  });
});
