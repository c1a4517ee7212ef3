/**
 * What a {@link RetryPolicy} asks of a retry budget: a limit on retries shared by many calls and
 * policies, so that retries stay a small fraction of the traffic during an outage instead of
 * multiplying it. {@link RetryBudget} (a ratio of recent calls, as in Finagle) and
 * {@link TokenBucketRetryBudget} (gRPC retry throttling, the AWS SDK retry quota) implement it;
 * so can your own.
 *
 * The policy calls, for each call:
 * 1. {@link RetryBudgetLike.recordRequest} once, before the first attempt;
 * 2. {@link RetryBudgetLike.tryAcquireRetry} before each retry, after every other limit
 *    (attempts, deadline) has allowed it, so a refused or unneeded retry never costs anything;
 * 3. {@link RetryBudgetLike.recordSuccess} once if the call succeeds, with what the last
 *    `tryAcquireRetry` of this call returned (or `undefined` if it made no retry).
 *
 * A call that ends in an error (or in a result it gives up on) records nothing more.
 *
 * @example
 * ```ts
 * // At most one retry in flight at a time, across every call that shares this budget.
 * class OneAtATime implements RetryBudgetLike {
 *   #busy = false;
 *   recordRequest(): void {}
 *   tryAcquireRetry(): number | false {
 *     if (this.#busy) return false;
 *     this.#busy = true;
 *     return 1;
 *   }
 *   recordSuccess(): void {
 *     this.#busy = false;
 *   }
 * }
 * ```
 */
export interface RetryBudgetLike {
  /** A call is about to make its first attempt. */
  recordRequest(): void;
  /**
   * A failed attempt is about to be retried. Takes the retry's cost and returns it (a number, the
   * same every time for budgets whose retries all cost the same) when the budget allows the retry;
   * returns `false`, changing nothing unless the budget's rules say a refusal costs too, when it
   * does not.
   *
   * @param failure - what the failed attempt threw, or the result `retryOnResult` rejected. The
   *   AWS quota, for one, charges more for a timeout.
   */
  tryAcquireRetry(failure: unknown): number | false;
  /**
   * The call succeeded.
   *
   * @param lastRetryCost - what this call's last successful `tryAcquireRetry` returned, or
   *   `undefined` when it succeeded at its first attempt. The AWS quota refunds it.
   */
  recordSuccess(lastRetryCost: number | undefined): void;
}
