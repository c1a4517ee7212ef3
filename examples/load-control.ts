// docs/policy.md's load-control example: a fallback around a rate limiter, a bulkhead, a breaker
// and a timeout. docs/policy.md shows this file from its first import on; a test keeps the two
// identical, and runs it.
import { CircuitBreaker, consecutiveFailures } from 'ballast/breaker';
import {
  BulkheadPolicy,
  fallback,
  isBallastError,
  RateLimitPolicy,
  TimeoutPolicy,
  wrap,
} from 'ballast/policy';

type Recommendations = readonly string[];

// The recommendations service takes 20 requests a second and 5 at once. A call it would not take
// (rate-limited, shed by the bulkhead, breaker open, timed out) gets no recommendations rather
// than an error; an error of the service's own still reaches the caller.
const recommendations = wrap(
  fallback((): Recommendations => [], { shouldHandle: isBallastError }),
  new RateLimitPolicy({ limit: 20, intervalMs: 1_000, maxWaitMs: 100 }),
  new BulkheadPolicy({ maxConcurrent: 5, maxQueue: 10 }),
  new CircuitBreaker({ trip: consecutiveFailures(5), openMs: 10_000 }),
  new TimeoutPolicy(1_000),
);

export function recommend(
  userId: string,
  fetchRecommendations: (userId: string, signal: AbortSignal) => Promise<Recommendations>,
): Promise<Recommendations> {
  return recommendations.execute(({ signal }) => fetchRecommendations(userId, signal));
}
