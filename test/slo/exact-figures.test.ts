import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { burnRateOf, budgetFractionOf } from '../../src/slo/error-budget.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { nearest } from './reference-model.js';

const OBJECTIVES = [0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999] as const;

/** Events of one window: `total` of them, `bad` bad. */
const counts = fc
  .integer({ min: 1, max: 5_000 })
  .chain((total) =>
    fc.record({ total: fc.constant(total), bad: fc.integer({ min: 0, max: total }) }),
  );

function trackerWith(objective: number, total: number, bad: number): SloTracker {
  const clock = new VirtualClock();
  const slo = new SloTracker({
    name: 'exact',
    objective,
    windowMs: 3_600_000,
    alerts: false,
    clock,
  });
  slo.record(true, total - bad);
  slo.record(false, bad);
  return slo;
}

describe('burn rate and budget figures', () => {
  it('burn at exactly 100 when every event of any count up to 1 000 is bad at 99 %', () => {
    // Multiplying by the budget (0.01) first gives 99.99999999999999 for 187 of these counts.
    const off = [];
    for (let total = 1; total <= 1_000; total++) {
      if (trackerWith(0.99, total, total).burnRate(60_000) !== 100) off.push(total);
    }
    expect(off).toEqual([]);
  });

  it('are the doubles nearest to the exact ratios of the counts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OBJECTIVES), counts, (objective, { total, bad }) => {
        const { units, scale } = budgetFractionOf(objective);
        const allowedUnits = BigInt(total) * BigInt(units);
        const badUnits = BigInt(bad) * BigInt(scale);
        const slo = trackerWith(objective, total, bad);
        expect(slo.burnRate(60_000)).toBe(nearest(badUnits, allowedUnits));
        const budget = slo.budget();
        expect(budget.consumed).toBe(nearest(badUnits, allowedUnits));
        expect(budget.remaining).toBe(nearest(allowedUnits - badUnits, allowedUnits));
        expect(budget.allowedBad).toBe(nearest(allowedUnits, BigInt(scale)));
        expect(slo.sli()).toBe(nearest(BigInt(total - bad), BigInt(total)));
      }),
      { numRuns: 300 },
    );
  });

  it('keep the workbook figures: 4 bad of 500 at 99 % leave exactly a fifth of the budget', () => {
    const budget = trackerWith(0.99, 500, 4).budget();
    expect(budget.remaining).toBe(0.2);
    expect(budget.consumed).toBe(0.8);
    expect(budget.allowedBad).toBe(5);
  });

  it('hold the budget as an integer over a power of ten', () => {
    expect(budgetFractionOf(0.999)).toEqual({ units: 1, scale: 1_000 });
    expect(budgetFractionOf(0.9995)).toEqual({ units: 5, scale: 10_000 });
    expect(burnRateOf(0, 0, budgetFractionOf(0.99))).toBe(0);
    // No decimal form to scale: the plain budget over 1.
    expect(budgetFractionOf(1e-7)).toEqual({ units: 1 - 1e-7, scale: 1 });
  });
});
