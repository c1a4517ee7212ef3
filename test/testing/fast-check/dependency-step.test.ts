import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dependencyStep } from '../../../src/testing/fast-check/index.js';

describe('dependencyStep', () => {
  it('draws ok and fail steps by weight, failures from the mix, latencies within bounds', () => {
    const reset = new Error('reset');
    const steps = fc.sample(
      dependencyStep({
        value: 'x',
        failures: [429, reset],
        latency: { typicalMs: 10, maxMs: 20 },
        weights: { ok: 1, fail: 1, hang: 1 },
      }),
      { numRuns: 600, seed: 3 },
    );
    const kinds = new Map<string, number>();
    for (const step of steps) {
      kinds.set(step.kind, (kinds.get(step.kind) ?? 0) + 1);
      if (step.kind === 'hang') continue;
      expect(step.latencyMs).toBeLessThanOrEqual(20);
      if (step.kind === 'ok') expect(step.value).toBe('x');
      else expect(step.status === 429 || step.error === reset).toBe(true);
    }
    for (const kind of ['ok', 'fail', 'hang']) expect(kinds.get(kind)).toBeGreaterThan(120);
  });

  it('by default: answers and failures (500, 503, a network error), never a hang', () => {
    const steps = fc.sample(dependencyStep(), { numRuns: 500, seed: 4 });
    expect(steps.some((step) => step.kind === 'hang')).toBe(false);
    const failures = new Set(
      steps.flatMap((step) =>
        step.kind !== 'fail' ? [] : [step.status ?? (step.error as Error).message],
      ),
    );
    expect(failures).toEqual(new Set([500, 503, 'fetch failed']));
  });

  it('leaves out a kind weighted 0', () => {
    const steps = fc.sample(dependencyStep({ weights: { ok: 0 } }), 200);
    expect(steps.every((step) => step.kind === 'fail')).toBe(true);
  });

  it('rejects bad options, naming them', () => {
    expect(() => dependencyStep({ failures: [] })).toThrow(
      'failures must be a non-empty array, got an array of 0',
    );
    expect(() => dependencyStep({ failures: [503, 200] })).toThrow(
      'failures[1] must be an HTTP status in [400, 599], got 200',
    );
    expect(() => dependencyStep({ weights: { ok: 0, fail: 0 } })).toThrow(
      'weights must not all be 0',
    );
    expect(() => dependencyStep({ weights: { ok: 1.5 } })).toThrow(
      'weights.ok must be an integer >= 0, got 1.5',
    );
    expect(() => dependencyStep({ weights: { hangs: 1 } } as never)).toThrow(
      'unknown option "weights.hangs" (did you mean "weights.hang"?)',
    );
    expect(() => dependencyStep({ latency: { typicalMs: -1 } })).toThrow(
      'latency.typicalMs must be an integer >= 0, got -1',
    );
    expect(() => dependencyStep({ failure: [503] } as never)).toThrow(
      'unknown option "failure" (did you mean "failures"?)',
    );
  });
});
