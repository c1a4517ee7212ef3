// Shown in docs/breaker.md from the import on; test/breaker/docs.test.ts keeps the copy identical
// and runs it.
import { CircuitBreaker, isBrokenCircuitError } from 'ballast/breaker';
import { VirtualClock } from 'ballast/testing';

const clock = new VirtualClock();
const breaker = new CircuitBreaker({ clock });
// The provider announced 10 minutes of maintenance: fail fast meanwhile, then probe.
const release = breaker.isolate({ forMs: 10 * 60_000 });
try {
  await breaker.execute(() => 'order');
} catch (error) {
  if (isBrokenCircuitError(error)) console.log(`${error.state}, retry in ${error.retryAfterMs} ms`);
}
// open, retry in 600000 ms
await clock.advance(4 * 60_000);
release(); // back early: end the hold now
console.log(breaker.state); // closed
