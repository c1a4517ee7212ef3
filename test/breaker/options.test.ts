import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  failureRate,
  type CircuitBreakerOptions,
} from '../../src/breaker/index.js';

describe('CircuitBreaker options', () => {
  it.each<[unknown, ErrorConstructor, string]>([
    ['x', TypeError, 'options must be an object, got x'],
    [{ name: 3 }, TypeError, 'name must be a string, got number'],
    [
      { trip: 5 },
      TypeError,
      'trip must be a TripCondition such as consecutiveFailures(5), got number',
    ],
    [{ trip: null }, TypeError, 'got null'],
    [{ trip: { description: 'x' } }, TypeError, 'trip must be a TripCondition'],
    [{ openMs: -1 }, RangeError, 'openMs must be a finite number >= 0, got -1'],
    [{ openMs: Number.NaN }, RangeError, 'openMs must be a finite number >= 0, got NaN'],
    [{ openMs: Number.POSITIVE_INFINITY }, RangeError, 'openMs must be a finite number >= 0'],
    [{ openMs: '10' }, RangeError, 'openMs must be a finite number >= 0, got "10"'],
    [{ halfOpen: 1 }, TypeError, 'halfOpen must be an object, got 1'],
    [{ halfOpen: null }, TypeError, 'halfOpen must be an object, got null'],
    [
      { halfOpen: { maxProbes: 0 } },
      RangeError,
      'halfOpen.maxProbes must be an integer >= 1, got 0',
    ],
    [{ halfOpen: { maxProbes: 1.5 } }, RangeError, 'halfOpen.maxProbes must be an integer >= 1'],
    [
      { halfOpen: { maxWaitMs: 0 } },
      RangeError,
      'halfOpen.maxWaitMs must be a finite number > 0, got 0',
    ],
    [{ halfOpen: { maxWaitMs: Number.NaN } }, RangeError, 'halfOpen.maxWaitMs must be'],
    [
      { halfOpen: { successesToClose: 0 } },
      RangeError,
      'halfOpen.successesToClose must be an integer >= 1, got 0',
    ],
    [{ slowCallMs: -5 }, RangeError, 'slowCallMs must be a finite number >= 0, got -5'],
    [{ slowCallMs: Number.NaN }, RangeError, 'slowCallMs must be a finite number >= 0, got NaN'],
    [{ isFailure: true }, TypeError, 'isFailure must be a function, got true'],
    [{ isResultFailure: 'no' }, TypeError, 'isResultFailure must be a function, got "no"'],
    [{ clock: {} }, TypeError, 'clock must be a Clock with now() and setTimer()'],
    [
      { trip: { description: 'odd', create: () => ({ success: () => false }) } },
      TypeError,
      'trip odd: create() must return a TripTracker with success(), failure() and reset()',
    ],
    [{ trip: { description: 'nothing', create: () => undefined } }, TypeError, 'trip nothing:'],
    [
      {
        trip: failureRate({
          threshold: 0.5,
          minimumCalls: 1,
          window: { calls: 10 },
          slowCallThreshold: 0.5,
        }),
      },
      TypeError,
      'trip failureRate({ threshold: 0.5, minimumCalls: 1, window: { calls: 10 }, slowCallThreshold: 0.5 }) counts slow calls, so slowCallMs is required',
    ],
  ])('rejects %j', (options, type, message) => {
    const create = () => new CircuitBreaker(options as CircuitBreakerOptions);
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });

  it('accepts the documented defaults and edge values', () => {
    expect(new CircuitBreaker().name).toBeUndefined();
    expect(new CircuitBreaker({ name: 'x' }).name).toBe('x');
    expect(() => new CircuitBreaker({ openMs: 0, slowCallMs: 0 })).not.toThrow();
    expect(
      () => new CircuitBreaker({ halfOpen: { maxProbes: 1, successesToClose: 4 } }),
    ).not.toThrow();
    expect(() => new CircuitBreaker({ openMs: (n) => n })).not.toThrow();
  });
});
