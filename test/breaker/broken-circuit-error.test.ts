import { describe, expect, it } from 'vitest';
import { BrokenCircuitError, isBrokenCircuitError } from '../../src/breaker/index.js';

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

  it('has a cause only when one is given, undefined included', () => {
    const down = new Error('down');
    const caused = new BrokenCircuitError('open', 'open', 5, { cause: down });
    expect(caused.cause).toBe(down);
    expect('cause' in new BrokenCircuitError('open', 'open', 5)).toBe(false);
    expect('cause' in new BrokenCircuitError('open', 'open', 5, {})).toBe(false);
    const undefinedCause = new BrokenCircuitError('open', 'open', undefined, { cause: undefined });
    expect('cause' in undefinedCause).toBe(true);
    expect(undefinedCause.cause).toBeUndefined();
    // As for any Error: an own property, not listed among the error's keys.
    expect(Object.keys(caused)).toEqual(['state', 'retryAfterMs']);
  });

  it('skips the stack trace and restores the stack trace limit it found', () => {
    // Each limit is set here, so that an earlier construction that left the limit at 0 cannot
    // make the check pass.
    const saved = Error.stackTraceLimit;
    try {
      for (const limit of [7, 25]) {
        Error.stackTraceLimit = limit;
        const error = new BrokenCircuitError('The circuit is open', 'open', 1);
        expect(error.stack).toBe('BrokenCircuitError: The circuit is open');
        expect(Error.stackTraceLimit).toBe(limit);
        expect(new Error('traced').stack).toContain('\n    at ');
      }
      // Also when the message cannot be made a string.
      Error.stackTraceLimit = 7;
      const unprintable = {
        toString() {
          throw new Error('no text');
        },
      };
      expect(() => new BrokenCircuitError(unprintable as unknown as string, 'open')).toThrow(
        'no text',
      );
      expect(Error.stackTraceLimit).toBe(7);
    } finally {
      Error.stackTraceLimit = saved;
    }
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

describe('BrokenCircuitError name', () => {
  it('lets a subclass or a logger rename an error, as with any Error', () => {
    const error = new BrokenCircuitError('open', 'open', 5);
    error.name = 'Renamed';
    expect(error.name).toBe('Renamed');
    expect(new BrokenCircuitError('open', 'open').name).toBe('BrokenCircuitError');
    const descriptor = Object.getOwnPropertyDescriptor(BrokenCircuitError.prototype, 'name');
    expect(descriptor).toMatchObject({ writable: true, configurable: true, enumerable: false });
  });
});
