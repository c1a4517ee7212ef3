import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SimulatedBackend,
  VirtualClock,
  sampleLatency,
  seededRandom,
} from '../../src/testing/index.js';
import type { DependencyError } from '../../src/testing/index.js';

type Outcome = { readonly at: number; readonly status: 200 | 503 };

/**
 * The reference: a FIFO queue in front of `concurrency` servers, each call taking `latency`,
 * refused (after `rejectMs`) when all servers are busy and `queue` calls wait. Calls arrive in
 * order; a server freed at time t takes the next waiting call at t.
 */
function model(
  arrivals: readonly number[],
  latency: number,
  concurrency: number,
  queue: number,
  rejectMs: number,
): Outcome[] {
  const freeAt: number[] = []; // end times of calls in service or queued, in service order
  return arrivals.map((at) => {
    // Calls whose service ended by `at` have left: the first `concurrency` of the rest serve.
    const busy = freeAt.filter((end) => end > at);
    freeAt.length = 0;
    freeAt.push(...busy);
    const waiting = Math.max(0, busy.length - concurrency);
    if (busy.length >= concurrency && waiting >= queue) return { at: at + rejectMs, status: 503 };
    // A call starts when the concurrency-th last call ahead of it ends.
    const start = busy.length < concurrency ? at : busy[busy.length - concurrency]!;
    freeAt.push(start + latency);
    return { at: start + latency, status: 200 };
  });
}

async function run(
  arrivals: readonly number[],
  latency: number,
  concurrency: number,
  queue: number,
): Promise<Outcome[]> {
  const clock = new VirtualClock();
  const backend = new SimulatedBackend({
    clock,
    latency: { type: 'fixed', ms: latency },
    capacity: { concurrency, queue, rejectMs: 1 },
  });
  const outcomes: Outcome[] = [];
  const calls: Promise<void>[] = [];
  for (const [index, at] of arrivals.entries()) {
    await clock.advance(at - clock.now());
    calls.push(
      backend.call().then(
        () => void (outcomes[index] = { at: clock.now(), status: 200 }),
        (error: DependencyError) =>
          void (outcomes[index] = { at: clock.now(), status: error.status as 503 }),
      ),
    );
  }
  await clock.runAll(100_000);
  await Promise.all(calls);
  return outcomes;
}

describe('SimulatedBackend', () => {
  it('serves, queues, then refuses with a 503 beyond its capacity', async () => {
    const outcomes = await run([0, 0, 0], 20, 1, 1);
    expect(outcomes).toEqual([
      { at: 20, status: 200 },
      { at: 40, status: 200 },
      { at: 1, status: 503 },
    ]);
  });

  it('matches a FIFO queue in front of N servers, for any arrivals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 5 }),
        async (gaps, latency, concurrency, queue) => {
          const arrivals = gaps.reduce<number[]>(
            (times, gap) => [...times, (times.at(-1) ?? 0) + gap],
            [],
          );
          expect(await run(arrivals, latency, concurrency, queue)).toEqual(
            model(arrivals, latency, concurrency, queue, 1),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('follows its phases: errors, latency and capacity of the phase a call arrives in', async () => {
    const clock = new VirtualClock();
    const backend = new SimulatedBackend({
      clock,
      latency: { type: 'fixed', ms: 10 },
      phases: [
        { name: 'outage', fromMs: 100, toMs: 200, errorRate: 1, latency: { type: 'fixed', ms: 2 } },
      ],
    });
    const before = backend.call();
    await clock.advance(100);
    await expect(before).resolves.toBe(1);
    expect(backend.phaseAt()?.name).toBe('outage');
    const during = backend.call().catch((error: unknown) => error);
    await clock.advance(2);
    expect(await during).toMatchObject({ name: 'DependencyError', status: 500 });
    await clock.advance(100);
    expect(backend.phaseAt()).toBeUndefined();
  });

  it('rejects an aborted call at once but keeps its slot until its service ends', async () => {
    const clock = new VirtualClock();
    const backend = new SimulatedBackend({
      clock,
      latency: { type: 'fixed', ms: 100 },
      capacity: { concurrency: 1 },
    });
    const controller = new AbortController();
    const first = backend.call(controller.signal).catch((error: unknown) => error);
    controller.abort(new Error('gave up'));
    expect(await first).toMatchObject({ message: 'gave up' });
    expect(backend.inService).toBe(1);
    const second = backend.call().catch((error: unknown) => error);
    await clock.advance(1);
    expect(await second).toMatchObject({ status: 503 });
    await clock.advance(99);
    expect(backend.inService).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('names the option of a bad phase or capacity', () => {
    const clock = new VirtualClock();
    expect(() => new SimulatedBackend({ clock, capacity: { concurrency: 0 } })).toThrow(
      'capacity.concurrency must be an integer >= 1, got 0',
    );
    expect(
      () =>
        new SimulatedBackend({
          clock,
          phases: [
            {
              name: 'x',
              fromMs: 0,
              toMs: 10,
              latency: { type: 'lognormal', medianMs: 10, p99Ms: 5 },
            },
          ],
        }),
    ).toThrow('phases[0].latency.p99Ms must be >= medianMs (10), got 5');
  });
});

describe('sampleLatency', () => {
  it('draws a lognormal with the given median and 99th percentile', () => {
    const random = seededRandom(3);
    const draws = Array.from({ length: 20_000 }, () =>
      sampleLatency({ type: 'lognormal', medianMs: 20, p99Ms: 200 }, random),
    ).sort((a, b) => a - b);
    expect(draws[10_000]!).toBeGreaterThan(19);
    expect(draws[10_000]!).toBeLessThan(21);
    expect(draws[19_800]!).toBeGreaterThan(180);
    expect(draws[19_800]!).toBeLessThan(220);
  });
});
