import fc from 'fast-check';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  constant,
  exponential,
  linear,
  type Backoff,
  type ConstantOptions,
  type ExponentialOptions,
  type LinearOptions,
} from '../../src/retry/index.js';
import { seeded } from './helpers.js';

// The numeric `jitter` of constant() and linear() (resilience4j's randomization factor), held to
// the same bounds properties as exponential()'s jitters: every delay within its interval, the
// exact delay without jitter, the right mean, and `random` as the only source of randomness.

/** A draw in [0, 1), its bounds included. */
const draw = fc.oneof(
  fc.constant(0),
  fc.constant(1 - Number.EPSILON),
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
);
const jitter = fc.oneof(
  fc.constantFrom(0, 0.1, 0.25, 0.5, 1),
  fc.double({ min: 0, max: 1, noNaN: true }),
);
const delayMs = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.double({ min: 0, max: 1e12, noNaN: true }),
  fc.constantFrom(0, Number.MIN_VALUE, 1e300, Number.MAX_VALUE),
);
const linearOptions = fc.record({
  initialMs: fc.integer({ min: 0, max: 10_000 }),
  stepMs: fc.integer({ min: 0, max: 10_000 }),
  extra: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
  jitter,
});
const retryNumber = fc.integer({ min: 1, max: 50 });

/** The reference: `[d * (1 - j), d * (1 + j)]`, capped at `maxMs`, widened by rounding only. */
function expectWithin(actual: number, d: number, j: number, maxMs: number): void {
  // Rounding only: relative for normal numbers, absolute for the subnormal ones.
  const slack = d * 1e-12 + 1e-300;
  expect(Number.isFinite(actual)).toBe(true);
  expect(actual).toBeGreaterThanOrEqual(Math.max(0, d * (1 - j) - slack));
  expect(actual).toBeLessThanOrEqual(Math.min(maxMs, d * (1 + j) + slack));
}

/** The delay of `linear` before jitter, as its documentation states it. */
const linearDelay = (o: { initialMs: number; stepMs: number }, maxMs: number, retry: number) =>
  Math.min(maxMs, o.initialMs + o.stepMs * (retry - 1));

const makeLinear = (o: {
  initialMs: number;
  stepMs: number;
  extra: number | undefined;
  jitter: number;
}): { backoff: Backoff; maxMs: number } => {
  const { initialMs, stepMs, extra, jitter } = o;
  if (extra === undefined) {
    return { backoff: linear({ initialMs, stepMs, jitter }), maxMs: Number.MAX_VALUE };
  }
  const maxMs = initialMs + extra;
  return { backoff: linear({ initialMs, stepMs, maxMs, jitter }), maxMs };
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('constant with jitter', () => {
  it('stays in [d * (1 - jitter), d * (1 + jitter)] for every delay, jitter and draw', () => {
    fc.assert(
      fc.property(delayMs, jitter, retryNumber, draw, (d, j, retry, r) => {
        const delay = constant(d, { jitter: j })(retry, 0, () => r);
        expectWithin(delay, d, j, Number.MAX_VALUE);
      }),
      { numRuns: 300 },
    );
  });

  it('with jitter 0 (or none) waits exactly the delay and never calls random', () => {
    fc.assert(
      fc.property(
        delayMs,
        fc.constantFrom<ConstantOptions | undefined>(undefined, {}, { jitter: 0 }, { jitter: -0 }),
        retryNumber,
        (d, options, retry) => {
          const random = vi.fn(() => 0.9);
          expect(constant(d, options)(retry, 123, random)).toBe(d);
          expect(random).not.toHaveBeenCalled();
        },
      ),
    );
  });

  it('averages the delay itself over many draws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), jitter, fc.integer(), (d, j, seed) => {
        const backoff = constant(d, { jitter: j });
        const random = seeded(seed);
        const n = 2_000;
        let sum = 0;
        for (let retry = 1; retry <= n; retry++) sum += backoff(retry, 0, random);
        // A uniform draw over a width of 2 * d * j has a standard deviation of d * j / sqrt(3).
        const standardError = (d * j) / Math.sqrt(3 * n);
        expect(Math.abs(sum / n - d)).toBeLessThanOrEqual(5 * standardError + d * 1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it('takes one draw per delay from the random it is given, and none from Math.random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: Number.MIN_VALUE, max: 1, noNaN: true }),
        fc.integer(),
        (d, j, seed) => {
          const backoff = constant(d, { jitter: j });
          const mathRandom = vi.spyOn(Math, 'random');
          const draws: number[] = [];
          const source = seeded(seed);
          const random = () => {
            const r = source();
            draws.push(r);
            return r;
          };
          const first = Array.from({ length: 20 }, (_, i) => backoff(i + 1, 0, random));
          expect(mathRandom).not.toHaveBeenCalled();
          mathRandom.mockRestore();
          expect(draws).toHaveLength(20);
          // The same seed gives the same delays: nothing else goes into them.
          const again = seeded(seed);
          expect(Array.from({ length: 20 }, (_, i) => backoff(i + 1, 0, again))).toEqual(first);
          // A larger draw never gives a shorter delay.
          expect(backoff(1, 0, () => 0)).toBeLessThanOrEqual(backoff(1, 0, () => 0.5));
          expect(backoff(1, 0, () => 0.5)).toBeLessThanOrEqual(backoff(1, 0, () => 0.99));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('spreads 1 s by ±25 % as the documentation shows', () => {
    const backoff = constant(1_000, { jitter: 0.25 });
    expect(backoff(1, 0, () => 0)).toBe(750);
    expect(backoff(1, 0, () => 0.5)).toBe(1_000);
    expect(backoff(1, 0, () => 0.75)).toBe(1_125);
    expect(backoff(1, 0, () => 1 - Number.EPSILON)).toBeLessThanOrEqual(1_250);
  });

  it('keeps the largest delays finite: the spread overflows only into the cap', () => {
    const backoff = constant(Number.MAX_VALUE, { jitter: 1 });
    expect(backoff(1, 0, () => 0)).toBe(0);
    expect(backoff(1, 0, () => 1 - Number.EPSILON)).toBe(Number.MAX_VALUE);
    expect(backoff(1, 0, () => 0.5)).toBe(Number.MAX_VALUE);
  });
});

describe('linear with jitter', () => {
  it('stays in [d * (1 - jitter), min(maxMs, d * (1 + jitter))] for every retry and draw', () => {
    fc.assert(
      fc.property(linearOptions, retryNumber, draw, (o, retry, r) => {
        const { backoff, maxMs } = makeLinear(o);
        const d = linearDelay(o, maxMs, retry);
        expectWithin(
          backoff(retry, 0, () => r),
          d,
          o.jitter,
          maxMs,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('with jitter 0 is exactly the documented sequence and never calls random', () => {
    fc.assert(
      fc.property(linearOptions, retryNumber, (o, retry) => {
        const { backoff, maxMs } = makeLinear({ ...o, jitter: 0 });
        const random = vi.fn(() => 0.9);
        expect(backoff(retry, 0, random)).toBe(linearDelay(o, maxMs, retry));
        expect(random).not.toHaveBeenCalled();
      }),
    );
  });

  it('averages the linear delay over many draws while the spread stays under the cap', () => {
    fc.assert(
      fc.property(linearOptions, retryNumber, fc.integer(), (o, retry, seed) => {
        const { backoff, maxMs } = makeLinear(o);
        const d = linearDelay(o, maxMs, retry);
        fc.pre(d * (1 + o.jitter) <= maxMs);
        const random = seeded(seed);
        const n = 2_000;
        let sum = 0;
        for (let i = 0; i < n; i++) sum += backoff(retry, 0, random);
        const standardError = (d * o.jitter) / Math.sqrt(3 * n);
        expect(Math.abs(sum / n - d)).toBeLessThanOrEqual(5 * standardError + d * 1e-9);
      }),
      { numRuns: 40 },
    );
  });

  it('at the cap, never waits longer than maxMs', () => {
    const backoff = linear({ initialMs: 100, stepMs: 200, maxMs: 500, jitter: 0.2 });
    expect(backoff(3, 0, () => 0)).toBe(400);
    expect(backoff(3, 0, () => 0.99)).toBe(500);
    expect(backoff(2, 0, () => 0.99)).toBeCloseTo(358.8, 9);
  });

  it('is deterministic for a seeded random, and reads no other source', () => {
    const make = () => linear({ initialMs: 100, stepMs: 50, maxMs: 1_000, jitter: 0.5 });
    const mathRandom = vi.spyOn(Math, 'random');
    const run = (seed: number) => {
      const backoff = make();
      const random = seeded(seed);
      return Array.from({ length: 30 }, (_, i) => backoff(i + 1, 0, random));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(mathRandom).not.toHaveBeenCalled();
  });

  it('never returns NaN or Infinity without a cap, at any retry and draw', () => {
    const backoff = linear({ initialMs: 1, stepMs: 1e303, jitter: 1 });
    for (const retry of [1, 2, 1_000, 1_000_000]) {
      for (const r of [0, 0.5, 1 - Number.EPSILON]) {
        expect(Number.isFinite(backoff(retry, 0, () => r))).toBe(true);
      }
    }
  });
});

describe('the jitter option, checked', () => {
  it.each<[string, () => unknown, ErrorConstructor, RegExp]>([
    [
      'constant jitter 1.5',
      () => constant(100, { jitter: 1.5 }),
      RangeError,
      /^jitter must be in \[0, 1\], got 1\.5$/,
    ],
    ['constant jitter -0.1', () => constant(100, { jitter: -0.1 }), RangeError, /got -0\.1$/],
    ['constant jitter NaN', () => constant(100, { jitter: Number.NaN }), RangeError, /got NaN$/],
    [
      'constant jitter Infinity',
      () => constant(100, { jitter: Infinity }),
      RangeError,
      /got Infinity$/,
    ],
    [
      "constant jitter 'full'",
      () => constant(100, { jitter: 'full' as never }),
      RangeError,
      /^jitter must be a number in \[0, 1\], got "full" \('none', 'full' and 'equal' are exponential\(\)'s jitters\)$/,
    ],
    [
      'constant jitter 1n',
      () => constant(100, { jitter: 1n as never }),
      RangeError,
      /jitter .* got 1n$/,
    ],
    [
      'constant jitter null',
      () => constant(100, { jitter: null as never }),
      TypeError,
      /jitter must not be null/,
    ],
    [
      'constant a typo',
      () => constant(100, { jiter: 0.1 } as never),
      TypeError,
      /^unknown option "jiter" \(did you mean "jitter"\?\)$/,
    ],
    [
      'constant options null',
      () => constant(100, null as never),
      TypeError,
      /options must be an object, got null/,
    ],
    [
      'constant a bad delay, before its options',
      () => constant(-1, { jitter: 2 }),
      RangeError,
      /delayMs/,
    ],
    [
      'linear jitter 2',
      () => linear({ initialMs: 1, stepMs: 1, jitter: 2 }),
      RangeError,
      /^jitter must be in \[0, 1\], got 2$/,
    ],
    [
      "linear jitter 'equal'",
      () => linear({ initialMs: 1, stepMs: 1, jitter: 'equal' as never }),
      RangeError,
      /got "equal" \('none', 'full' and 'equal' are exponential\(\)'s jitters\)$/,
    ],
    [
      'linear a typo',
      () => linear({ initialMs: 1, stepMs: 1, jitterFactor: 0.1 } as never),
      TypeError,
      /^unknown option "jitterFactor" \(did you mean "jitter"\?\)$/,
    ],
    [
      'exponential a numeric jitter',
      () => exponential({ jitter: 0.25 as never }),
      TypeError,
      /^jitter must be 'none', 'full' or 'equal', got 0\.25 \(a number is the jitter of constant\(\) and linear\(\)\)$/,
    ],
  ])('rejects %s, naming the option and the value', (_name, make, type, message) => {
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it('accepts both ends of [0, 1]', () => {
    expect(constant(10, { jitter: 0 })(1, 0, () => 0.5)).toBe(10);
    expect(constant(10, { jitter: 1 })(1, 0, () => 0)).toBe(0);
    expect(linear({ initialMs: 10, stepMs: 0, jitter: 1 })(1, 0, () => 0.5)).toBe(10);
  });

  it('types jitter as a number for constant and linear, and as a strategy for exponential', () => {
    expectTypeOf<NonNullable<ConstantOptions['jitter']>>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<LinearOptions['jitter']>>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<ExponentialOptions['jitter']>>().toEqualTypeOf<
      'none' | 'full' | 'equal'
    >();
    expectTypeOf(constant).parameters.toEqualTypeOf<[number, ConstantOptions?]>();
    // @ts-expect-error exponential's jitter is a strategy name, not a factor
    expect(() => exponential({ jitter: 0.5 })).toThrow(TypeError);
    // @ts-expect-error constant's jitter is a factor, not a strategy name
    expect(() => constant(1, { jitter: 'full' })).toThrow(RangeError);
  });
});
