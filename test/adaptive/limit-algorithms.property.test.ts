import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AimdLimit } from '../../src/adaptive/internal/aimd-limit.js';
import { Gradient2Limit } from '../../src/adaptive/internal/gradient2-limit.js';
import { VegasLimit } from '../../src/adaptive/internal/vegas-limit.js';

// Each algorithm against a small model of its update rule, written out per sample, on random
// sequences of samples: (round-trip time, calls in flight at the start, dropped or not).

const sample = fc.record({
  rtt: fc.integer({ min: 0, max: 2_000 }),
  inFlight: fc.integer({ min: 1, max: 300 }),
  /** When set, the calls in flight are this share of the current limit: the edges of the rules. */
  share: fc.option(fc.constantFrom(0.25, 0.5, 1), { nil: undefined }),
  drop: fc.boolean(),
});

/** The calls in flight of a sample, given the limit before it. */
const inFlightOf = (s: { inFlight: number; share: number | undefined }, limit: number): number =>
  s.share === undefined ? s.inFlight : Math.max(1, Math.floor(limit * s.share));
const samples = fc.array(sample, { maxLength: 200 });
const bounds = fc
  .tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 200 }), fc.nat())
  .map(([minLimit, span, at]) => ({
    minLimit,
    maxLimit: minLimit + span,
    initialLimit: minLimit + (span === 0 ? 0 : at % (span + 1)),
  }));

const within = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));

describe('AIMD', () => {
  it('follows its model: ×ratio (rounded down) on a drop or a slow call, +1 near the limit', () => {
    fc.assert(
      fc.property(
        bounds,
        samples,
        fc.double({ min: 0.5, max: 0.99, noNaN: true }),
        fc.integer({ min: 1, max: 3_000 }),
        (b, list, ratio, timeoutMs) => {
          const aimd = new AimdLimit(b, ratio, timeoutMs);
          let model = b.initialLimit;
          for (const s of list) {
            const before = model;
            const inFlight = inFlightOf(s, model);
            if (s.drop || s.rtt > timeoutMs) model = Math.floor(model * ratio);
            else if (inFlight >= model / 2) model = model + 1;
            model = within(model, b.minLimit, b.maxLimit);
            aimd.update(s.rtt, inFlight, s.drop);
            expect(aimd.estimate).toBe(model);
            expect(Number.isInteger(aimd.estimate)).toBe(true);
            // Additive increase: one at a time; multiplicative decrease: never below min.
            expect(model - before).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});

/** Gradient2 written out: plain mean for 10 samples, then an exponential mean of the window. */
function gradient2Model(
  b: { minLimit: number; maxLimit: number; initialLimit: number },
  o: {
    smoothing: number;
    tolerance: number;
    longWindow: number;
    queueSize: number;
    backoffRatio: number;
  },
) {
  let limit = b.initialLimit;
  let long = 0;
  let n = 0;
  return {
    get limit() {
      return limit;
    },
    sample(rtt: number, inFlight: number, drop: boolean) {
      n++;
      if (n === 1) long = rtt;
      else if (n <= 10) long = (long * (n - 1) + rtt) / n;
      else long = long * (1 - 2 / (o.longWindow + 1)) + rtt * (2 / (o.longWindow + 1));
      const longUsed = long;
      if (rtt > 0 && long > 2 * rtt) long = long * 0.95;
      if (drop) {
        limit = within(limit * o.backoffRatio, b.minLimit, b.maxLimit);
        return;
      }
      if (inFlight < limit / 2) return;
      let gradient = rtt === 0 ? 1 : (o.tolerance * longUsed) / rtt;
      gradient = Math.max(0.5, Math.min(1, gradient));
      const estimate = limit * gradient + o.queueSize;
      limit = within(limit + (estimate - limit) * o.smoothing, b.minLimit, b.maxLimit);
    },
  };
}

describe('Gradient2', () => {
  it('follows its model, stays within its bounds, and never shrinks while latency is tolerated', () => {
    const options = fc.record({
      smoothing: fc.double({ min: 0.01, max: 1, noNaN: true }),
      tolerance: fc.double({ min: 1, max: 3, noNaN: true }),
      longWindow: fc.integer({ min: 1, max: 1_000 }),
      queueSize: fc.integer({ min: 0, max: 10 }),
      backoffRatio: fc.constantFrom(0.5, 0.9, 1),
    });
    fc.assert(
      fc.property(bounds, options, samples, (b, o, list) => {
        const gradient2 = new Gradient2Limit(
          b,
          o.smoothing,
          o.tolerance,
          o.longWindow,
          o.queueSize,
          o.backoffRatio,
        );
        const model = gradient2Model(b, o);
        for (const s of list) {
          const before = gradient2.estimate;
          const inFlight = inFlightOf(s, before);
          model.sample(s.rtt, inFlight, s.drop);
          gradient2.update(s.rtt, inFlight, s.drop);
          expect(gradient2.estimate).toBeCloseTo(model.limit, 9);
          expect(gradient2.estimate).toBeGreaterThanOrEqual(b.minLimit);
          expect(gradient2.estimate).toBeLessThanOrEqual(b.maxLimit);
          if (inFlight < before / 2 && !s.drop) expect(gradient2.estimate).toBe(before);
          if (s.drop) expect(gradient2.estimate).toBeLessThanOrEqual(before);
        }
      }),
    );
  });

  it('shrinks under rising latency and grows back when it falls', () => {
    const b = { minLimit: 1, maxLimit: 100, initialLimit: 50 };
    const gradient2 = new Gradient2Limit(b, 0.2, 1.5, 600, 4, 0.9);
    for (let i = 0; i < 100; i++) gradient2.update(10, 100, false);
    expect(gradient2.estimate).toBe(100);
    for (let i = 0; i < 50; i++) gradient2.update(100, 100, false);
    const low = gradient2.estimate;
    expect(low).toBeLessThan(20);
    for (let i = 0; i < 200; i++) gradient2.update(10, gradient2.estimate, false);
    expect(gradient2.estimate).toBeGreaterThan(low * 2);
  });
});

/** Vegas written out, with its thresholds in terms of s = max(1, floor(log10(limit))). */
function vegasModel(
  b: { minLimit: number; maxLimit: number; initialLimit: number },
  smoothing: number,
  probeMultiplier: number,
) {
  let limit = b.initialLimit;
  let noLoad = 0;
  let probe = 0;
  return {
    get limit() {
      return limit;
    },
    sample(rtt: number, inFlight: number, drop: boolean) {
      probe++;
      if (probe >= probeMultiplier * limit) {
        probe = 0;
        noLoad = rtt;
        return;
      }
      if (noLoad === 0 || rtt < noLoad) {
        noLoad = rtt;
        return;
      }
      const s = Math.max(1, Math.floor(Math.log10(limit)));
      let target: number;
      if (drop) target = limit - s;
      else if (2 * inFlight < limit) return;
      else {
        const queue = Math.ceil(limit * (1 - noLoad / rtt));
        if (queue <= s) target = limit + 6 * s;
        else if (queue < 3 * s) target = limit + s;
        else if (queue > 6 * s) target = limit - s;
        else return;
      }
      target = within(target, b.minLimit, b.maxLimit);
      limit = within(limit * (1 - smoothing) + target * smoothing, b.minLimit, b.maxLimit);
    },
  };
}

describe('Vegas', () => {
  it('follows its model and stays within its bounds', () => {
    fc.assert(
      fc.property(
        bounds,
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 50 }),
        samples,
        (b, smoothing, probeMultiplier, list) => {
          const vegas = new VegasLimit(b, smoothing, probeMultiplier);
          const model = vegasModel(b, smoothing, probeMultiplier);
          for (const s of list) {
            const inFlight = inFlightOf(s, vegas.estimate);
            model.sample(s.rtt, inFlight, s.drop);
            vegas.update(s.rtt, inFlight, s.drop);
            expect(vegas.estimate).toBeCloseTo(model.limit, 9);
            expect(vegas.estimate).toBeGreaterThanOrEqual(b.minLimit);
            expect(vegas.estimate).toBeLessThanOrEqual(b.maxLimit);
          }
        },
      ),
    );
  });
});
