// docs/policy.md's realistic stack: a fallback, a retry with a retry budget, a circuit breaker, a
// bulkhead and a timeout around fetch. docs/policy.md shows this file from its first import on; a
// test keeps the two identical, and runs the stack through an outage on a virtual clock.
import { CircuitBreaker, consecutiveFailures, isBrokenCircuitError } from 'ballast/breaker';
import { systemClock, type Clock } from 'ballast/clock';
import {
  BulkheadPolicy,
  fallback,
  isBulkheadRejectedError,
  TimeoutPolicy,
  wrap,
} from 'ballast/policy';
import { exponential, RetryBudget, RetryPolicy } from 'ballast/retry';

export interface Stock {
  readonly sku: string;
  readonly available: number;
}

export interface InventoryOptions {
  readonly baseUrl: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default systemClock */
  readonly clock?: Clock;
  /** The retry's jitter. @default Math.random */
  readonly random?: () => number;
}

export function createInventoryClient(options: InventoryOptions) {
  const { baseUrl, fetch: get = globalThis.fetch, clock = systemClock } = options;
  // Retries are at most 10 % of the calls, plus one a second: a dependency that is down gets
  // about the traffic it had, not three times as much.
  const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 0, clock });
  const retry = new RetryPolicy({
    maxAttempts: 3,
    backoff: exponential({ initialMs: 100, maxMs: 1_000 }),
    // The layers inside refuse at once, and would refuse the same again.
    shouldRetry: (error) => !isBrokenCircuitError(error) && !isBulkheadRejectedError(error),
    budget,
    clock,
    random: options.random ?? Math.random,
  });
  const breaker = new CircuitBreaker({
    trip: consecutiveFailures(5),
    openMs: 5_000,
    // A call the bulkhead sheds says nothing about the inventory service.
    isFailure: (error) => !isBulkheadRejectedError(error),
    clock,
  });
  const bulkhead = new BulkheadPolicy({ maxConcurrent: 10, maxQueue: 0, clock });
  const stack = wrap(
    // Stock unknown (the page shows "check availability") rather than an error.
    fallback((): Stock | null => null),
    retry,
    breaker,
    bulkhead,
    new TimeoutPolicy(1_000, { clock }),
  );

  function stock(sku: string): Promise<Stock | null> {
    return stack.execute(async ({ signal }): Promise<Stock | null> => {
      const response = await get(`${baseUrl}/stock/${encodeURIComponent(sku)}`, { signal });
      if (!response.ok) throw new Error(`inventory answered ${response.status}`);
      return (await response.json()) as Stock;
    });
  }

  // The layers too, for metrics: breaker.events, retry.events, bulkhead.events.
  return { stock, retry, breaker, bulkhead };
}
