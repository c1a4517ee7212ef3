import { describe, expect, it } from 'vitest';
import { errorBudgetOf } from '../../src/slo/error-budget.js';
import { humanDuration, promDuration } from '../../src/slo/durations.js';

describe('errorBudgetOf', () => {
  it('subtracts in decimal, as the objective is written', () => {
    expect(1 - 0.999).not.toBe(0.001);
    expect(errorBudgetOf(0.999)).toBe(0.001);
    expect(errorBudgetOf(0.9995)).toBe(0.0005);
    expect(errorBudgetOf(0.99999)).toBe(0.00001);
    expect(errorBudgetOf(0.5)).toBe(0.5);
    expect(0.0144 / errorBudgetOf(0.999)).toBeCloseTo(14.4, 12);
  });

  it('falls back to plain subtraction for exponent notation and long fractions', () => {
    expect(errorBudgetOf(1e-7)).toBe(1 - 1e-7);
    expect(errorBudgetOf(0.1 + 0.2)).toBe(1 - (0.1 + 0.2));
  });

  it('keeps the plain result for exponent notation even with a decimal point', () => {
    expect(String(1.5e-7)).toBe('1.5e-7');
    expect(errorBudgetOf(1.5e-7)).toBe(1 - 1.5e-7);
  });

  it('rounds an objective written with exactly 15 decimals, the most a double holds', () => {
    expect(1 - 0.999999999999999).not.toBe(1e-15);
    expect(errorBudgetOf(0.999999999999999)).toBe(1e-15);
  });

  it('does not round an objective written with 16 decimals', () => {
    expect(String(0.9999999999999999)).toBe('0.9999999999999999');
    expect(errorBudgetOf(0.9999999999999999)).toBe(1 - 0.9999999999999999);
    expect(errorBudgetOf(0.9999999999999999)).not.toBe(1e-16);
  });
});

describe('durations', () => {
  it('formats in the largest whole unit', () => {
    expect(humanDuration(300_000)).toBe('5 min');
    expect(humanDuration(3 * 86_400_000)).toBe('3 d');
    expect(humanDuration(1_500)).toBe('1500 ms');
    expect(humanDuration(0.5)).toBe('0.5 ms');
    expect(promDuration(300_000)).toBe('5m');
    expect(promDuration(30 * 86_400_000)).toBe('30d');
    expect(promDuration(90 * 60_000)).toBe('90m');
    expect(promDuration(30_000)).toBe('30s');
    expect(humanDuration(30_000)).toBe('30 s');
    expect(promDuration(1_500)).toBe('1500ms');
    expect(promDuration(0.5)).toBeUndefined();
    expect(promDuration(0)).toBeUndefined();
  });
});
