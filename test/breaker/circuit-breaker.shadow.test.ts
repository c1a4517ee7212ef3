import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  failureRate,
  isBrokenCircuitError,
  type BreakerMetrics,
  type CircuitBreakerOptions,
  type RejectingState,
} from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { deferred, outcome, type Deferred } from './helpers.js';

const fail = () => Promise.reject(new Error('down'));

/** The shadow breaker's events that tell what it did instead of rejecting. */
function record(breaker: CircuitBreaker): string[] {
  const seen: string[] = [];
  breaker.events.on('rejected', ({ state }) => seen.push(`rejected ${state}`));
  breaker.events.on('shadowRejected', ({ state }) => seen.push(`shadowRejected ${state}`));
  breaker.events.on('success', () => seen.push('success'));
  breaker.events.on('failure', () => seen.push('failure'));
  breaker.events.on('stateChange', ({ from, to }) => seen.push(`${from}->${to}`));
  return seen;
}

describe('CircuitBreaker shadow mode', () => {
  it('runs a call it would reject, emitting shadowRejected instead of rejected', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      shadow: true,
      trip: consecutiveFailures(1),
      openMs: 100,
    });
    const seen = record(breaker);
    await outcome(breaker.execute(fail));
    expect(await breaker.execute(() => 'ran anyway')).toBe('ran anyway');
    const error = new Error('still down');
    expect(await outcome(breaker.execute(() => Promise.reject(error)))).toEqual({
      ok: false,
      error,
    });
    // Its outcomes are emitted, and move nothing: no probe, no new open period.
    expect(breaker.snapshot()).toMatchObject({
      state: 'open',
      openedTimes: 1,
      remainingOpenMs: 100,
    });
    expect(seen).toEqual([
      'failure',
      'closed->open',
      'shadowRejected open',
      'success',
      'shadowRejected open',
      'failure',
    ]);
    expect(breaker.metrics()).toMatchObject({
      state: 'open',
      successesTotal: 1,
      failuresTotal: 2,
      rejectionsTotal: 0,
      shadowRejectionsTotal: 2,
    });
    // Time still moves it along: the first call after the period is a real probe.
    await clock.advance(100);
    await breaker.execute(() => 'probe');
    expect(breaker.state).toBe('closed');
  });

  it('does not let a call that found every probe slot taken act as a probe', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      shadow: true,
      trip: consecutiveFailures(1),
      openMs: 100,
    });
    await outcome(breaker.execute(fail));
    await clock.advance(100);
    const probe = deferred();
    const probing = breaker.execute(() => probe.promise);
    const seen = record(breaker);
    const extra = deferred();
    const running = breaker.execute(() => extra.promise);
    extra.resolve('extra');
    expect(await running).toBe('extra');
    expect(breaker.state).toBe('half-open'); // its success did not close the circuit
    const aborted = new AbortController();
    const abortedRun = breaker.execute(() => Promise.reject(new Error('gave up')), {
      signal: aborted.signal,
    });
    aborted.abort();
    await outcome(abortedRun);
    // Nor did its end free a slot: the next call still finds them taken.
    await breaker.execute(() => 'again');
    probe.reject(new Error('probe failed'));
    await outcome(probing);
    expect(breaker.state).toBe('open');
    expect(seen).toEqual([
      'shadowRejected half-open',
      'success',
      'shadowRejected half-open',
      'shadowRejected half-open',
      'success',
      'failure',
      'half-open->open',
    ]);
  });

  it('runs calls while isolated, timed or not, and while an openMs function fails', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      shadow: true,
      trip: consecutiveFailures(1),
      openMs: () => Number.NaN,
    });
    const states: RejectingState[] = [];
    breaker.events.on('shadowRejected', ({ state }) => states.push(state));
    const release = breaker.isolate();
    expect(await breaker.execute(() => 1)).toBe(1);
    release();
    breaker.isolate({ forMs: 10 });
    expect(await breaker.execute(() => 2)).toBe(2);
    breaker.reset();
    await outcome(breaker.execute(fail));
    expect(await breaker.execute(() => 3)).toBe(3);
    expect(states).toEqual(['isolated', 'open', 'open']);
    expect(breaker.state).toBe('open');
  });
});

// The invariant of shadow mode: a shadow breaker and a normal one fed the same calls, outcomes,
// time and controls (the calls the normal breaker rejects simply never run there) go through the
// same states at the same moments, with the same snapshots and trip windows. Where the normal
// breaker rejects a call with state s, the shadow breaker runs it and emits shadowRejected with s
// instead; the shadow breaker rejects nothing. Only the outcome totals differ: the shadow breaker
// also counts the calls it ran in the normal one's place.

type Op =
  | { kind: 'start' }
  | { kind: 'end'; pick: number; fail: boolean; slow: boolean }
  | { kind: 'advance'; ms: number }
  | { kind: 'isolate'; forMs: number | undefined }
  | { kind: 'release'; pick: number }
  | { kind: 'reset' };

interface Pair {
  /** Undefined when the normal breaker rejected the call. */
  readonly normal: Deferred<unknown> | undefined;
  readonly shadow: Deferred<unknown>;
  readonly settled: Promise<unknown>;
}

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Op>({ kind: 'start' }) },
  {
    weight: 4,
    arbitrary: fc
      .record({ pick: fc.nat(), fail: fc.boolean(), slow: fc.boolean() })
      .map((r): Op => ({ kind: 'end', ...r })),
  },
  {
    weight: 3,
    arbitrary: fc.integer({ min: 0, max: 120 }).map((ms): Op => ({ kind: 'advance', ms })),
  },
  {
    weight: 1,
    arbitrary: fc
      .option(fc.integer({ min: 1, max: 200 }), { nil: undefined })
      .map((forMs): Op => ({ kind: 'isolate', forMs })),
  },
  { weight: 1, arbitrary: fc.nat().map((pick): Op => ({ kind: 'release', pick })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'reset' }) },
);

const config = fc.record({
  trip: fc.oneof(
    fc.integer({ min: 1, max: 3 }).map((count) => consecutiveFailures(count)),
    fc
      .integer({ min: 1, max: 4 })
      .map((calls) =>
        failureRate({ threshold: 0.5, minimumCalls: 1, window: { calls }, slowCallThreshold: 1 }),
      ),
  ),
  openMs: fc.integer({ min: 0, max: 150 }),
  maxProbes: fc.integer({ min: 1, max: 3 }),
  successesToClose: fc.integer({ min: 1, max: 3 }),
  maxFailures: fc.integer({ min: 0, max: 2 }),
  maxWaitMs: fc.integer({ min: 1, max: 300 }),
});

/** Metrics but the outcome totals, with rejections as the normal breaker counts them. */
function comparable(metrics: BreakerMetrics, shadow: boolean): Record<string, unknown> {
  const { rejectionsTotal, shadowRejectionsTotal } = metrics;
  if (shadow) expect(rejectionsTotal).toBe(0);
  else expect(shadowRejectionsTotal).toBe(0);
  return {
    state: metrics.state,
    stateSinceMs: metrics.stateSinceMs,
    calls: metrics.calls,
    failures: metrics.failures,
    slowCalls: metrics.slowCalls,
    failureRate: metrics.failureRate,
    slowCallRate: metrics.slowCallRate,
    rejections: shadow ? shadowRejectionsTotal : rejectionsTotal,
  };
}

describe('CircuitBreaker shadow mode against a normal breaker', () => {
  it('moves through the same states, and runs exactly the calls the other rejects', async () => {
    await fc.assert(
      fc.asyncProperty(config, fc.array(op, { maxLength: 60 }), async (c, ops) => {
        const clocks = [new VirtualClock(), new VirtualClock()] as const;
        const options = (clock: VirtualClock): CircuitBreakerOptions => ({
          clock,
          trip: c.trip,
          openMs: c.openMs,
          slowCallMs: 30,
          halfOpen: {
            maxProbes: c.maxProbes,
            successesToClose: c.successesToClose,
            maxFailures: c.maxFailures,
            maxWaitMs: c.maxWaitMs,
          },
        });
        const normal = new CircuitBreaker(options(clocks[0]));
        const shadow = new CircuitBreaker({ ...options(clocks[1]), shadow: true });
        const changes = [[], []] as [string[], string[]];
        const rejected: RejectingState[] = [];
        const shadowRejected: RejectingState[] = [];
        normal.events.on('stateChange', ({ from, to }) => changes[0].push(`${from}->${to}`));
        shadow.events.on('stateChange', ({ from, to }) => changes[1].push(`${from}->${to}`));
        normal.events.on('rejected', ({ state }) => rejected.push(state));
        shadow.events.on('shadowRejected', ({ state }) => shadowRejected.push(state));
        const running: Pair[] = [];
        const releases: [() => void, () => void][] = [];
        for (const o of ops) {
          switch (o.kind) {
            case 'start': {
              const calls = { normal: deferred(), shadow: deferred() };
              let normalRan = false;
              let shadowRan = false;
              const first = normal.execute(() => ((normalRan = true), calls.normal.promise));
              const second = shadow.execute(() => ((shadowRan = true), calls.shadow.promise));
              expect(shadowRan).toBe(true);
              if (!normalRan) {
                const settled = await outcome(first);
                expect(isBrokenCircuitError(settled.ok ? undefined : settled.error)).toBe(true);
              }
              running.push({
                normal: normalRan ? calls.normal : undefined,
                shadow: calls.shadow,
                settled: Promise.all([outcome(first), outcome(second)]),
              });
              break;
            }
            case 'end': {
              if (running.length === 0) break;
              const [pair] = running.splice(o.pick % running.length, 1);
              if (o.slow) await Promise.all(clocks.map((clock) => clock.advance(31)));
              for (const call of [pair!.normal, pair!.shadow]) {
                if (o.fail) call?.reject(new Error('failed'));
                else call?.resolve('ok');
              }
              await pair!.settled;
              break;
            }
            case 'advance':
              await Promise.all(clocks.map((clock) => clock.advance(o.ms)));
              break;
            case 'isolate': {
              const isolateOptions = o.forMs === undefined ? undefined : { forMs: o.forMs };
              releases.push([normal.isolate(isolateOptions), shadow.isolate(isolateOptions)]);
              break;
            }
            case 'release':
              if (releases.length > 0)
                for (const release of releases[o.pick % releases.length]!) release();
              break;
            case 'reset':
              normal.reset();
              shadow.reset();
          }
          expect(shadow.state).toBe(normal.state);
          expect(changes[1]).toEqual(changes[0]);
          expect(shadowRejected).toEqual(rejected);
          expect(shadow.snapshot()).toEqual(normal.snapshot());
          expect(comparable(shadow.metrics(), true)).toEqual(comparable(normal.metrics(), false));
        }
        for (const pair of running) {
          pair.normal?.resolve('done');
          pair.shadow.resolve('done');
        }
        await Promise.all(running.map((pair) => pair.settled));
      }),
      { numRuns: 150 },
    );
  });
});
