import { describe, expect, it } from 'vitest';
import { CircuitBreaker, consecutiveFailures } from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { deferred, outcome } from './helpers.js';

class NotFound extends Error {}
const isFailure = (error: unknown) => !(error instanceof NotFound);

describe('CircuitBreaker events: reset', () => {
  it('emits reset with the state it was in, before the stateChange it causes', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const seen: string[] = [];
    breaker.events.on('reset', ({ from }) => seen.push(`reset from ${from} (${breaker.state})`));
    breaker.events.on('stateChange', ({ from, to }) => seen.push(`${from}->${to}`));
    breaker.reset();
    await outcome(breaker.execute(() => Promise.reject(new Error('down'))));
    breaker.reset();
    breaker.isolate();
    breaker.reset();
    expect(seen).toEqual([
      'reset from closed (closed)',
      'closed->open',
      'reset from open (open)',
      'open->closed',
      'closed->isolated',
      'reset from isolated (isolated)',
      'isolated->closed',
    ]);
  });

  it('ends a hold taken by a reset listener too: the reset takes effect after it', () => {
    const breaker = new CircuitBreaker();
    let release: (() => void) | undefined;
    breaker.events.on('reset', () => (release ??= breaker.isolate()));
    breaker.reset();
    expect(breaker.state).toBe('closed');
    const again = breaker.isolate();
    release!(); // voided by the reset that followed it
    expect(breaker.state).toBe('isolated');
    again();
    expect(breaker.state).toBe('closed');
  });
});

describe('CircuitBreaker events: ignored', () => {
  it('emits ignored with the error and its duration for an error isFailure rejects', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, isFailure, trip: consecutiveFailures(1) });
    const seen: unknown[] = [];
    breaker.events.on('ignored', (payload) => seen.push(payload));
    breaker.events.on('failure', () => seen.push('failure'));
    breaker.events.on('success', () => seen.push('success'));
    const missing = new NotFound('no such user');
    const call = deferred();
    const running = breaker.execute(() => call.promise);
    await clock.advance(7);
    call.reject(missing);
    expect(await outcome(running)).toEqual({ ok: false, error: missing });
    const thrown = new NotFound('thrown');
    const synchronous = await outcome(
      breaker.execute(() => {
        throw thrown;
      }),
    );
    expect(synchronous).toEqual({ ok: false, error: thrown });
    expect(seen).toEqual([
      { error: missing, durationMs: 7 },
      { error: thrown, durationMs: 0 },
    ]);
    expect((seen[0] as { error: unknown }).error).toBe(missing);
    expect(breaker.state).toBe('closed');
  });

  it('is not emitted for a call its caller aborted, whatever isFailure says', async () => {
    const breaker = new CircuitBreaker({ isFailure });
    const seen: unknown[] = [];
    breaker.events.on('ignored', (payload) => seen.push(payload));
    const controller = new AbortController();
    const running = breaker.execute(
      () => {
        controller.abort();
        return Promise.reject(new NotFound('aborted too'));
      },
      { signal: controller.signal },
    );
    await outcome(running);
    expect(seen).toEqual([]);
    expect(breaker.metrics().ignoredTotal).toBe(0);
  });

  it('is emitted for a call that started before a state change, which moves nothing', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, isFailure, trip: consecutiveFailures(1) });
    const seen: unknown[] = [];
    breaker.events.on('ignored', ({ durationMs }) => seen.push(durationMs));
    const call = deferred();
    const running = breaker.execute(() => call.promise);
    breaker.reset();
    await clock.advance(3);
    call.reject(new NotFound('late'));
    await outcome(running);
    expect(seen).toEqual([3]);
  });

  it('reports NaN for a call that started before its first listener, on the fast path', async () => {
    const breaker = new CircuitBreaker({ clock: new VirtualClock(), isFailure });
    const call = deferred();
    const running = breaker.execute(() => call.promise);
    const seen: number[] = [];
    breaker.events.on('ignored', ({ durationMs }) => seen.push(durationMs));
    call.reject(new NotFound('x'));
    await outcome(running);
    expect(seen).toEqual([Number.NaN]);
  });
});
