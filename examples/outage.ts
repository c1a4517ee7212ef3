// `npm start`: one hour of traffic to a dependency that goes hard down for ten minutes, called
// through a retry (with a retry budget) around a circuit breaker and measured by an SLO tracker,
// all on a virtual clock: an hour of service in a few seconds, the same output on every run.
import { CircuitBreaker, isBrokenCircuitError, failureRate } from 'ballast/breaker';
import { observe, wrap } from 'ballast/policy';
import { exponential, RetryBudget, RetryPolicy } from 'ballast/retry';
import { SloTracker, type ActiveAlert } from 'ballast/slo';
import { SimulatedDependency, VirtualClock, seededRandom } from 'ballast/testing';

const MINUTE = 60_000;
const REQUESTS_PER_SECOND = 10;
const OUTAGE = { fromMs: 20 * MINUTE, toMs: 30 * MINUTE };

const clock = new VirtualClock();
const random = seededRandom(2026);
const dependency = new SimulatedDependency({
  clock,
  random,
  latencyMs: (r) => 20 + r() * 40,
  failureRate: 0.0005,
  outages: [{ ...OUTAGE, latencyMs: 2 }], // connection refused: fails fast
});

const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 1, clock });
const retryPolicy = new RetryPolicy({
  maxAttempts: 3,
  backoff: exponential({ initialMs: 50, maxMs: 1_000 }),
  // An open breaker answers at once; waiting it out belongs to the caller, not to the retry.
  shouldRetry: (error) => !isBrokenCircuitError(error),
  budget,
  clock,
  random,
});
const breaker = new CircuitBreaker({
  name: 'inventory',
  trip: failureRate({ threshold: 0.5, minimumCalls: 20, window: { durationMs: 10_000 } }),
  openMs: ({ openedTimes }) => Math.min(60_000, 5_000 * 2 ** (openedTimes - 1)),
  clock,
});
const slo = new SloTracker({
  name: 'inventory-read',
  objective: 0.999,
  latencyThresholdMs: 500,
  clock,
});
const policy = wrap(observe(slo), retryPolicy, breaker);

// Per-minute tallies, fed by the modules' events.
const minute = { requests: 0, failed: 0, retries: 0, denied: 0, rejected: 0 };
const total = { requests: 0, failed: 0, retries: 0, denied: 0, rejected: 0, opened: 0 };
retryPolicy.events.on('retry', () => minute.retries++);
retryPolicy.events.on('giveUp', ({ reason }) => reason === 'budget' && minute.denied++);
breaker.events.on('rejected', () => minute.rejected++);
breaker.events.on('stateChange', ({ to }) => to === 'open' && total.opened++);
const timeline: string[] = [];
const at = (ms: number): string =>
  `${String(Math.floor(ms / MINUTE)).padStart(2)}m${String(Math.floor((ms % MINUTE) / 1000)).padStart(2, '0')}s`;
const tier = (a: ActiveAlert): string => `${a.alert.severity} ${a.alert.burnRate}x`;
slo.events.on('alertStart', (a) =>
  timeline.push(
    `${at(clock.now())}  alert start  ${tier(a)} (1h burn ${a.longBurnRate.toFixed(1)})`,
  ),
);
// One alert per severity: a change of the tier behind it is an update, not an end and a start.
slo.events.on('alertUpdate', (a) => timeline.push(`${at(clock.now())}  alert update ${tier(a)}`));
slo.events.on('alertEnd', (a) => timeline.push(`${at(clock.now())}  alert end    ${tier(a)}`));
breaker.events.on('stateChange', ({ from, to }) => {
  // A failed probe flips open -> half-open -> open at one instant: one line says it.
  if (from === 'open' && to === 'half-open') return;
  const what =
    from === 'half-open' && to === 'open' ? 'probe failed, open again' : `${from} -> ${to}`;
  timeline.push(`${at(clock.now())}  breaker      ${what}`);
});

function request(): void {
  minute.requests++;
  policy.execute(({ signal }) => dependency.call(signal)).catch(() => minute.failed++);
}

const pad = (value: string | number, width: number): string => String(value).padStart(width);
console.log('ballast outage demo: 1 h of traffic at 10 req/s, the dependency down from 20m to 30m');
console.log('retry: 3 attempts, budget 10% + 1/s | breaker: 50% failures over 10 s | SLO: 99.9%\n');
console.log(
  ' min | dependency | breaker   | requests | failed | dep calls | retries | denied | SLI 1h   | burn 1h | alerts',
);
for (let m = 0; m < 60; m++) {
  const start = clock.now();
  for (let i = 0; i < 60 * REQUESTS_PER_SECOND; i++) {
    clock.setTimer((i * 1_000) / REQUESTS_PER_SECOND, request);
  }
  const callsBefore = dependency.calls;
  await clock.advance(MINUTE);
  const down = dependency.outageAt(start) !== undefined;
  const alerts = slo.activeAlerts().map(tier).join(', ') || '-';
  console.log(
    [
      pad(m + 1, 4),
      (down ? 'DOWN' : 'up').padEnd(10),
      breaker.state.padEnd(9),
      pad(minute.requests, 8),
      pad(minute.failed, 6),
      pad(dependency.calls - callsBefore, 9),
      pad(minute.retries, 7),
      pad(minute.denied, 6),
      `${(slo.sli(60 * MINUTE) * 100).toFixed(3)}%`.padStart(8),
      pad(slo.burnRate(60 * MINUTE).toFixed(1), 7),
      alerts,
    ].join(' | '),
  );
  for (const key of ['requests', 'failed', 'retries', 'denied', 'rejected'] as const) {
    total[key] += minute[key];
    minute[key] = 0;
  }
}
slo.close(); // stops its housekeeping timer, so the clock can run dry
await clock.runAll();

const spent = slo.budget();
const outageRequests = 10 * 60 * REQUESTS_PER_SECOND;
console.log('\nTimeline');
for (const line of timeline) console.log(`  ${line}`);
console.log('\nSummary');
console.log(
  `  requests ${total.requests}, failed ${total.failed} (SLI over the hour ${(slo.sli(60 * MINUTE) * 100).toFixed(3)}%)`,
);
console.log(
  `  dependency calls ${dependency.calls} (${(dependency.calls / total.requests).toFixed(3)} per request; without limits up to 3)`,
);
console.log(
  `  retries ${total.retries}, refused by the budget ${total.denied}; calls the open breaker answered ${total.rejected}; times opened ${total.opened}`,
);
console.log(
  `  during the outage: ${outageRequests} requests; a naive 3-attempt retry would have sent ${3 * outageRequests} calls`,
);
console.log(
  `  error budget: ${spent.bad} bad of ${spent.total} events; at this traffic for 30 days the period allows ` +
    `${Math.round((1 - 0.999) * REQUESTS_PER_SECOND * 30 * 24 * 3_600)} bad events, so this hour spent ` +
    `${((spent.bad / ((1 - 0.999) * REQUESTS_PER_SECOND * 30 * 24 * 3_600)) * 100).toFixed(1)}% of a month's budget`,
);
console.log(`  timers left pending: ${clock.pendingTimers}`);
