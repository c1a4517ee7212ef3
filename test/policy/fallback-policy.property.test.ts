import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fallback } from '../../src/policy/index.js';

const scenario = fc.record({
  /** How the call ends: a value, a rejection, or a synchronous throw. */
  ends: fc.constantFrom('value' as const, 'rejects' as const, 'throws' as const),
  /** Whether shouldHandle is given, and what it answers. */
  handles: fc.constantFrom('default' as const, 'yes' as const, 'no' as const),
  /** What the fallback is: a value, a function of the error, one that rejects, one that throws. */
  fallsBackWith: fc.constantFrom(
    'value' as const,
    'function' as const,
    'rejects' as const,
    'throws' as const,
  ),
  /** Whether the caller's signal aborts while the call runs. */
  aborted: fc.boolean(),
  listeners: fc.nat({ max: 2 }),
});

describe('fallback against a model', () => {
  it('settles each call once, with the result, the fallback or the original error, as the model says', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const own = new Error('the call failed');
        const fallbackError = new Error('the fallback failed');
        const seen: unknown[] = [];
        const value =
          s.fallsBackWith === 'value'
            ? 'fallback'
            : ({ error }: { error: unknown }) => {
                seen.push(error);
                if (s.fallsBackWith === 'throws') throw fallbackError;
                if (s.fallsBackWith === 'rejects') return Promise.reject(fallbackError);
                return 'fallback';
              };
        const policy = fallback(
          value,
          s.handles === 'default' ? undefined : { shouldHandle: () => s.handles === 'yes' },
        );
        const events: unknown[] = [];
        for (let i = 0; i < s.listeners; i++) {
          policy.events.on('fallback', ({ error }) => events.push(error));
        }
        const controller = new AbortController();
        let settlements = 0;
        let outcome: { value: unknown } | { error: unknown } | undefined;
        await policy
          .execute(
            () => {
              if (s.aborted) controller.abort();
              if (s.ends === 'throws') throw own;
              return s.ends === 'rejects' ? Promise.reject(own) : 'result';
            },
            { signal: controller.signal },
          )
          .then(
            (v) => {
              settlements++;
              outcome = { value: v };
            },
            (error: unknown) => {
              settlements++;
              outcome = { error };
            },
          );

        const failed = s.ends !== 'value';
        const fallsBack = failed && !s.aborted && s.handles !== 'no';
        const expected = !failed
          ? { value: 'result' }
          : !fallsBack
            ? { error: own }
            : s.fallsBackWith === 'value' || s.fallsBackWith === 'function'
              ? { value: 'fallback' }
              : { error: fallbackError };
        expect(settlements).toBe(1);
        expect(outcome).toEqual(expected);
        if ('error' in expected) expect((outcome as { error: unknown }).error).toBe(expected.error);
        expect(events).toEqual(fallsBack ? Array.from({ length: s.listeners }, () => own) : []);
        expect(seen).toEqual(fallsBack && s.fallsBackWith !== 'value' ? [own] : []);
      }),
      { numRuns: 200 },
    );
  });
});
