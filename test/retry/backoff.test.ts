import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constant,
  decorrelatedJitter,
  exponential,
  linear,
  type Backoff,
} from '../../src/retry/index.js';

/** A random source that returns the given draw: the bounds of [0, 1) included. */
const draw = fc.oneof(
  fc.constant(0),
  fc.constant(1 - Number.EPSILON),
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
);
const retryNumber = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5_000 }));
const delays = (backoff: Backoff, retries: number, random: () => number): number[] => {
  const out: number[] = [];
  let previous = 0;
  for (let retry = 1; retry <= retries; retry++) {
    previous = backoff(retry, previous, random);
    out.push(previous);
  }
  return out;
};

describe('constant', () => {
  it('returns the delay for every retry', () => {
    fc.assert(
      fc.property(fc.nat(100_000), retryNumber, draw, (delay, retry, r) => {
        expect(constant(delay)(retry, 123, () => r)).toBe(delay);
      }),
    );
  });

  it.each([-1, Number.NaN, Infinity])('rejects %s', (delay) => {
    expect(() => constant(delay)).toThrow(/delayMs must be a finite number >= 0/);
  });
});

describe('linear', () => {
  it('is initialMs + stepMs * (retry - 1), capped, and non-decreasing', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.nat(10_000),
        fc.option(fc.nat(100_000), { nil: undefined }),
        (initialMs, stepMs, extra) => {
          const maxMs = extra === undefined ? undefined : initialMs + extra;
          const backoff = linear(
            maxMs === undefined ? { initialMs, stepMs } : { initialMs, stepMs, maxMs },
          );
          const seq = delays(backoff, 30, Math.random);
          seq.forEach((d, i) =>
            expect(d).toBe(Math.min(maxMs ?? Infinity, initialMs + stepMs * i)),
          );
          for (let i = 1; i < seq.length; i++) expect(seq[i]).toBeGreaterThanOrEqual(seq[i - 1]!);
        },
      ),
    );
  });

  it('gives the documented example', () => {
    expect(delays(linear({ initialMs: 100, stepMs: 200, maxMs: 500 }), 4, Math.random)).toEqual([
      100, 300, 500, 500,
    ]);
  });

  it('rejects bad options, naming them', () => {
    expect(() => linear({ initialMs: -1, stepMs: 1 })).toThrow(/initialMs/);
    expect(() => linear({ initialMs: 1, stepMs: Number.NaN })).toThrow(/stepMs/);
    expect(() => linear({ initialMs: 100, stepMs: 1, maxMs: 50 })).toThrow(
      /maxMs must be a finite number >= initialMs \(100\), got 50/,
    );
  });
});

describe('exponential', () => {
  const options = fc.record({
    initialMs: fc.integer({ min: 1, max: 5_000 }),
    factor: fc.oneof(fc.constant(1), fc.constant(2), fc.double({ min: 1, max: 10, noNaN: true })),
    extra: fc.nat(200_000),
  });

  it("'none' is exactly min(maxMs, initialMs * factor ** (retry - 1)), non-decreasing to the cap", () => {
    fc.assert(
      fc.property(options, ({ initialMs, factor, extra }) => {
        const maxMs = initialMs + extra;
        const backoff = exponential({ initialMs, factor, maxMs, jitter: 'none' });
        const seq = delays(backoff, 60, () => 0.5);
        seq.forEach((d, i) => expect(d).toBe(Math.min(maxMs, initialMs * factor ** i)));
        for (let i = 1; i < seq.length; i++) expect(seq[i]).toBeGreaterThanOrEqual(seq[i - 1]!);
        expect(Math.max(...seq)).toBeLessThanOrEqual(maxMs);
        if (factor >= 1.5) expect(seq.at(-1)).toBe(maxMs);
      }),
    );
  });

  it("'full' stays in [0, d) and 'equal' in [d/2, d) for every retry and draw", () => {
    fc.assert(
      fc.property(options, retryNumber, draw, ({ initialMs, factor, extra }, retry, r) => {
        const maxMs = initialMs + extra;
        const d = Math.min(maxMs, initialMs * factor ** (retry - 1));
        const full = exponential({ initialMs, factor, maxMs, jitter: 'full' })(retry, 0, () => r);
        const equal = exponential({ initialMs, factor, maxMs, jitter: 'equal' })(retry, 0, () => r);
        expect(full).toBeGreaterThanOrEqual(0);
        expect(full).toBeLessThanOrEqual(d);
        if (r < 1 - 1e-9) expect(full).toBeLessThan(d);
        expect(equal).toBeGreaterThanOrEqual(d / 2);
        expect(equal).toBeLessThanOrEqual(d);
        expect(full).toBe(r * d);
        expect(equal).toBe(d / 2 + (r * d) / 2);
      }),
    );
  });

  it('defaults to 100 ms doubling to 30 s with full jitter', () => {
    const none = exponential({ jitter: 'none' });
    expect(delays(none, 10, Math.random)).toEqual([
      100, 200, 400, 800, 1_600, 3_200, 6_400, 12_800, 25_600, 30_000,
    ]);
    const full = exponential();
    expect(full(3, 0, () => 0.5)).toBe(200);
    expect(full(100, 0, () => 0.5)).toBe(15_000);
  });

  it('stays at the cap when factor ** n overflows', () => {
    expect(exponential({ jitter: 'none', factor: 10 })(10_000, 0, Math.random)).toBe(30_000);
  });

  it('rejects bad options, naming them', () => {
    expect(() => exponential({ initialMs: 0 })).toThrow(/initialMs must be a finite number > 0/);
    expect(() => exponential({ factor: 0.5 })).toThrow(
      /factor must be a finite number >= 1, got 0.5/,
    );
    expect(() => exponential({ factor: Number.NaN })).toThrow(/factor/);
    expect(() => exponential({ maxMs: 50 })).toThrow(
      /maxMs must be a finite number >= initialMs \(100\)/,
    );
    expect(() => exponential({ initialMs: 60_000 })).toThrow(/maxMs/);
    expect(() => exponential({ jitter: 'half' as 'full' })).toThrow(
      /jitter must be 'none', 'full' or 'equal', got "half"/,
    );
  });
});

describe('decorrelatedJitter', () => {
  it('stays in [initialMs, min(maxMs, 3 * max(initialMs, previous))] for any sequence of draws', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.nat(100_000),
        fc.array(draw, { minLength: 1, maxLength: 50 }),
        (initialMs, extra, draws) => {
          const maxMs = initialMs + extra;
          const backoff = decorrelatedJitter({ initialMs, maxMs });
          let previous = 0;
          draws.forEach((r, index) => {
            const d = backoff(index + 1, previous, () => r);
            expect(d).toBeGreaterThanOrEqual(initialMs);
            expect(d).toBeLessThanOrEqual(Math.min(maxMs, 3 * Math.max(initialMs, previous)));
            expect(d).toBe(
              Math.min(maxMs, initialMs + r * (3 * Math.max(initialMs, previous) - initialMs)),
            );
            previous = d;
          });
        },
      ),
    );
  });

  it('draws the first retry from [initialMs, 3 * initialMs)', () => {
    const backoff = decorrelatedJitter({ initialMs: 100 });
    expect(backoff(1, 0, () => 0)).toBe(100);
    expect(backoff(1, 0, () => 0.5)).toBe(200);
    expect(backoff(2, 1_000, () => 0.5)).toBe(1_550);
    expect(backoff(9, 29_000, () => 0.99)).toBe(30_000);
  });

  it('without options, draws from 100 ms up to a 30 s cap', () => {
    const backoff = decorrelatedJitter();
    expect(backoff(1, 0, () => 0)).toBe(100);
    expect(backoff(1, 0, () => 0.5)).toBe(200);
    expect(backoff(2, 1_000, () => 0.5)).toBe(1_550);
    expect(backoff(9, 29_000, () => 0.99)).toBe(30_000);
    expect(backoff(10, 30_000, () => 0)).toBe(100);
  });

  it('rejects bad options, naming them', () => {
    expect(() => decorrelatedJitter({ initialMs: 0 })).toThrow(/initialMs/);
    expect(() => decorrelatedJitter({ initialMs: 10, maxMs: 5 })).toThrow(/maxMs/);
  });
});

const named = (name: string, backoff: Backoff): [string, Backoff] => [name, backoff];

describe('every backoff', () => {
  const finiteMs = fc.oneof(
    fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }),
    fc.constantFrom(0, 1, 1e300, Number.MAX_VALUE),
  );
  // Each factory with valid options drawn up to the largest finite number.
  const capOf = (initialMs: number, extra: number): number =>
    Math.min(Number.MAX_VALUE, initialMs + extra);
  const jitter = fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }));
  const backoffs: fc.Arbitrary<[string, Backoff]> = fc.oneof(
    finiteMs.map((ms) => named('constant', constant(ms))),
    fc
      .tuple(finiteMs, jitter)
      .map(([ms, j]) => named(`constant jitter ${j}`, constant(ms, { jitter: j }))),
    fc
      .tuple(finiteMs, finiteMs, fc.option(finiteMs, { nil: undefined }), fc.option(jitter))
      .map(([initialMs, stepMs, extra, j]) =>
        named(
          'linear',
          linear({
            initialMs,
            stepMs,
            ...(extra === undefined ? {} : { maxMs: capOf(initialMs, extra) }),
            ...(j === null ? {} : { jitter: j }),
          }),
        ),
      ),
    fc
      .tuple(
        finiteMs.filter((ms) => ms > 0),
        fc.oneof(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.constantFrom(1, 2, 1e300)),
        finiteMs,
        fc.constantFrom<'none' | 'full' | 'equal'>('none', 'full', 'equal'),
      )
      .map(([initialMs, factor, extra, jitter]) =>
        named(
          `exponential ${jitter}`,
          exponential({ initialMs, factor, maxMs: capOf(initialMs, extra), jitter }),
        ),
      ),
    fc
      .tuple(
        finiteMs.filter((ms) => ms > 0),
        finiteMs,
      )
      .map(([initialMs, extra]) =>
        named(
          'decorrelatedJitter',
          decorrelatedJitter({ initialMs, maxMs: capOf(initialMs, extra) }),
        ),
      ),
  );

  it('returns a finite delay >= 0 at any retry up to 1e6, for every draw in [0, 1)', () => {
    fc.assert(
      fc.property(
        backoffs,
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), draw), {
          minLength: 1,
          maxLength: 30,
        }),
        ([, backoff], steps) => {
          // The previous delay is always one the backoff itself returned, as RetryPolicy passes.
          let previous = 0;
          for (const [retry, r] of steps) {
            const d = backoff(retry, previous, () => r);
            expect(Number.isFinite(d) && d >= 0).toBe(true);
            previous = d;
          }
        },
      ),
    );
  });

  it('never returns NaN or Infinity over a million retries with a zero draw and a huge cap', () => {
    const maxMs = Number.MAX_VALUE;
    for (const backoff of [
      decorrelatedJitter({ maxMs }),
      exponential({ maxMs, jitter: 'full' }),
      exponential({ maxMs, jitter: 'equal' }),
      linear({ initialMs: 1, stepMs: 1e303 }),
    ]) {
      for (const r of [0, 0.5, 1 - Number.EPSILON]) {
        let previous = 0;
        for (let retry = 1; retry <= 1_000_000; retry++) {
          previous = backoff(retry, previous, () => r);
          if (!Number.isFinite(previous))
            throw new Error(`${previous} at retry ${retry}, draw ${r}`);
        }
      }
    }
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'exponential maxMs Infinity',
      () => exponential({ maxMs: Infinity }),
      /maxMs must be a finite number >= initialMs \(100\), got Infinity/,
    ],
    [
      'decorrelatedJitter maxMs Infinity',
      () => decorrelatedJitter({ maxMs: Infinity }),
      /maxMs must be a finite number >= initialMs \(100\), got Infinity/,
    ],
    [
      'linear maxMs Infinity',
      () => linear({ initialMs: 1, stepMs: 1, maxMs: Infinity }),
      /maxMs .* got Infinity/,
    ],
    ['exponential initialMs Infinity', () => exponential({ initialMs: Infinity }), /initialMs/],
    [
      'exponential factor Infinity',
      () => exponential({ factor: Infinity }),
      /factor .* got Infinity/,
    ],
    ['linear stepMs Infinity', () => linear({ initialMs: 1, stepMs: Infinity }), /stepMs/],
    [
      'exponential options null',
      () => exponential(null as never),
      /options must be an object, got null/,
    ],
    [
      'decorrelatedJitter options null',
      () => decorrelatedJitter(null as never),
      /options must be an object, got null/,
    ],
    ['linear options null', () => linear(null as never), /options must be an object, got null/],
    [
      'exponential a typo',
      () => exponential({ maxMS: 5 } as never),
      /unknown option "maxMS" \(did you mean "maxMs"\?\)/,
    ],
    [
      'exponential jitter null',
      () => exponential({ jitter: null } as never),
      /jitter must not be null/,
    ],
    [
      'decorrelatedJitter a typo',
      () => decorrelatedJitter({ initial: 5 } as never),
      /unknown option "initial" \(did you mean "initialMs"\?\)/,
    ],
    [
      'linear a typo',
      () => linear({ initialMs: 1, step: 1 } as never),
      /unknown option "step" \(did you mean "stepMs"\?\)/,
    ],
    ['exponential factor 10n', () => exponential({ factor: 10n as never }), /factor .* got 10n$/],
    [
      'exponential jitter a Symbol',
      () => exponential({ jitter: Symbol('j') as never }),
      /got Symbol\(j\)$/,
    ],
    [
      'exponential maxMs a null-prototype object',
      () => exponential({ maxMs: Object.create(null) as never }),
      /maxMs .* got \{\}$/,
    ],
  ])('rejects %s, naming the option', (_name, make, message) => {
    expect(make).toThrow(message);
  });
});

describe('decorrelatedJitter, exactly', () => {
  it('draws between initialMs and three times the previous delay, capped', () => {
    const backoff = decorrelatedJitter({ initialMs: 100, maxMs: 1_000 });
    expect(backoff(2, 200, () => 0.5)).toBe(350); // 100 + 0.5 * (600 - 100)
    expect(backoff(2, 200, () => 0)).toBe(100);
    expect(backoff(3, 500, () => 0.9)).toBe(1_000);
  });

  it('past the overflow of 3 * previous, gives the cap for any draw above 0 and initialMs for 0', () => {
    const backoff = decorrelatedJitter({ initialMs: 100, maxMs: 1_000 });
    expect(backoff(9, Number.MAX_VALUE, () => 0.5)).toBe(1_000);
    expect(backoff(9, Number.MAX_VALUE, () => Number.MIN_VALUE)).toBe(1_000);
    expect(backoff(9, Number.MAX_VALUE, () => 0)).toBe(100);
  });

  it('rejects a cap below initialMs, and exponential a factor below 1', () => {
    expect(() => decorrelatedJitter({ initialMs: 500, maxMs: 100 })).toThrow(
      new RangeError('maxMs must be a finite number >= initialMs (500), got 100'),
    );
    expect(() => exponential({ factor: 0.5 })).toThrow(RangeError);
    expect(() => exponential({ factor: 0.5 })).toThrow(/factor/);
  });
});
