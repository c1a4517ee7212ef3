// Registered symbols, so that the check also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side, or two versions in one dependency tree), where
// `instanceof` fails. Every error class ballast raises carries BALLAST_ERROR on its prototype.
const BALLAST_ERROR = Symbol.for('ballast.error');

/**
 * The brands of the error classes that predate BALLAST_ERROR: copies of ballast from before it
 * carry only these, and so does a class whose file sets only its own (TimeoutError's).
 */
const CLASS_BRANDS: readonly symbol[] = [
  Symbol.for('ballast.TimeoutError'),
  Symbol.for('ballast.BrokenCircuitError'),
  Symbol.for('ballast.HttpStatusError'),
];

/**
 * Marks `errorClass` (its prototype, so no instance pays for it) as an error ballast raises. Call
 * it in the class's static block.
 *
 * @internal
 */
export function brandBallastError(errorClass: abstract new (...args: never[]) => Error): void {
  Object.defineProperty(errorClass.prototype, BALLAST_ERROR, { value: true });
}

/**
 * Whether `error` was raised by ballast itself, from this copy or another (the ESM and CJS builds
 * side by side): an instance of one of its error classes (`BrokenCircuitError`, `TimeoutError`,
 * `BulkheadRejectedError`, `RateLimitedError`, `HttpStatusError`). Never true for the error of a
 * caller's own function, nor for the TypeError or RangeError of a bad option.
 *
 * @example
 * ```ts
 * import { isBallastError } from 'ballast/policy';
 *
 * try {
 *   await policy.execute(callApi);
 * } catch (error) {
 *   // Shed, rejected or timed out by a policy, not failed by the dependency itself.
 *   if (isBallastError(error)) metrics.shed.inc();
 *   throw error;
 * }
 * ```
 */
export function isBallastError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const record = error as Record<symbol, unknown>;
  if (record[BALLAST_ERROR] === true) return true;
  for (const brand of CLASS_BRANDS) if (record[brand] === true) return true;
  return false;
}
