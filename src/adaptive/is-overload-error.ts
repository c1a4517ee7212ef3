/** The names of ballast's own rejections, and of its timeout: each says the callee is overloaded. */
const OVERLOAD_NAMES: ReadonlySet<string> = new Set([
  'BrokenCircuitError',
  'BulkheadRejectedError',
  'RateLimitedError',
  'ThrottledError',
  'ConcurrencyLimitError',
  'TimeoutError',
]);

/**
 * Whether `error` is a sign that the callee is overloaded: one of ballast's own rejections (by
 * `name`: `BrokenCircuitError`, `BulkheadRejectedError`, `RateLimitedError`, `ThrottledError`,
 * `ConcurrencyLimitError`), a `TimeoutError` (a call that took too long is the first sign of a
 * queue building up), or an error carrying an HTTP `status` (or `statusCode`) of 429 or 503.
 *
 * It is what {@link AdaptiveThrottle} counts as not accepted, and what
 * {@link AdaptiveConcurrencyPolicy} counts as a drop, unless told otherwise. Any other error (a
 * 404, a 500, a bug) still means the callee answered: it is no reason to send it less.
 *
 * @example
 * ```ts
 * isOverloadError(new HttpStatusError(503, ...)); // true
 * isOverloadError(new TimeoutError(2_000)); // true
 * isOverloadError(new TypeError('bad input')); // false
 * ```
 */
export function isOverloadError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, status, statusCode } = error as {
    name?: unknown;
    status?: unknown;
    statusCode?: unknown;
  };
  if (typeof name === 'string' && OVERLOAD_NAMES.has(name)) return true;
  const code = typeof status === 'number' ? status : statusCode;
  return code === 429 || code === 503;
}
