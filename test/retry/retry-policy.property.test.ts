import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/clock/index.js';
import { RetryPolicy, constant, type GiveUpReason } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { recordEvents, runToEnd } from './helpers.js';

type Outcome = 'ok' | 'retryable' | 'fatal' | 'badResult';

interface Scenario {
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly maxElapsedMs: number | undefined;
  /** Attempt i has outcome outcomes[min(i, last)] and lasts durations[i % length]. */
  readonly outcomes: readonly Outcome[];
  readonly durations: readonly number[];
}

interface Expected {
  readonly calls: number;
  readonly elapsedMs: number;
  readonly end: { kind: 'success' } | { kind: 'giveUp'; reason: GiveUpReason; last: Outcome };
}

const outcomeAt = (s: Scenario, i: number): Outcome =>
  s.outcomes[Math.min(i, s.outcomes.length - 1)]!;
const durationAt = (s: Scenario, i: number): number => s.durations[i % s.durations.length]!;

/** The reference: the documented rules, applied one attempt at a time on a plain number line. */
function model(s: Scenario): Expected {
  let t = 0;
  for (let i = 0; ; i++) {
    const outcome = outcomeAt(s, i);
    t += durationAt(s, i);
    const calls = i + 1;
    if (outcome === 'ok') return { calls, elapsedMs: t, end: { kind: 'success' } };
    const giveUp = (reason: GiveUpReason): Expected => ({
      calls,
      elapsedMs: t,
      end: { kind: 'giveUp', reason, last: outcome },
    });
    if (outcome === 'fatal') return giveUp('notRetryable');
    if (calls >= s.maxAttempts) return giveUp('attempts');
    if (s.maxElapsedMs !== undefined && t + s.delayMs > s.maxElapsedMs) return giveUp('deadline');
    t += s.delayMs;
  }
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  maxAttempts: fc.integer({ min: 1, max: 8 }),
  delayMs: fc.integer({ min: 0, max: 100 }),
  maxElapsedMs: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
  outcomes: fc.array(fc.constantFrom<Outcome>('ok', 'retryable', 'fatal', 'badResult'), {
    minLength: 1,
    maxLength: 10,
  }),
  durations: fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 5 }),
});

describe('RetryPolicy against a reference model', () => {
  it('makes the same attempts, waits the same time and ends the same way for any mix of outcomes', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const clock = new VirtualClock();
        const fatal = new Set<unknown>();
        const policy = new RetryPolicy({
          clock,
          maxAttempts: s.maxAttempts,
          backoff: constant(s.delayMs),
          ...(s.maxElapsedMs === undefined ? {} : { maxElapsedMs: s.maxElapsedMs }),
          shouldRetry: (error) => !fatal.has(error),
          retryOnResult: (result) => (result as { bad?: boolean }).bad === true,
        });
        const log = recordEvents(policy.events);
        const produced: unknown[] = [];
        let calls = 0;
        const outcome = await runToEnd(
          clock,
          policy.execute(async ({ attempt }) => {
            expect(attempt).toBe(++calls);
            const i = attempt - 1;
            await sleep(durationAt(s, i), { clock });
            const kind = outcomeAt(s, i);
            const value =
              kind === 'ok'
                ? { ok: attempt }
                : kind === 'badResult'
                  ? { bad: true }
                  : new Error(kind);
            produced.push(value);
            if (kind === 'fatal') fatal.add(value);
            if (value instanceof Error) throw value;
            return value;
          }),
        );

        const expected = model(s);
        expect(calls).toBe(expected.calls);
        expect(clock.now()).toBe(expected.elapsedMs);
        expect(clock.pendingTimers).toBe(0);
        const last = produced.at(-1);
        const retries = log.filter(([name]) => name === 'retry');
        expect(retries).toHaveLength(expected.calls - 1);
        expect(retries.every(([, p]) => (p as { delayMs: number }).delayMs === s.delayMs)).toBe(
          true,
        );
        // Each failed attempt's own duration, timed on the virtual clock.
        expect(retries.map(([, p]) => (p as { durationMs: number }).durationMs)).toEqual(
          retries.map((_, i) => durationAt(s, i)),
        );
        const ends = log.filter(([name]) => name !== 'retry');
        expect(ends).toHaveLength(1);
        if (expected.end.kind === 'success') {
          expect(outcome).toEqual({ value: last });
          expect(ends[0]).toEqual(['success', { attempts: expected.calls }]);
        } else {
          const field = expected.end.last === 'badResult' ? 'result' : 'error';
          if (field === 'result') expect('value' in outcome && outcome.value).toBe(last);
          else expect('error' in outcome && outcome.error).toBe(last);
          expect(ends[0]).toEqual([
            'giveUp',
            {
              attempts: expected.calls,
              reason: expected.end.reason,
              durationMs: durationAt(s, expected.calls - 1),
              [field]: last,
            },
          ]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with maxAttempts Infinity, retries until the deadline', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({
      clock,
      maxAttempts: Infinity,
      backoff: constant(100),
      maxElapsedMs: 1_000,
    });
    let calls = 0;
    const outcome = await runToEnd(
      clock,
      policy.execute(async () => {
        calls++;
        throw new Error('down');
      }),
    );
    expect('error' in outcome).toBe(true);
    expect(calls).toBe(11);
    expect(clock.now()).toBe(1_000);
  });
});
