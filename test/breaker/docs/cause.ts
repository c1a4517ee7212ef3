// Shown in docs/breaker.md from the import on; test/breaker/docs.test.ts keeps the copy identical
// and runs it.
import { CircuitBreaker, consecutiveFailures, isBrokenCircuitError } from 'ballast/breaker';
import { VirtualClock } from 'ballast/testing';

const breaker = new CircuitBreaker({
  clock: new VirtualClock(),
  trip: consecutiveFailures(1),
  isResultFailure: (result) => result instanceof Response && result.status === 503,
  openMs: ({ openedTimes, cause }) => {
    // The dependency said when to come back.
    if (cause instanceof Response && cause.headers.has('retry-after')) {
      return Number(cause.headers.get('retry-after')) * 1_000;
    }
    return Math.min(5_000 * 2 ** (openedTimes - 1), 120_000); // 5 s, 10 s, 20 s ...
  },
});
const overloaded = new Response(null, { status: 503, headers: { 'retry-after': '30' } });
await breaker.execute(() => overloaded); // returned as it is, and it opens the circuit
try {
  await breaker.execute(() => 'next');
} catch (error) {
  if (isBrokenCircuitError(error) && error.cause === overloaded) {
    console.log(`open for ${error.retryAfterMs} ms: the dependency answered 503`);
  }
}
// open for 30000 ms: the dependency answered 503
