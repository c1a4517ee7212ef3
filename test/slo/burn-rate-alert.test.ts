import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { burnRateForBudget, defaultBurnRateAlerts } from '../../src/slo/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('burnRateForBudget', () => {
  it('gives the workbook factors for a 30-day period', () => {
    expect(burnRateForBudget(0.02, HOUR, 30 * DAY)).toBe(14.4);
    expect(burnRateForBudget(0.05, 6 * HOUR, 30 * DAY)).toBe(6);
    expect(burnRateForBudget(0.1, DAY, 30 * DAY)).toBe(3);
    expect(burnRateForBudget(0.1, 3 * DAY, 30 * DAY)).toBe(1);
    expect(burnRateForBudget(1, 30 * DAY, 30 * DAY)).toBe(1);
  });

  it('spends exactly the given share of the budget in the window', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 1_000 }),
        (share, window, extra) => {
          const period = window + extra;
          const rate = burnRateForBudget(share, window, period);
          // Burning at `rate` for `window` spends rate * window / period of the budget.
          expect((rate * window) / period).toBeCloseTo(share, 12);
        },
      ),
    );
  });

  it('rejects shares, windows and periods out of range', () => {
    expect(() => burnRateForBudget(0, HOUR, DAY)).toThrow(/budgetFraction must be in \(0, 1\]/);
    expect(() => burnRateForBudget(1.5, HOUR, DAY)).toThrow(RangeError);
    expect(() => burnRateForBudget(Number.NaN, HOUR, DAY)).toThrow(RangeError);
    expect(() => burnRateForBudget(0.1, 0, DAY)).toThrow(
      /longWindowMs must be a finite number > 0/,
    );
    expect(() => burnRateForBudget(0.1, HOUR, -1)).toThrow(/periodMs must be a finite number > 0/);
    expect(() => burnRateForBudget(0.1, 2 * DAY, DAY)).toThrow(
      /longWindowMs must be at most periodMs \(86400000\), got 172800000/,
    );
  });
});

describe('defaultBurnRateAlerts', () => {
  it('is the workbook table, frozen, with short windows a twelfth of the long ones', () => {
    expect(defaultBurnRateAlerts).toEqual([
      { severity: 'page', burnRate: 14.4, longWindowMs: HOUR, shortWindowMs: 5 * MINUTE },
      { severity: 'page', burnRate: 6, longWindowMs: 6 * HOUR, shortWindowMs: 30 * MINUTE },
      { severity: 'ticket', burnRate: 3, longWindowMs: DAY, shortWindowMs: 2 * HOUR },
      { severity: 'ticket', burnRate: 1, longWindowMs: 3 * DAY, shortWindowMs: 6 * HOUR },
    ]);
    expect(Object.isFrozen(defaultBurnRateAlerts)).toBe(true);
    for (const alert of defaultBurnRateAlerts) {
      expect(Object.isFrozen(alert)).toBe(true);
      expect(alert.longWindowMs / alert.shortWindowMs).toBe(12);
    }
  });
});
