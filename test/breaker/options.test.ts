import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  failureRate,
  type CircuitBreakerOptions,
  type TripCondition,
} from '../../src/breaker/index.js';

describe('CircuitBreaker options', () => {
  it.each<[unknown, ErrorConstructor, string]>([
    ['x', TypeError, 'options must be an object, got "x"'],
    [{ trip: 5 }, TypeError, 'trip must be a TripCondition such as consecutiveFailures(5), got 5'],
    [{ trip: null }, TypeError, 'trip must not be null'],
    [{ trip: { description: 'x' } }, TypeError, 'trip must be a TripCondition'],
    [{ openMs: -1 }, RangeError, 'openMs must be a finite number >= 0, got -1'],
    [{ openMs: Number.NaN }, RangeError, 'openMs must be a finite number >= 0, got NaN'],
    [{ openMs: Number.POSITIVE_INFINITY }, RangeError, 'openMs must be a finite number >= 0'],
    [{ openMs: '10' }, RangeError, 'openMs must be a finite number >= 0, got "10"'],
    [{ halfOpen: 1 }, TypeError, 'halfOpen must be an object, got 1'],
    [{ halfOpen: null }, TypeError, 'halfOpen must not be null'],
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
    [
      { halfOpen: { maxFailures: -1 } },
      RangeError,
      'halfOpen.maxFailures must be an integer >= 0, got -1',
    ],
    [
      { halfOpen: { maxFailures: 0.5 } },
      RangeError,
      'halfOpen.maxFailures must be an integer >= 0, got 0.5',
    ],
    [
      { halfOpen: { maxFailures: Number.POSITIVE_INFINITY } },
      RangeError,
      'halfOpen.maxFailures must be an integer >= 0, got Infinity',
    ],
    [{ halfOpen: { maxFailures: '1' } }, RangeError, 'halfOpen.maxFailures must be an integer'],
    [{ shadow: 'yes' }, TypeError, 'shadow must be a boolean, got "yes"'],
    [{ shadow: 1 }, TypeError, 'shadow must be a boolean, got 1'],
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

  it('names the trip condition when its create() returns no complete TripTracker', () => {
    const message =
      'trip custom: create() must return a TripTracker with success(), failure() and reset()';
    const success = () => false;
    const failure = () => false;
    const reset = () => undefined;
    const trackers: unknown[] = [
      { failure, reset },
      { success, reset },
      { success, failure },
      { success: true, failure, reset },
      { success, failure: 'no', reset },
      { success, failure, reset: {} },
      null,
      undefined,
      5,
    ];
    for (const tracker of trackers) {
      const trip = { description: 'custom', create: () => tracker } as unknown as TripCondition;
      const create = () => new CircuitBreaker({ trip });
      expect(create).toThrow(TypeError);
      expect(create).toThrow(message);
    }
    const complete = { description: 'custom', create: () => ({ success, failure, reset }) };
    expect(new CircuitBreaker({ trip: complete }).state).toBe('closed');
  });

  it('accepts the documented defaults and edge values', () => {
    expect(new CircuitBreaker().name).toBeUndefined();
    expect(new CircuitBreaker({ name: 'x' }).name).toBe('x');
    expect(() => new CircuitBreaker({ openMs: 0, slowCallMs: 0 })).not.toThrow();
    expect(
      () => new CircuitBreaker({ halfOpen: { maxProbes: 1, successesToClose: 4 } }),
    ).not.toThrow();
    expect(() => new CircuitBreaker({ openMs: ({ openedTimes }) => openedTimes })).not.toThrow();
    expect(() => new CircuitBreaker({ halfOpen: { maxFailures: 0 } })).not.toThrow();
    expect(new CircuitBreaker().shadow).toBe(false);
    expect(new CircuitBreaker({ shadow: true }).shadow).toBe(true);
  });
});

describe('CircuitBreaker options: unknown keys, null and any value in messages', () => {
  it.each<[unknown, ErrorConstructor, string]>([
    [
      { halfOpen: { maxProbe: 2 } },
      TypeError,
      'unknown option "halfOpen.maxProbe" (did you mean "halfOpen.maxProbes"?)',
    ],
    [
      { resetTimeout: 10_000 },
      TypeError,
      'unknown option "resetTimeout" (ballast calls it "openMs")',
    ],
    [{ openMS: 10_000 }, TypeError, 'unknown option "openMS" (did you mean "openMs"?)'],
    [{ slowCall: 10 }, TypeError, 'unknown option "slowCall" (did you mean "slowCallMs"?)'],
    [{ openMs: null }, TypeError, 'openMs must not be null'],
    [{ halfOpen: { maxWaitMs: null } }, TypeError, 'halfOpen.maxWaitMs must not be null'],
    [
      { halfOpen: { maxFailure: 1 } },
      TypeError,
      'unknown option "halfOpen.maxFailure" (did you mean "halfOpen.maxFailures"?)',
    ],
    [{ shadow: null }, TypeError, 'shadow must not be null'],
    [{ name: null }, TypeError, 'name must not be null'],
    [{ name: '' }, TypeError, 'name must be a non-empty string, got ""'],
    [{ name: 3 }, TypeError, 'name must be a non-empty string, got 3'],
    [{ openMs: 10n }, RangeError, 'openMs must be a finite number >= 0, got 10n'],
    [{ openMs: Symbol('ms') }, RangeError, 'openMs must be a finite number >= 0, got Symbol(ms)'],
    [
      { openMs: Object.create(null) as unknown },
      RangeError,
      'openMs must be a finite number >= 0, got {}',
    ],
    [{ halfOpen: 10n }, TypeError, 'halfOpen must be an object, got 10n'],
    [{ halfOpen: [] }, TypeError, 'halfOpen must be an object, got an array of 0'],
    [
      { trip: 10n },
      TypeError,
      'trip must be a TripCondition such as consecutiveFailures(5), got 10n',
    ],
    [Object.create(null) as unknown, TypeError, ''],
  ])('rejects %s', (options, type, message) => {
    const create = () => new CircuitBreaker(options as CircuitBreakerOptions);
    if (message === '') {
      expect(create).not.toThrow();
      return;
    }
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });

  it('rejects options that are not an object, showing the value', () => {
    expect(() => new CircuitBreaker(null as unknown as CircuitBreakerOptions)).toThrow(
      'options must be an object, got null',
    );
    expect(() => new CircuitBreaker(Symbol('o') as unknown as CircuitBreakerOptions)).toThrow(
      'options must be an object, got Symbol(o)',
    );
  });
});

describe('CircuitBreaker options: the names other breakers use', () => {
  it.each([
    ['resetTimeout', 'ballast calls it "openMs"'],
    ['halfOpenAfter', 'ballast calls it "openMs"'],
    ['timeout', 'time calls out with TimeoutPolicy from ballast/policy, inside the breaker'],
    ['errorFilter', 'ballast calls it "isFailure", true for errors that count'],
    ['errorThresholdPercentage', 'use trip: failureRate({ threshold })'],
    ['volumeThreshold', 'use trip: failureRate({ minimumCalls })'],
  ])('points %s at its ballast equivalent', (key, hint) => {
    expect(() => new CircuitBreaker({ [key]: 1 })).toThrow(
      new TypeError(`unknown option "${key}" (${hint})`),
    );
  });

  it('accepts the largest count window and bucket count, and refuses one more', () => {
    const window = (calls: number) =>
      failureRate({ threshold: 0.5, minimumCalls: 1, window: { calls } });
    expect(() => window(1_000_000)).not.toThrow();
    expect(() => window(1_000_001)).toThrow(
      'failureRate.window.calls must be at most 1000000, got 1000001',
    );
    const buckets = (count: number) =>
      failureRate({
        threshold: 0.5,
        minimumCalls: 1,
        window: { durationMs: 60_000, buckets: count },
      });
    expect(() => buckets(10_000)).not.toThrow();
    expect(() => buckets(10_001)).toThrow(
      'failureRate.window.buckets must be at most 10000, got 10001',
    );
  });
});
