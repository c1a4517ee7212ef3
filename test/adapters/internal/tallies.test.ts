import { describe, expect, it } from 'vitest';
import { BreakerTally } from '../../../src/adapters/internal/breaker-tally.js';
import { RetryTally } from '../../../src/adapters/internal/retry-tally.js';
import { TimeoutTally } from '../../../src/adapters/internal/timeout-tally.js';
import type { BreakerEvents, CircuitState } from '../../../src/breaker/index.js';
import { Emitter } from '../../../src/events/index.js';
import type { TimeoutEvents } from '../../../src/policy/index.js';
import type { GiveUpReason, RetryEvents } from '../../../src/retry/index.js';

const none = { observe: () => {} };

describe('BreakerTally', () => {
  it('exports the usual state changes at 0 and any other once it happens', () => {
    const breaker = {
      name: 'b',
      state: 'closed' as CircuitState,
      events: new Emitter<BreakerEvents>(),
    };
    const tally = new BreakerTally('b', breaker, none, none);
    const listed = () =>
      tally.stateChanges().map(({ from, to, count }) => `${from}>${to}=${count}`);
    expect(listed()).toHaveLength(9);
    expect(listed()).not.toContain('isolated>open=0');
    breaker.events.emit('stateChange', { from: 'isolated', to: 'open' });
    breaker.events.emit('stateChange', { from: 'closed', to: 'open' });
    expect(listed()).toContain('isolated>open=1');
    expect(listed()).toContain('closed>open=1');
    expect(listed()).toHaveLength(10);
    // A state it does not know (a newer breaker's) is not counted under a wrong name.
    breaker.events.emit('stateChange', { from: 'closed', to: 'draining' as CircuitState });
    expect(tally.changes.reduce((a, b) => a + b, 0)).toBe(2);
    tally.detach();
    expect(breaker.events.listenerCount()).toBe(0);
  });

  it('counts a failure without a duration (NaN) but observes none', () => {
    const breaker = {
      name: 'b',
      state: 'closed' as CircuitState,
      events: new Emitter<BreakerEvents>(),
    };
    const observed: number[] = [];
    const tally = new BreakerTally('b', breaker, none, { observe: (v) => observed.push(v) });
    breaker.events.emit('failure', { error: new Error('x'), durationMs: Number.NaN });
    breaker.events.emit('failure', { error: new Error('x'), durationMs: 1_500 });
    expect(tally.failure).toBe(2);
    expect(observed).toEqual([1.5]);
  });
});

describe('BreakerTally: shadow rejections and ignored calls', () => {
  it('counts them apart from the outcomes, and stops at detach', () => {
    const breaker = {
      name: 'b',
      state: 'closed' as CircuitState,
      events: new Emitter<BreakerEvents>(),
    };
    const tally = new BreakerTally('b', breaker, none, none);
    breaker.events.emit('shadowRejected', { state: 'isolated' });
    breaker.events.emit('ignored', { error: undefined, durationMs: 1 });
    breaker.events.emit('ignored', { error: undefined, durationMs: 1 });
    expect([tally.shadowRejected, tally.ignored, tally.success, tally.failure]).toEqual([
      1, 2, 0, 0,
    ]);
    tally.detach();
    breaker.events.emit('shadowRejected', { state: 'open' });
    expect(tally.shadowRejected).toBe(1);
    expect(breaker.events.listenerCount()).toBe(0);
  });
});

describe('TimeoutTally', () => {
  it('counts timeout events, whatever their timeout or strategy, until detached', () => {
    const events = new Emitter<TimeoutEvents>();
    const tally = new TimeoutTally('t', { events, timeoutMs: undefined });
    events.emit('timeout', { timeoutMs: 10, strategy: 'aggressive' });
    events.emit('timeout', { timeoutMs: 99, strategy: 'cooperative' });
    expect(tally.timeouts).toBe(2);
    tally.detach();
    events.emit('timeout', { timeoutMs: 10, strategy: 'aggressive' });
    expect(tally.timeouts).toBe(2);
    expect(events.listenerCount()).toBe(0);
  });
});

describe('RetryTally', () => {
  it('counts each known give-up reason and ignores one it does not know', () => {
    const events = new Emitter<RetryEvents>();
    const tally = new RetryTally('p', { events, maxAttempts: 3 }, none);
    events.emit('giveUp', { attempts: 3, reason: 'budget', durationMs: 12 });
    events.emit('giveUp', {
      attempts: 1,
      reason: 'someday' as GiveUpReason,
      durationMs: Number.NaN,
    });
    expect(tally.giveUps).toEqual({
      attempts: 0,
      deadline: 0,
      budget: 1,
      notRetryable: 0,
      aborted: 0,
    });
  });
});
