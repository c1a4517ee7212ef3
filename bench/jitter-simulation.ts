// A reproduction, in virtual time, of the contention simulation of the AWS Architecture Blog's
// "Exponential Backoff And Jitter" (Marc Brooker, 2015): N clients each make one write to a single
// resource under optimistic concurrency control, all starting at once. A write reads the resource's
// version, works for CALL_MS, then commits only if nobody committed in between; otherwise it fails
// with a conflict and the client retries with the backoff under test. We count the calls made
// until every client has committed, and the time that took.
//
// Run: npx tsx bench/jitter-simulation.ts
import { RetryPolicy, decorrelatedJitter, exponential, type Backoff } from '../src/retry/index.js';
import { seededRandom, VirtualClock } from '../src/testing/index.js';

const CALL_MS = 5;
const INITIAL_MS = 10;
const MAX_MS = 2_000;
const CLIENTS = [10, 25, 50, 100];
const SEEDS = 10;

const strategies: Record<string, () => Backoff> = {
  none: () => exponential({ initialMs: INITIAL_MS, maxMs: MAX_MS, jitter: 'none' }),
  full: () => exponential({ initialMs: INITIAL_MS, maxMs: MAX_MS, jitter: 'full' }),
  equal: () => exponential({ initialMs: INITIAL_MS, maxMs: MAX_MS, jitter: 'equal' }),
  decorrelated: () => decorrelatedJitter({ initialMs: INITIAL_MS, maxMs: MAX_MS }),
};

class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

/** One run: `clients` writers contending with `backoff`; returns calls made and the last commit time. */
async function simulate(
  clients: number,
  backoff: Backoff,
  seed: number,
): Promise<{ calls: number; completionMs: number }> {
  const clock = new VirtualClock();
  const policy = new RetryPolicy({
    clock,
    backoff,
    maxAttempts: Infinity,
    random: seededRandom(seed),
  });
  let version = 0;
  let calls = 0;
  let completionMs = 0;
  const write = async (): Promise<void> => {
    calls++;
    const read = version;
    await new Promise<void>((resolve) => clock.setTimer(CALL_MS, resolve));
    if (version !== read) throw new ConflictError('the resource changed since it was read');
    version++;
    completionMs = clock.now();
  };
  const done = Promise.all(Array.from({ length: clients }, () => policy.execute(write)));
  await clock.runAll(10_000_000);
  await done;
  return { calls, completionMs };
}

const rows: string[] = [
  '| clients | jitter | calls | calls per client | completion (virtual ms) |',
  '| ---: | --- | ---: | ---: | ---: |',
];
for (const clients of CLIENTS) {
  for (const [name, make] of Object.entries(strategies)) {
    let calls = 0;
    let completion = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const run = await simulate(clients, make(), seed);
      calls += run.calls;
      completion += run.completionMs;
    }
    calls /= SEEDS;
    completion /= SEEDS;
    rows.push(
      `| ${clients} | ${name} | ${Math.round(calls)} | ${(calls / clients).toFixed(1)} | ${Math.round(completion)} |`,
    );
  }
}
console.log(
  `Contention simulation: each write takes ${CALL_MS} ms under optimistic concurrency; backoff ` +
    `from ${INITIAL_MS} ms capped at ${MAX_MS} ms; mean of ${SEEDS} seeded runs.\n`,
);
console.log(rows.join('\n'));
