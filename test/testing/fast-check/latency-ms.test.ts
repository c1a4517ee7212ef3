import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latencyMs } from '../../../src/testing/fast-check/index.js';

describe('latencyMs', () => {
  it('draws whole milliseconds within bounds, mostly typical, with a tail', () => {
    const draws = fc.sample(latencyMs({ minMs: 5, typicalMs: 50, maxMs: 3_000 }), {
      numRuns: 2_000,
      seed: 1,
    });
    for (const ms of draws) {
      expect(Number.isInteger(ms)).toBe(true);
      expect(ms).toBeGreaterThanOrEqual(5);
      expect(ms).toBeLessThanOrEqual(3_000);
    }
    const tail = draws.filter((ms) => ms > 50).length / draws.length;
    expect(tail).toBeGreaterThan(0.1);
    expect(tail).toBeLessThan(0.3);
  });

  it('defaults to 0 to 100 ms, with a tail to 2 s, and may have no tail', () => {
    const draws = fc.sample(latencyMs(), { numRuns: 500, seed: 2 });
    expect(Math.min(...draws)).toBe(0);
    expect(Math.max(...draws)).toBeGreaterThan(100);
    expect(Math.max(...draws)).toBeLessThanOrEqual(2_000);
    expect(fc.sample(latencyMs({ typicalMs: 7, maxMs: 7 }), 100).every((ms) => ms <= 7)).toBe(true);
    // A typicalMs above the default maxMs moves maxMs up with it.
    expect(() => latencyMs({ typicalMs: 5_000 })).not.toThrow();
  });

  it('rejects bad bounds, naming them', () => {
    expect(() => latencyMs({ minMs: -1 })).toThrow('minMs must be an integer >= 0, got -1');
    expect(() => latencyMs({ minMs: 10, typicalMs: 5 })).toThrow(
      'typicalMs must be an integer >= 10, got 5',
    );
    expect(() => latencyMs({ typicalMs: 50, maxMs: 20 })).toThrow(
      'maxMs must be an integer >= 50, got 20',
    );
    expect(() => latencyMs({ maxMs: 2 ** 60 })).toThrow('maxMs must be a safe integer');
    expect(() => latencyMs({ max: 5 } as never)).toThrow(
      'unknown option "max" (did you mean "maxMs"?)',
    );
  });
});
