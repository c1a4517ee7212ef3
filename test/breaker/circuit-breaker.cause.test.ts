import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  failureRate,
  isBrokenCircuitError,
  type BrokenCircuitError,
  type OpenMsContext,
} from '../../src/breaker/index.js';
import { sleep } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { deferred, outcome } from './helpers.js';

/** The error a call is rejected with, which must be a BrokenCircuitError. */
async function rejection(promise: Promise<unknown>): Promise<BrokenCircuitError> {
  const settled = await outcome(promise);
  if (settled.ok || !isBrokenCircuitError(settled.error)) {
    throw new Error(`expected a BrokenCircuitError, got ${JSON.stringify(settled)}`);
  }
  return settled.error;
}

const NONE = Symbol('no cause');
/** The cause of an error or context, or NONE when it has none (which `undefined` is not). */
function causeOf(value: object): unknown {
  return 'cause' in value ? value.cause : NONE;
}

describe('CircuitBreaker: the cause of an opening', () => {
  it('rejects with the error of the call that tripped the circuit, the same object each time', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(2) });
    const first = new Error('first');
    const second = new Error('second');
    await outcome(breaker.execute(() => Promise.reject(first)));
    await outcome(breaker.execute(() => Promise.reject(second)));
    const a = await rejection(breaker.execute(() => 1));
    const b = await rejection(breaker.execute(() => 1));
    expect(a).not.toBe(b);
    expect(causeOf(a)).toBe(second);
    expect(causeOf(b)).toBe(second);
  });

  it('takes the result isResultFailure judged a failure, and a rejected undefined', async () => {
    const response = { status: 503 };
    const byResult = new CircuitBreaker({
      trip: consecutiveFailures(1),
      isResultFailure: (result) => result === response,
    });
    await byResult.execute(() => response);
    expect(causeOf(await rejection(byResult.execute(() => 1)))).toBe(response);

    const contexts: OpenMsContext[] = [];
    const byUndefined = new CircuitBreaker({
      trip: consecutiveFailures(1),
      openMs: (context) => (contexts.push(context), 1_000),
    });
    await outcome(byUndefined.execute(() => Promise.reject(undefined as unknown)));
    const error = await rejection(byUndefined.execute(() => 1));
    expect('cause' in error).toBe(true);
    expect(error.cause).toBeUndefined();
    expect(contexts).toEqual([{ openedTimes: 1, cause: undefined }]);
    expect('cause' in contexts[0]!).toBe(true);
  });

  it('carries it while half-open, and takes the error of a probe that re-opens', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 100 });
    const down = new Error('down');
    await outcome(breaker.execute(() => Promise.reject(down)));
    await clock.advance(100);
    const probe = deferred();
    const running = breaker.execute(() => probe.promise);
    const halfOpen = await rejection(breaker.execute(() => 1));
    expect(halfOpen).toMatchObject({ state: 'half-open' });
    expect(causeOf(halfOpen)).toBe(down);
    const still = new Error('still down');
    probe.reject(still);
    await outcome(running);
    expect(causeOf(await rejection(breaker.execute(() => 1)))).toBe(still);
  });

  it('is cleared when the circuit closes', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 100 });
    await outcome(breaker.execute(() => Promise.reject(new Error('old'))));
    await clock.advance(100);
    await breaker.execute(() => 'up');
    expect(breaker.state).toBe('closed');
    const fresh = new Error('fresh');
    await outcome(breaker.execute(() => Promise.reject(fresh)));
    expect(causeOf(await rejection(breaker.execute(() => 1)))).toBe(fresh);
    breaker.reset();
    breaker.isolate({ forMs: 50 });
    expect(causeOf(await rejection(breaker.execute(() => 1)))).toBe(NONE);
  });

  it('is absent after isolate(), timed or not, even over a tripped circuit', async () => {
    const breaker = new CircuitBreaker({ clock: new VirtualClock(), trip: consecutiveFailures(1) });
    await outcome(breaker.execute(() => Promise.reject(new Error('down'))));
    const release = breaker.isolate();
    const isolated = await rejection(breaker.execute(() => 1));
    expect(isolated.state).toBe('isolated');
    expect(causeOf(isolated)).toBe(NONE);
    release();
    await outcome(breaker.execute(() => Promise.reject(new Error('down again'))));
    breaker.isolate({ forMs: 1_000 });
    const timed = await rejection(breaker.execute(() => 1));
    expect(timed).toMatchObject({ state: 'open', retryAfterMs: 1_000 });
    expect(causeOf(timed)).toBe(NONE);
  });

  it('is absent after a re-open by a hung probe, and in a restored breaker', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: 100,
      halfOpen: { maxWaitMs: 50 },
    });
    await outcome(breaker.execute(() => Promise.reject(new Error('down'))));
    await clock.advance(100);
    void breaker.execute(() => new Promise<never>(() => undefined));
    await clock.advance(50);
    const reopened = await rejection(breaker.execute(() => 1));
    expect(reopened).toMatchObject({ state: 'open', retryAfterMs: 100 });
    expect(causeOf(reopened)).toBe(NONE);

    await outcome(new CircuitBreaker({ trip: consecutiveFailures(1) }).execute(() => 1));
    const restored = new CircuitBreaker({
      clock,
      initialState: { version: 1, state: 'open', openedTimes: 1, remainingOpenMs: 10 },
    });
    expect(causeOf(await rejection(restored.execute(() => 1)))).toBe(NONE);
  });

  it('is absent when a success trips the circuit or a slow probe re-opens it', async () => {
    const clock = new VirtualClock();
    // A slow success trips the slow-call rate.
    const slowly = new CircuitBreaker({
      clock,
      slowCallMs: 10,
      openMs: 100,
      trip: failureRate({
        threshold: 1,
        minimumCalls: 1,
        window: { calls: 1 },
        slowCallThreshold: 1,
      }),
    });
    const slow = () => sleep(11, { clock }).then(() => 'slow');
    const first = slowly.execute(slow);
    await clock.advance(11);
    await first;
    expect(causeOf(await rejection(slowly.execute(() => 1)))).toBe(NONE);
    // A slow probe counts as a failed one for such a condition: still no error to blame.
    await clock.advance(100);
    const probe = slowly.execute(slow);
    await clock.advance(11);
    await probe;
    expect(slowly.state).toBe('open');
    expect(causeOf(await rejection(slowly.execute(() => 1)))).toBe(NONE);

    // A success that brings the window up to minimumCalls trips the failure rate.
    const bySuccess = new CircuitBreaker({
      trip: failureRate({ threshold: 0.5, minimumCalls: 2, window: { calls: 2 } }),
    });
    await outcome(bySuccess.execute(() => Promise.reject(new Error('down'))));
    await bySuccess.execute(() => 'up');
    expect(bySuccess.state).toBe('open');
    expect(causeOf(await rejection(bySuccess.execute(() => 1)))).toBe(NONE);
  });

  it('passes { openedTimes, cause } to an openMs function, with no cause key when there is none', async () => {
    const clock = new VirtualClock();
    const contexts: OpenMsContext[] = [];
    const openMs = (context: OpenMsContext) => (contexts.push(context), 100);
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs,
      halfOpen: { maxWaitMs: 10 },
    });
    const down = new Error('down');
    await outcome(breaker.execute(() => Promise.reject(down)));
    await clock.advance(100);
    const again = new Error('again');
    await outcome(breaker.execute(() => Promise.reject(again)));
    await clock.advance(100);
    void breaker.execute(() => new Promise<never>(() => undefined));
    await clock.advance(10);
    await outcome(breaker.execute(() => 1));
    expect(contexts.map((context) => [context.openedTimes, causeOf(context)])).toEqual([
      [1, down],
      [2, again],
      [3, NONE],
    ]);
    const restoredWith: OpenMsContext[] = [];
    new CircuitBreaker({
      clock,
      openMs: (context) => (restoredWith.push(context), 100),
      initialState: { version: 1, state: 'open', openedTimes: 4, remainingOpenMs: 10 },
    });
    expect(restoredWith).toEqual([{ openedTimes: 4 }]);
    expect('cause' in restoredWith[0]!).toBe(false);
  });
});
