// One case of the instruction-count measurement, run N times: `node <flags>
// bench/instructions/workload.mjs <dist folder> <case> <N>`, under valgrind's callgrind
// (bench/instructions/measure.mjs runs it, with the flags). Plain JavaScript, so that nothing compiles
// it on the way in: what runs is the build users import. The per-call cost is the difference
// between two runs of different N divided by the difference in N, which cancels Node's start-up,
// the module loading and the warm-up the two runs share.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const [folder, name, count] = process.argv.slice(2);
const calls = Number(count);
if (folder === undefined || name === undefined || !Number.isInteger(calls) || calls < 1) {
  throw new Error('usage: workload.mjs <dist folder> <case> <calls>');
}
const load = (module) => import(pathToFileURL(resolve(folder, module, 'index.js')).href);
const { CircuitBreaker, consecutiveFailures, failureRate } = await load('breaker');
const { RetryPolicy } = await load('retry');
const { SloTracker } = await load('slo');
const { observe, wrap } = await load('policy');
const { systemClock } = await load('clock');

const work = async (x) => x + 1;
// Every case calls this same `fn`, as in `npm run bench`.
const fn = () => work(1);
const noop = () => undefined;
const identity = (value) => value;
const rethrow = (error) => {
  throw error;
};
// The system clock's reading, then a fixed time: every case pays for a real clock read, but no
// window turns over during a run. Turnovers are work per unit of time, not per call, and how many
// fall in a run depends on how fast valgrind runs on a loaded machine (with the plain clock
// slo.observe read anywhere from 2,221 to 2,612 instructions per call).
const clock = Object.freeze({
  ...systemClock,
  now: () => {
    performance.now();
    return 1_000;
  },
});
const timeWindow = () =>
  failureRate({ threshold: 0.5, minimumCalls: 20, window: { durationMs: 60_000, buckets: 10 } });
const slo = (label) => new SloTracker({ name: label, objective: 0.999, clock });

/** Each case returns what the measured loop awaits once per call. */
const cases = {
  'bare await': () => fn,
  // The floor of a layer that only observes: one side reaction on the call's own promise.
  'one side reaction': () => () => {
    const p = Promise.resolve(fn());
    p.then(noop, noop);
    return p;
  },
  // The floor of a layer that transforms the outcome (a retry): one more promise, one hop.
  'one hop': () => () => fn().then(identity, rethrow),
  'one clock read': () => () => {
    clock.now();
    return fn();
  },
  'two clock reads': () => () => {
    clock.now();
    clock.now();
    return fn();
  },
  'closed consecutive breaker': () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(5), clock });
    return () => breaker.execute(fn);
  },
  'closed time-window breaker': () => {
    const breaker = new CircuitBreaker({ trip: timeWindow(), clock });
    return () => breaker.execute(fn);
  },
  'retry success path': () => {
    const retry = new RetryPolicy({ maxAttempts: 3, clock });
    return () => retry.execute(fn);
  },
  'slo.observe': () => {
    const tracker = slo('instructions-observe');
    return () => tracker.observe(fn);
  },
  'retry + time-window breaker + SLO, nested': () => {
    const retry = new RetryPolicy({ maxAttempts: 3, clock });
    const breaker = new CircuitBreaker({ trip: timeWindow(), clock });
    const tracker = slo('instructions-nested');
    return () => retry.execute(() => breaker.execute(() => tracker.observe(fn)));
  },
  'wrap(observe(slo), retry, breaker)': () => {
    const policy = wrap(
      observe(slo('instructions-wrapped')),
      new RetryPolicy({ maxAttempts: 3, clock }),
      new CircuitBreaker({ trip: timeWindow(), clock }),
    );
    return () => policy.execute(fn);
  },
};

const make = cases[name];
if (make === undefined) {
  throw new Error(`unknown case ${JSON.stringify(name)}; cases: ${Object.keys(cases).join(', ')}`);
}
const run = make();
let sink = 0;
for (let i = 0; i < calls; i++) sink += await run();
if (sink !== 2 * calls) throw new Error(`${name}: ${sink} instead of ${2 * calls}`);
