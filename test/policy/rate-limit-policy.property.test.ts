import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isRateLimitedError,
  RateLimitPolicy,
  type RateLimitRejectReason,
} from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { abortListeners } from './load-helpers.js';

/**
 * Whole figures only (a token every `emissionMs`, integer times): the model counts exactly, and
 * a tie between a token and an arrival is decided the same way every time (the clock fires the
 * timers due at a time before the test acts at it).
 */
const scenario = fc.record({
  limit: fc.integer({ min: 1, max: 4 }),
  emissionMs: fc.integer({ min: 1, max: 30 }),
  burst: fc.integer({ min: 1, max: 4 }),
  maxWaitMs: fc.integer({ min: 0, max: 80 }),
  maxQueue: fc.constantFrom(0, 1, 2, Infinity),
  ops: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant('call' as const),
        gapMs: fc.integer({ min: 0, max: 25 }),
        withSignal: fc.boolean(),
        deadlineInMs: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      }),
      fc.record({
        kind: fc.constant('abort' as const),
        gapMs: fc.integer({ min: 0, max: 25 }),
        back: fc.nat({ max: 3 }),
      }),
    ),
    { maxLength: 40 },
  ),
});

type Expected =
  | { readonly kind: 'ran'; readonly at: number }
  | {
      readonly kind: 'rejected';
      readonly reason: RateLimitRejectReason;
      readonly retryAfterMs: number;
    }
  | { readonly kind: 'aborted' };

/**
 * A token bucket counted in whole units: a token is `intervalMs` units, and `limit` units come
 * back each millisecond, up to `burst` tokens. A call takes a token; one left owing waits until
 * the bucket is back to zero.
 */
class Model {
  units: number;
  at = 0;
  /** When each accepted call starts. */
  readonly starts = new Map<number, number>();
  readonly expected = new Map<number, Expected>();

  constructor(
    readonly limit: number,
    readonly intervalMs: number,
    readonly burst: number,
    readonly maxWaitMs: number,
    readonly maxQueue: number,
  ) {
    this.units = burst * intervalMs;
  }

  refill(now: number): void {
    this.units = Math.min(this.burst * this.intervalMs, this.units + (now - this.at) * this.limit);
    this.at = now;
  }

  arrive(id: number, now: number, deadline: number | undefined): void {
    this.refill(now);
    const reject = (reason: RateLimitRejectReason, retryAfterMs: number) =>
      this.expected.set(id, { kind: 'rejected', reason, retryAfterMs });
    if (deadline !== undefined && now >= deadline) {
      reject('deadline', Math.max(0, (this.intervalMs - this.units) / this.limit));
      return;
    }
    this.units -= this.intervalMs;
    if (this.units >= 0) {
      this.accept(id, now);
      return;
    }
    const wait = -this.units / this.limit;
    const waiting = [...this.starts.values()].filter((start) => start > now).length;
    const reason: RateLimitRejectReason | undefined =
      wait > this.maxWaitMs
        ? 'limit'
        : waiting >= this.maxQueue
          ? 'queue'
          : deadline !== undefined && now + wait >= deadline
            ? 'deadline'
            : undefined;
    if (reason === undefined) this.accept(id, now + wait);
    else {
      this.units += this.intervalMs;
      reject(reason, wait);
    }
  }

  abort(id: number, now: number): void {
    const start = this.starts.get(id);
    if (start === undefined || start <= now) return;
    this.refill(now);
    this.units += this.intervalMs;
    this.starts.delete(id);
    this.expected.set(id, { kind: 'aborted' });
  }

  private accept(id: number, at: number): void {
    this.starts.set(id, at);
    this.expected.set(id, { kind: 'ran', at });
  }
}

describe('RateLimitPolicy against a model', () => {
  it('admits no more than burst + limit * elapsed / interval, first in first out, as a token bucket decides', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const clock = new VirtualClock();
        const intervalMs = s.limit * s.emissionMs;
        const limiter = new RateLimitPolicy({
          limit: s.limit,
          intervalMs,
          burst: s.burst,
          maxWaitMs: s.maxWaitMs,
          maxQueue: s.maxQueue,
          clock,
        });
        const model = new Model(s.limit, intervalMs, s.burst, s.maxWaitMs, s.maxQueue);
        const controllers: (AbortController | undefined)[] = [];
        const actual: (Expected | undefined)[] = [];
        const counts: number[] = [];
        const started: number[] = [];

        for (const o of s.ops) {
          await clock.advance(o.gapMs);
          const now = clock.now();
          if (o.kind === 'abort') {
            const target = controllers.length - 1 - o.back;
            const controller = controllers[target];
            if (controller !== undefined && !controller.signal.aborted) {
              model.abort(target, now);
              controller.abort(new Error(`abort ${target}`));
            }
            continue;
          }
          const id = controllers.length;
          const controller = o.withSignal ? new AbortController() : undefined;
          controllers.push(controller);
          actual.push(undefined);
          counts.push(0);
          const deadline = o.deadlineInMs === undefined ? undefined : now + o.deadlineInMs;
          model.arrive(id, now, deadline);
          limiter
            .execute(
              () => {
                started.push(id);
                return clock.now();
              },
              { ...(controller === undefined ? {} : { signal: controller.signal }), deadline },
            )
            .then(
              (at) => {
                counts[id]!++;
                actual[id] = { kind: 'ran', at };
              },
              (error: unknown) => {
                counts[id]!++;
                actual[id] = isRateLimitedError(error)
                  ? { kind: 'rejected', reason: error.reason, retryAfterMs: error.retryAfterMs }
                  : error === controller?.signal.reason
                    ? { kind: 'aborted' }
                    : undefined;
              },
            );
        }
        await clock.runAll();

        expect(counts).toEqual(counts.map(() => 1));
        expect(actual).toEqual(actual.map((_, id) => model.expected.get(id)));
        // First in, first out.
        expect(started).toEqual([...started].sort((a, b) => a - b));
        // The bucket's bound, over every window between two starts.
        const times = actual
          .filter((a): a is Extract<Expected, { kind: 'ran' }> => a?.kind === 'ran')
          .map((a) => a.at)
          .sort((a, b) => a - b);
        for (let i = 0; i < times.length; i++) {
          for (let j = i; j < times.length; j++) {
            const elapsed = times[j]! - times[i]!;
            expect(j - i + 1).toBeLessThanOrEqual(s.burst + (s.limit * elapsed) / intervalMs);
          }
        }
        expect([limiter.queued, clock.pendingTimers]).toEqual([0, 0]);
        for (const controller of controllers) {
          if (controller !== undefined) expect(abortListeners(controller.signal)).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
