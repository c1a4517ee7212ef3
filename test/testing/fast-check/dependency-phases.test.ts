import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dependencyPhases } from '../../../src/testing/fast-check/index.js';
import { timeline } from '../../../src/testing/index.js';

describe('dependencyPhases', () => {
  it('draws labelled phases within bounds, each kind true to its label', () => {
    const all = fc.sample(
      dependencyPhases({
        value: 'x',
        hangs: true,
        latency: { typicalMs: 50, maxMs: 500 },
        minPhases: 2,
        maxPhases: 3,
        minPhaseMs: 100,
        maxPhaseMs: 200,
      }),
      { numRuns: 300, seed: 5 },
    );
    const labels = new Set<string | undefined>();
    for (const phases of all) {
      expect(phases.length).toBeGreaterThanOrEqual(2);
      expect(phases.length).toBeLessThanOrEqual(3);
      expect(() => timeline(phases)).not.toThrow();
      for (const phase of phases) {
        labels.add(phase.label);
        expect(phase.durationMs).toBeGreaterThanOrEqual(100);
        expect(phase.durationMs).toBeLessThanOrEqual(200);
        const kinds = new Set(phase.steps.map((step) => step.kind));
        if (phase.label === 'healthy' || phase.label === 'slow')
          expect(kinds).toEqual(new Set(['ok']));
        if (phase.label === 'outage') expect(kinds.has('ok')).toBe(false);
        if (phase.label === 'flaky') expect(phase.steps.length).toBeGreaterThanOrEqual(2);
        if (phase.label === 'slow') {
          for (const step of phase.steps) expect(step).toMatchObject({ value: 'x' });
          for (const step of phase.steps) {
            if (step.kind === 'ok') expect(step.latencyMs).toBeGreaterThanOrEqual(50);
          }
        }
      }
    }
    expect(labels).toEqual(new Set(['healthy', 'outage', 'flaky', 'slow']));
    const steps = all.flat().flatMap((phase) => phase.steps);
    expect(steps.some((step) => step.kind === 'hang')).toBe(true);
  });

  it('hangs only when asked, and draws only the kinds asked for', () => {
    const all = fc.sample(dependencyPhases({ kinds: ['outage', 'flaky'] }), {
      numRuns: 200,
      seed: 6,
    });
    const phases = all.flat();
    expect(new Set(phases.map((phase) => phase.label))).toEqual(new Set(['outage', 'flaky']));
    expect(phases.flatMap((phase) => phase.steps).some((step) => step.kind === 'hang')).toBe(false);
  });

  it('rejects bad options, naming them', () => {
    expect(() => dependencyPhases({ kinds: [] })).toThrow(
      'kinds must be a non-empty array of healthy, outage, flaky, slow, got an array of 0',
    );
    expect(() => dependencyPhases({ kinds: ['down' as never] })).toThrow(/kinds must be/);
    expect(() => dependencyPhases({ hangs: 1 as never })).toThrow('hangs must be a boolean, got 1');
    expect(() => dependencyPhases({ minPhases: 0 })).toThrow('minPhases must be an integer >= 1');
    expect(() => dependencyPhases({ minPhases: 5, maxPhases: 4 })).toThrow(
      'maxPhases must be an integer >= 5, got 4',
    );
    expect(() => dependencyPhases({ minPhaseMs: -1 })).toThrow(
      'minPhaseMs must be an integer >= 0',
    );
    expect(() => dependencyPhases({ minPhaseMs: 50, maxPhaseMs: 10 })).toThrow(
      'maxPhaseMs must be an integer >= 50, got 10',
    );
    expect(() => dependencyPhases({ failures: [700] })).toThrow(
      'failures[0] must be an HTTP status',
    );
    expect(() => dependencyPhases({ phases: 3 } as never)).toThrow(/unknown option "phases"/);
  });
});
