// Shown in docs/breaker.md from the import on; test/breaker/docs.test.ts keeps the copy identical
// and runs it.
import { CircuitBreaker, failureRate } from 'ballast/breaker';
import { VirtualClock } from 'ballast/testing';

const clock = new VirtualClock();
const breaker = new CircuitBreaker({
  clock,
  trip: failureRate({ threshold: 0.5, minimumCalls: 4, window: { durationMs: 10_000 } }),
});
for (const up of [true, false, true, false]) {
  await breaker.execute(() => (up ? 'ok' : Promise.reject(new Error('down')))).catch(() => 'down');
}
const { state, calls, failures, failureRate: rate, failuresTotal } = breaker.metrics();
console.log({ state, calls, failures, rate, failuresTotal });
// { state: 'open', calls: 4, failures: 2, rate: 0.5, failuresTotal: 2 }
await clock.advance(10_000);
console.log(breaker.metrics().calls); // 0: the calls have left the time window
