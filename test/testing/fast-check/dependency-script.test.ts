import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dependencyScript } from '../../../src/testing/fast-check/index.js';
import { FakeDependency, VirtualClock } from '../../../src/testing/index.js';

describe('dependencyScript', () => {
  it('draws scripts of the asked length that a FakeDependency plays', async () => {
    await fc.assert(
      fc.asyncProperty(
        dependencyScript({ value: 'x', minLength: 2, maxLength: 4 }),
        async (script) => {
          expect(script.length).toBeGreaterThanOrEqual(2);
          expect(script.length).toBeLessThanOrEqual(4);
          const clock = new VirtualClock();
          const dependency = new FakeDependency({ clock, script });
          const outcomes = await clock.run(Promise.allSettled(script.map(() => dependency.call())));
          expect(outcomes.map((outcome) => outcome.status)).toEqual(
            script.map((step) => (step.kind === 'ok' ? 'fulfilled' : 'rejected')),
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it('rejects bad lengths, naming them', () => {
    expect(() => dependencyScript({ minLength: 0 })).toThrow(
      'minLength must be an integer >= 1, got 0',
    );
    expect(() => dependencyScript({ minLength: 3, maxLength: 2 })).toThrow(
      'maxLength must be an integer >= 3, got 2',
    );
    expect(() => dependencyScript({ length: 3 } as never)).toThrow(/unknown option "length"/);
  });
});
