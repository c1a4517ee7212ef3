import { describe, expect, it } from 'vitest';
import {
  assertClock,
  assertFunction,
  assertInRange,
  assertInteger,
  assertNonNegative,
  assertPositive,
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
  });
});
