// Shown in docs/breaker.md from the import on; test/breaker/docs.test.ts keeps the copy identical
// and runs it.
import { CircuitBreaker, consecutiveFailures } from 'ballast/breaker';

const candidate = new CircuitBreaker({ shadow: true, trip: consecutiveFailures(2) });
candidate.events.on('shadowRejected', ({ state }) => console.log(`would have rejected (${state})`));
for (let i = 0; i < 3; i++) {
  await candidate.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
}
// would have rejected (open): the third call ran all the same
console.log(candidate.state, candidate.metrics().shadowRejectionsTotal); // open 1
