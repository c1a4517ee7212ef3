import { describe, expect, it } from 'vitest';
import {
  assertClock,
  assertFunction,
  assertInRange,
  assertInteger,
  assertNonNegative,
  assertName,
  assertOptions,
  assertPositive,
  assertSignal,
  closest,
  show,
} from '../../src/internal/validate.js';

describe('option checks', () => {
  it('name the option and the value', () => {
    expect(() => assertNonNegative(-1, 'delayMs')).toThrow(
      'delayMs must be a finite number >= 0, got -1',
    );
    expect(() => assertNonNegative('5', 'delayMs')).toThrow('got "5"');
    expect(() => assertPositive(0, 'windowMs')).toThrow(
      'windowMs must be a finite number > 0, got 0',
    );
    expect(() => assertPositive(Infinity, 'windowMs')).toThrow(RangeError);
    expect(() => assertInteger(2.5, 'count', 1)).toThrow('count must be an integer >= 1, got 2.5');
    expect(() => assertInRange(1.5, 'threshold', 0, 1, '(]')).toThrow(
      'threshold must be in (0, 1], got 1.5',
    );
    expect(() => assertInRange(0, 'threshold', 0, 1, '(]')).toThrow(RangeError);
    expect(() => assertInRange(1, 'objective', 0, 1, '()')).toThrow('objective must be in (0, 1)');
    expect(() => assertInRange(Number.NaN, 'ratio', 0, 1, '[]')).toThrow('got NaN');
    expect(() => assertInRange(-0.1, 'ratio', 0, 1, '[)')).toThrow('ratio must be in [0, 1)');
    expect(() => assertFunction(3, 'isFailure')).toThrow('isFailure must be a function, got 3');
    expect(() => assertClock(() => 0)).toThrow('got a function');
  });

  it('accept good values', () => {
    expect(() => {
      assertNonNegative(0, 'a');
      assertPositive(0.5, 'b');
      assertInteger(3, 'c', 1);
      assertInRange(1, 'd', 0, 1, '(]');
      assertInRange(0, 'e', 0, 1, '[)');
      assertFunction(undefined, 'f');
      assertFunction(() => undefined, 'g');
      assertClock(undefined);
      assertClock({ now: () => 0, setTimer: () => () => undefined });
    }).not.toThrow();
  });

  it('check a clock has now() and setTimer()', () => {
    expect(() => assertClock(null)).toThrow(
      'clock must be a Clock with now() and setTimer(), got null',
    );
    expect(() => assertClock({ now: () => 0 })).toThrow(TypeError);
    expect(() => assertClock({ now: () => 0, setTimer: () => () => 0, wallNow: 5 })).toThrow(
      new TypeError('clock.wallNow must be a function when given, got 5'),
    );
  });
});

describe('messages show every JavaScript value', () => {
  it.each([
    [10n, '10n'],
    [Symbol('s'), 'Symbol(s)'],
    [null, 'null'],
    [undefined, 'undefined'],
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    [Object.assign(Object.create(null) as object, { a: 1 }), '{"a":1}'],
    [{ big: 1n }, '{"big":"1n"}'],
    [[1, 2], 'an array of 2'],
    [new Map(), 'a Map'],
    ['x'.repeat(100), `"${'x'.repeat(57)}..."`],
  ])('%s', (value, shown) => {
    expect(show(value)).toBe(shown);
    expect(() => assertPositive(value, 'delayMs')).toThrow(
      `delayMs must be a finite number > 0, got ${shown}`,
    );
  });

  it('never throws, not for a circular object nor a revoked proxy', () => {
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(show(circular)).toBe('an object');
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(show(proxy)).toBe('an unprintable value');
  });
});

describe('assertOptions', () => {
  const known = ['maxProbes', 'successesToClose', 'maxWaitMs'];

  it('rejects an unknown key with the closest valid one, on the nested path', () => {
    expect(() => assertOptions({ maxProbe: 2 }, 'halfOpen', known)).toThrow(
      new TypeError('unknown option "halfOpen.maxProbe" (did you mean "halfOpen.maxProbes"?)'),
    );
    expect(() => assertOptions({ MAXWAITMS: 2 }, 'options', known)).toThrow(
      'unknown option "MAXWAITMS" (did you mean "maxWaitMs"?)',
    );
  });

  it('prefers a hint for a name another library uses', () => {
    expect(() =>
      assertOptions({ resetTimeout: 1 }, 'options', ['openMs'], {
        resetTimeout: 'ballast calls it "openMs"',
      }),
    ).toThrow('unknown option "resetTimeout" (ballast calls it "openMs")');
  });

  it('rejects null values and non-objects, and allows undefined values', () => {
    expect(() => assertOptions({ maxProbes: null }, 'halfOpen', known)).toThrow(
      'halfOpen.maxProbes must not be null',
    );
    expect(() => assertOptions(null, 'options', known)).toThrow(
      new TypeError('options must be an object, got null'),
    );
    expect(() => assertOptions([], 'options', known)).toThrow(TypeError);
    expect(() => assertOptions({ maxProbes: undefined }, 'options', known)).not.toThrow();
  });

  it('suggests by edit distance', () => {
    expect(closest('stratgy', ['strategy', 'clock'])).toBe('strategy');
    expect(closest('window', ['windowMs', 'name', 'objective'])).toBe('windowMs');
  });
});

describe('assertSignal and assertName', () => {
  it('rejects an AbortController with a hint, and anything else that is not a signal', () => {
    expect(() => assertSignal(new AbortController())).toThrow(
      new TypeError(
        'signal must be an AbortSignal, got an AbortController (pass controller.signal, not the controller)',
      ),
    );
    expect(() => assertSignal({ aborted: false })).toThrow(TypeError);
    expect(() => assertSignal(null)).toThrow('got null');
    expect(() => assertSignal(undefined)).not.toThrow();
    expect(() => assertSignal(AbortSignal.abort())).not.toThrow();
  });

  it('rejects empty and non-string names', () => {
    expect(() => assertName('', 'name')).toThrow('name must be a non-empty string, got ""');
    expect(() => assertName('  ', 'name')).toThrow(TypeError);
    expect(() => assertName(Symbol('n'), 'name')).toThrow('got Symbol(n)');
    expect(() => assertName('checkout', 'name')).not.toThrow();
  });
});
