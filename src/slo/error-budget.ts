/**
 * `1 - objective`, computed in decimal from the objective as written, so that 0.999 gives 0.001
 * rather than binary subtraction's 0.0010000000000000009. Thresholds and budgets built on it then
 * land on the numbers people work out by hand (1.44 % errors at 99.9 % is a burn rate of 14.4,
 * not 14.399999999999999).
 *
 * @internal
 */
export function errorBudgetOf(objective: number): number {
  const { units, scale } = budgetFractionOf(objective);
  return units / scale;
}

/**
 * The error budget as the fraction `units / scale`, with `scale` a power of ten and `units` an
 * integer, when the objective is written with at most 15 decimals (`0.99` is `1 / 100`); otherwise
 * `1 - objective` over 1.
 *
 * @internal
 */
export interface BudgetFraction {
  readonly units: number;
  readonly scale: number;
}

/** @internal */
export function budgetFractionOf(objective: number): BudgetFraction {
  const budget = 1 - objective;
  const written = String(objective);
  const point = written.indexOf('.');
  // Objectives in exponent notation or with more digits than a double holds keep the plain result.
  if (point === -1 || written.includes('e')) return { units: budget, scale: 1 };
  const decimals = written.length - point - 1;
  if (decimals > 15) return { units: budget, scale: 1 };
  const scale = 10 ** decimals;
  return { units: Math.round(budget * scale), scale };
}

/**
 * `bad / (total * errorBudget)`, the burn rate, with one rounding: `bad * scale / (total * units)`
 * divides two integers (exact while they stay below 2^53), so 10 bad events of 10 at objective
 * 0.99 burn at 100, not at the 99.99999999999999 that multiplying by 0.01 first gives. 0 when
 * `total` is 0.
 *
 * @internal
 */
export function burnRateOf(bad: number, total: number, budget: BudgetFraction): number {
  return total === 0 ? 0 : (bad * budget.scale) / (total * budget.units);
}

/**
 * A relative tolerance for comparing a measured burn rate with a tier's threshold: a window that
 * burns at exactly the threshold fires even when floating-point division lands one ulp below it.
 *
 * @internal
 */
export const BURN_RATE_TOLERANCE = 1e-9;
