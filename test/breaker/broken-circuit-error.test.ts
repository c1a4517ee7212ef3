import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rejectionFrom } from '../../src/breaker/broken-circuit-error.js';
import {
  BrokenCircuitError,
  CircuitBreaker,
  consecutiveFailures,
  isBrokenCircuitError,
} from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';

describe('BrokenCircuitError', () => {
  it('carries its name, state and time left, and is an Error', () => {
    const error = new BrokenCircuitError('The circuit is open', 'open', 250);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BrokenCircuitError');
    expect(Object.keys(error)).toEqual(['state', 'retryAfterMs']);
    expect(error).toMatchObject({ state: 'open', retryAfterMs: 250 });
    expect(String(error)).toBe('BrokenCircuitError: The circuit is open');
    expect(new BrokenCircuitError('x', 'isolated').retryAfterMs).toBeUndefined();
  });

  it('skips the stack trace and restores the stack trace limit', () => {
    const limit = Error.stackTraceLimit;
    const error = new BrokenCircuitError('The circuit is open', 'open', 1);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(error.stack).toBe('BrokenCircuitError: The circuit is open');
  });

  it('is recognised by the guard, also across copies of the class, and nothing else is', () => {
    expect(isBrokenCircuitError(new BrokenCircuitError('x', 'half-open'))).toBe(true);
    const foreign = Object.create(
      Object.defineProperty({}, Symbol.for('ballast.BrokenCircuitError'), { value: true }),
    ) as unknown;
    expect(isBrokenCircuitError(foreign)).toBe(true);
    for (const other of [new Error('x'), null, undefined, 'BrokenCircuitError', {}, 1]) {
      expect(isBrokenCircuitError(other)).toBe(false);
    }
  });
});

describe('the rejections of a breaker', () => {
  it('look like a constructed BrokenCircuitError, each its own object', () => {
    const template = new BrokenCircuitError('Circuit "users" is open', 'open');
    const first = rejectionFrom(template, 250);
    const second = rejectionFrom(template, 100);
    const constructed = new BrokenCircuitError('Circuit "users" is open', 'open', 250);
    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(BrokenCircuitError);
      expect(error).toBeInstanceOf(Error);
      expect(isBrokenCircuitError(error)).toBe(true);
      expect(error.name).toBe('BrokenCircuitError');
      expect(error.message).toBe('Circuit "users" is open');
      expect(error.stack).toBe('BrokenCircuitError: Circuit "users" is open');
      expect(Object.keys(error)).toEqual(['state', 'retryAfterMs']);
      expect(String(error)).toBe(String(constructed));
    }
    expect(first).not.toBe(second);
    expect([first.retryAfterMs, second.retryAfterMs, template.retryAfterMs]).toEqual([
      250,
      100,
      undefined,
    ]);
    expect(inspect(first)).toBe(inspect(constructed).replace(/\n {4}at .*/g, ''));
    expect(JSON.stringify(first)).toBe(JSON.stringify(constructed));
  });

  it("carry the time left of each rejection, with the breaker's name in the message", async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      name: 'users',
      clock,
      trip: consecutiveFailures(1),
      openMs: 1_000,
    });
    await breaker.execute(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    const first: unknown = await breaker.execute(() => 1).catch((error: unknown) => error);
    await clock.advance(300);
    const second: unknown = await breaker.execute(() => 1).catch((error: unknown) => error);
    expect(first).not.toBe(second);
    expect(first).toMatchObject({ state: 'open', retryAfterMs: 1_000 });
    expect(second).toMatchObject({ state: 'open', retryAfterMs: 700 });
    expect(String(second)).toBe('BrokenCircuitError: Circuit "users" is open');
  });
});
