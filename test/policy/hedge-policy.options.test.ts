import { describe, expect, it } from 'vitest';
import { HedgePolicy, type HedgeOptions } from '../../src/policy/index.js';

const make = (options: unknown) => () => new HedgePolicy(options as HedgeOptions);

describe('HedgePolicy options', () => {
  it('takes a delay, a delay function, and the defaults', () => {
    const policy = new HedgePolicy({ delayMs: 0 });
    expect(policy.maxHedges).toBe(1);
    expect(policy.name).toBeUndefined();
    const named = new HedgePolicy({ delayMs: (hedge) => hedge * 10, maxHedges: 3, name: 'users' });
    expect(named.maxHedges).toBe(3);
    expect(named.name).toBe('users');
  });

  it.each([
    [undefined, new TypeError('options must be an object, got undefined')],
    [{}, new TypeError('delayMs is required: a number of milliseconds >= 0, or a function')],
    [{ delayMs: -1 }, new RangeError('delayMs must be a finite number >= 0, got -1')],
    [{ delayMs: Infinity }, new RangeError('delayMs must be a finite number >= 0, got Infinity')],
    [{ delayMs: '50' }, new RangeError('delayMs must be a finite number >= 0, got "50"')],
    [
      { delayMs: null },
      new TypeError('delayMs must not be null (omit it, or pass undefined, for the default)'),
    ],
    [{ delayMs: 1, maxHedges: 0 }, new RangeError('maxHedges must be an integer >= 1, got 0')],
    [{ delayMs: 1, maxHedges: 1.5 }, new RangeError('maxHedges must be an integer >= 1, got 1.5')],
    [{ delayMs: 1, budget: 0.1 }, new TypeError('budget must be an object, got 0.1')],
    [
      { delayMs: 1, budget: { ratio: 0 } },
      new RangeError('budget.ratio must be a finite number > 0, got 0'),
    ],
    [
      { delayMs: 1, budget: {} },
      new RangeError('budget.ratio must be a finite number > 0, got undefined'),
    ],
    [
      { delayMs: 1, budget: { ratoi: 0.1 } },
      new TypeError('unknown option "budget.ratoi" (did you mean "budget.ratio"?)'),
    ],
    [
      { delayMs: 1, clock: {} },
      new TypeError('clock must be a Clock with now() and setTimer(), got {}'),
    ],
    [{ delayMs: 1, name: '' }, new TypeError('name must be a non-empty string, got ""')],
    [{ delayMS: 1 }, new TypeError('unknown option "delayMS" (did you mean "delayMs"?)')],
    [
      { delayMs: 1, maxHedgedAttempts: 2 },
      new TypeError(
        `unknown option "maxHedgedAttempts" (Polly's maxHedgedAttempts is maxHedges here)`,
      ),
    ],
  ])('rejects %j', (options, error) => {
    expect(make(options)).toThrow(error);
    expect(make(options)).toThrow(error.constructor);
  });
});
