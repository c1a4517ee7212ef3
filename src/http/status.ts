/**
 * Whether an HTTP status is a failure of the server or of the moment, which a circuit breaker
 * should count, an SLO should count bad, and a retry may see: 408 (Request Timeout), 429 (Too Many
 * Requests) and every 5xx. Other 4xx statuses are the caller's mistakes: retrying them gives the
 * same answer, and a breaker tripped by them would refuse good requests for a bad one. The default
 * `failOn` of {@link fetchWith}.
 *
 * @example
 * ```ts
 * import { fetchWith, isFailingStatus } from 'ballast/http';
 *
 * isFailingStatus(503); // true
 * isFailingStatus(404); // false
 * // Also fail on 404 (a read-after-write that has not replicated yet, say):
 * const fetchOrders = fetchWith(policy, { failOn: (status) => isFailingStatus(status) || status === 404 });
 * ```
 */
export function isFailingStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The statuses worth another attempt: a timeout, a rate limit, and the 5xx that say "not now"
 * rather than "never" (501 Not Implemented and 505 HTTP Version Not Supported say never).
 */
export function isRetryableStatus(status: number): boolean {
  return (
    status === 408 ||
    status === 429 ||
    status === 500 ||
    status === 502 ||
    status === 503 ||
    status === 504
  );
}
