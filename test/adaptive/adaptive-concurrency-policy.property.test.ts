import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrencyPolicy } from '../../src/adaptive/index.js';
import { sleep } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const call = fc.record({
  arriveAt: fc.integer({ min: 0, max: 200 }),
  durationMs: fc.integer({ min: 0, max: 100 }),
  result: fc.constantFrom('ok', 'overload', 'error'),
  abortAfterMs: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
  deadlineAfterMs: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
});

const setup = fc.record({
  algorithm: fc.constantFrom('aimd' as const, 'gradient2' as const, 'vegas' as const),
  minLimit: fc.integer({ min: 1, max: 3 }),
  span: fc.integer({ min: 0, max: 5 }),
  maxQueue: fc.integer({ min: 0, max: 3 }),
});

describe('AdaptiveConcurrencyPolicy, on random schedules', () => {
  it('never starts a call over the limit, keeps the limit in bounds, serves its queue in order, settles every call and leaves nothing behind', async () => {
    await fc.assert(
      fc.asyncProperty(setup, fc.array(call, { maxLength: 30 }), async (s, calls) => {
        const clock = new VirtualClock();
        const maxLimit = s.minLimit + s.span;
        const limiter = new AdaptiveConcurrencyPolicy({
          clock,
          algorithm: s.algorithm,
          minLimit: s.minLimit,
          maxLimit,
          initialLimit: s.minLimit,
          maxQueue: s.maxQueue,
        });
        const inBounds = (): void => {
          expect(limiter.limit).toBeGreaterThanOrEqual(s.minLimit);
          expect(limiter.limit).toBeLessThanOrEqual(maxLimit);
        };
        const limits: [inFlight: number, limit: number][] = [];
        const queuedOrder: number[] = [];
        const startedFromQueue: number[] = [];
        const settled: number[] = [];
        const signals: AbortSignal[] = [];
        const promises: Promise<void>[] = [];
        calls.forEach((c, index) => {
          clock.setTimer(c.arriveAt, () => {
            const controller = new AbortController();
            signals.push(controller.signal);
            if (c.abortAfterMs !== undefined) {
              clock.setTimer(c.abortAfterMs, () => controller.abort(new Error('left')));
            }
            let started = false;
            const queuedBefore = limiter.queued;
            const promise = limiter.execute(
              async ({ signal }) => {
                started = true;
                // Recorded, not asserted: an assertion thrown here would only reject the call.
                limits.push([limiter.inFlight, limiter.limit]);
                if (queuedOrder.includes(index)) startedFromQueue.push(index);
                await sleep(c.durationMs, { clock, signal });
                if (c.result === 'overload')
                  throw Object.assign(new Error('busy'), { status: 503 });
                if (c.result === 'error') throw new Error('other');
                return index;
              },
              {
                signal: controller.signal,
                deadline:
                  c.deadlineAfterMs === undefined ? undefined : clock.now() + c.deadlineAfterMs,
              },
            );
            if (!started && limiter.queued > queuedBefore) queuedOrder.push(index);
            promises.push(
              promise.then(
                () => {
                  settled.push(index);
                },
                () => {
                  settled.push(index);
                },
              ),
            );
          });
        });
        await clock.runAll();
        await Promise.all(promises);
        expect([...settled].sort((a, b) => a - b)).toEqual(calls.map((_, index) => index));
        const order = queuedOrder.filter((index) => startedFromQueue.includes(index));
        expect(startedFromQueue).toEqual(order);
        inBounds();
        for (const [inFlight, limit] of limits) {
          expect(inFlight).toBeLessThanOrEqual(limit);
          expect(limit).toBeGreaterThanOrEqual(s.minLimit);
          expect(limit).toBeLessThanOrEqual(maxLimit);
        }
        expect([limiter.inFlight, limiter.queued, clock.pendingTimers]).toEqual([0, 0, 0]);
        for (const signal of signals) expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      }),
    );
  });
});
