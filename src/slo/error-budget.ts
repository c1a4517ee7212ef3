/**
 * `1 - objective`, computed in decimal from the objective as written, so that 0.999 gives 0.001
 * rather than binary subtraction's 0.0010000000000000009. Thresholds and budgets built on it then
 * land on the numbers people work out by hand (1.44 % errors at 99.9 % is a burn rate of 14.4,
 * not 14.399999999999999).
 *
 * @internal
 */
export function errorBudgetOf(objective: number): number {
  const budget = 1 - objective;
  const written = String(objective);
  const point = written.indexOf('.');
  // Objectives in exponent notation or with more digits than a double holds keep the plain result.
  if (point === -1 || written.includes('e')) return budget;
  const decimals = written.length - point - 1;
  if (decimals > 15) return budget;
  const scale = 10 ** decimals;
  return Math.round(budget * scale) / scale;
}

/**
 * A relative tolerance for comparing a measured burn rate with a tier's threshold: a window that
 * burns at exactly the threshold fires even when floating-point division lands one ulp below it.
 *
 * @internal
 */
export const BURN_RATE_TOLERANCE = 1e-9;
