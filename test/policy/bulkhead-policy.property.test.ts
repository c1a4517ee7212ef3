import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/clock/index.js';
import { BulkheadPolicy, isBulkheadRejectedError } from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { abortListeners } from './load-helpers.js';

/** What the test does, in order: start a call, abort an earlier call, or let time pass. */
const op = fc.oneof(
  fc.record({
    kind: fc.constant('call' as const),
    durationMs: fc.integer({ min: 1, max: 40 }),
    withSignal: fc.boolean(),
    fails: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('abort' as const), back: fc.nat({ max: 3 }) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 30 }) }),
);

const scenario = fc.record({
  maxConcurrent: fc.integer({ min: 1, max: 4 }),
  maxQueue: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(Infinity)),
  ops: fc.array(op, { maxLength: 40 }),
});

type Outcome = 'ran' | 'full' | 'aborted';

/**
 * The bulkhead as a model that knows nothing of promises: a set of running calls and a queue.
 * It is told what happens in the order it happens (arrivals, ends, aborts) and says what the
 * bulkhead must decide.
 */
class Model {
  readonly running = new Set<number>();
  readonly queue: number[] = [];
  readonly starts: number[] = [];
  readonly outcomes = new Map<number, Outcome>();

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {}

  arrive(id: number): void {
    if (this.running.size < this.maxConcurrent) this.start(id);
    else if (this.queue.length < this.maxQueue) this.queue.push(id);
    else this.outcomes.set(id, 'full');
  }

  end(id: number): void {
    this.running.delete(id);
    while (this.running.size < this.maxConcurrent && this.queue.length > 0) {
      this.start(this.queue.shift()!);
    }
  }

  abort(id: number): void {
    const index = this.queue.indexOf(id);
    if (index === -1) return;
    this.queue.splice(index, 1);
    this.outcomes.set(id, 'aborted');
  }

  private start(id: number): void {
    this.running.add(id);
    this.starts.push(id);
    this.outcomes.set(id, 'ran');
  }
}

describe('BulkheadPolicy against a model', () => {
  it('never lets more than maxConcurrent in, starts calls first in first out, decides as the model does', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const clock = new VirtualClock();
        const bulkhead = new BulkheadPolicy({
          maxConcurrent: s.maxConcurrent,
          maxQueue: s.maxQueue,
          clock,
        });
        const model = new Model(s.maxConcurrent, s.maxQueue);
        const controllers: (AbortController | undefined)[] = [];
        const settled: { outcome: Outcome | 'failed' | 'other'; count: number }[] = [];
        const starts: number[] = [];
        let inside = 0;
        let mostInside = 0;
        const boom = new Error('boom');

        for (const o of s.ops) {
          if (o.kind === 'wait') {
            await clock.advance(o.ms);
          } else if (o.kind === 'abort') {
            const target = controllers.length - 1 - o.back;
            const controller = controllers[target];
            if (controller !== undefined && !controller.signal.aborted) {
              model.abort(target);
              controller.abort(new Error(`abort ${target}`));
            }
          } else {
            const id = controllers.length;
            const controller = o.withSignal ? new AbortController() : undefined;
            controllers.push(controller);
            const record = { outcome: 'other' as Outcome | 'failed' | 'other', count: 0 };
            settled.push(record);
            model.arrive(id);
            bulkhead
              .execute(
                async ({ signal }) => {
                  starts.push(id);
                  inside++;
                  mostInside = Math.max(mostInside, inside);
                  try {
                    // Honours its signal: an abort while it runs ends it early, as a failure.
                    await sleep(o.durationMs, { clock, signal });
                    if (o.fails) throw boom;
                    return id;
                  } finally {
                    inside--;
                    model.end(id);
                  }
                },
                controller === undefined ? undefined : { signal: controller.signal },
              )
              .then(
                (value) => {
                  record.count++;
                  record.outcome = value === id ? 'ran' : 'other';
                },
                (error: unknown) => {
                  record.count++;
                  if (isBulkheadRejectedError(error) && error.reason === 'full') {
                    record.outcome = 'full';
                  } else if (error === boom || (starts.includes(id) && error instanceof Error)) {
                    record.outcome = 'ran';
                  } else if (error === controller?.signal.reason) {
                    record.outcome = 'aborted';
                  }
                },
              );
          }
          // Work-conserving: nobody waits while a slot is free.
          expect(bulkhead.queued === 0 || bulkhead.active === s.maxConcurrent).toBe(true);
        }
        await clock.runAll();

        expect(mostInside).toBeLessThanOrEqual(s.maxConcurrent);
        expect(starts).toEqual(model.starts);
        // First in, first out: calls start in the order they arrived.
        expect(starts).toEqual([...starts].sort((a, b) => a - b));
        expect(settled.map((r) => r.count)).toEqual(settled.map(() => 1));
        expect(settled.map((r) => r.outcome)).toEqual(
          settled.map((_, id) => model.outcomes.get(id)),
        );
        expect([bulkhead.active, bulkhead.queued, clock.pendingTimers]).toEqual([0, 0, 0]);
        for (const controller of controllers) {
          if (controller !== undefined) expect(abortListeners(controller.signal)).toBe(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
