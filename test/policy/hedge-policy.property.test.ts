import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HedgePolicy } from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { scripted, type Script } from './hedge-helpers.js';

interface Outcome {
  /** The attempt whose success won, or undefined when every attempt failed. */
  readonly winner: number | undefined;
  /** The attempt whose failure ended the call, when none won. */
  readonly lastFailure: number | undefined;
  /** When each attempt started. */
  readonly starts: readonly number[];
}

/**
 * The reference model, a plain event loop over scripted attempts: attempt `i` runs `latency[i]` ms
 * and succeeds when `ok[i]`. Hedge `k` starts `delay` ms after attempt `k - 1` started, or at once
 * when a running attempt fails first, up to `maxHedges`; none starts at or after `deadline`. The
 * first success wins; with none, the last failure ends the call. Returns undefined for a tie (two
 * events at one instant), whose order the model does not decide.
 */
function model(
  latency: readonly number[],
  ok: readonly boolean[],
  delay: number,
  maxHedges: number,
  deadline: number,
): Outcome | undefined {
  const starts = [0];
  const done: boolean[] = [false];
  let open = true;
  let lastFailure: number | undefined;
  for (;;) {
    let next: number | undefined; // the running attempt that ends first
    for (let i = 0; i < starts.length; i++) {
      if (done[i]) continue;
      if (next === undefined || starts[i]! + latency[i]! < starts[next]! + latency[next]!) next = i;
    }
    const ends = next === undefined ? Infinity : starts[next]! + latency[next]!;
    const hedgeDue =
      open && starts.length <= maxHedges ? starts[starts.length - 1]! + delay : Infinity;
    const first = Math.min(ends, hedgeDue);
    const events = [hedgeDue, ...starts.map((s, i) => (done[i] ? NaN : s + latency[i]!))];
    if (first !== Infinity && events.filter((t) => t === first).length > 1) return undefined;
    if (hedgeDue < ends) {
      if (hedgeDue >= deadline) open = false;
      else {
        starts.push(hedgeDue);
        done.push(false);
      }
      continue;
    }
    if (next === undefined) return { winner: undefined, lastFailure, starts };
    done[next] = true;
    if (ok[next]) return { winner: next, lastFailure: undefined, starts };
    lastFailure = next;
    if (open && starts.length <= maxHedges) {
      if (ends >= deadline) open = false;
      else {
        starts.push(ends);
        done.push(false);
        continue;
      }
    }
    if (done.every(Boolean)) return { winner: undefined, lastFailure, starts };
  }
}

describe('HedgePolicy against a reference model', () => {
  it('picks the winner, the failure and the start times the model does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.record({ latency: fc.integer({ min: 1, max: 400 }), ok: fc.boolean() }), {
          minLength: 4,
          maxLength: 4,
        }),
        fc.integer({ min: 0, max: 200 }),
        fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
        async (maxHedges, attempts, delay, deadline) => {
          const latency = attempts.map((a) => a.latency);
          const ok = attempts.map((a) => a.ok);
          const expected = model(latency, ok, delay, maxHedges, deadline ?? Infinity);
          fc.pre(expected !== undefined);
          const clock = new VirtualClock();
          const policy = new HedgePolicy({ delayMs: delay, maxHedges, clock });
          const errors = attempts.map((_, i) => new Error(`attempt ${i}`));
          const scripts: Script[] = attempts.map((a, i) =>
            a.ok ? { ms: a.latency, value: i } : { ms: a.latency, error: errors[i] },
          );
          const { fn, contexts, startedAt } = scripted(clock, scripts);
          const outcome = policy
            .execute(fn, deadline === undefined ? undefined : { deadline })
            .then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            );
          await clock.runAll();
          const result = await outcome;
          expect(startedAt).toEqual(expected.starts);
          if (expected.winner === undefined) {
            expect(result).toEqual({ error: errors[expected.lastFailure!] });
            expect((result as { error: unknown }).error).toBe(errors[expected.lastFailure!]);
          } else {
            expect(result).toEqual({ value: expected.winner });
            // Every loser still running when the winner settled was aborted.
            contexts.forEach((context, i) => {
              const end = startedAt[i]! + latency[i]!;
              const winnerEnd = startedAt[expected.winner!]! + latency[expected.winner!]!;
              if (i !== expected.winner && end > winnerEnd) {
                expect(context.signal.aborted).toBe(true);
              }
            });
          }
          expect(clock.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
