// `npm run bench`: every ballast hot path side by side with its closest peer configuration, in one
// process and one run, as ns/call and as a ratio to a bare await; then memory, bytes allocated per
// call, and the targets with met / not met. `npm run bench -- --json` prints the same
// figures as JSON (use `npm run -s bench -- --json` for JSON alone on stdout).
//
// It measures the built package (dist/, as users import it), not src/ through tsx: tsx compiles
// with esbuild's keepNames, which wraps every named closure in a `__name()` call each time it is
// created, and would charge ballast for it. `--source` measures src/ instead, to see the difference;
// `--dist <folder>` measures another build (of an older commit, say). See docs/performance.md.
import { arch, cpus } from 'node:os';
import type * as AdaptiveModule from '../src/adaptive/index.js';
import type * as BreakerModule from '../src/breaker/index.js';
import type * as PolicyModule from '../src/policy/index.js';
import type * as RetryModule from '../src/retry/index.js';
import type * as SloModule from '../src/slo/index.js';
import type * as TestingModule from '../src/testing/index.js';
import {
  BASELINE,
  bytesPerCall,
  formatTable,
  heapPerInstance,
  measure,
  type Case,
  type Row,
} from './harness.js';
import { loadBuilt, type Origin } from './load.js';
import { peerCases } from './peers.js';
import { evaluateTargets } from './targets.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const folder = stringOption('--dist');
const origin: Origin = args.includes('--source')
  ? { kind: 'source' }
  : folder === undefined
    ? { kind: 'dist' }
    : { kind: 'folder', path: folder };
const measured =
  origin.kind === 'source' ? 'src/ via tsx' : origin.kind === 'dist' ? 'dist/' : origin.path;
const rounds = numberOption('--rounds', 9);
const minCpuTimeMs = numberOption('--time', 200);

const { CircuitBreaker, consecutiveFailures, failureRate } = await loadBuilt<typeof BreakerModule>(
  'breaker',
  origin,
);
const { observe, wrap, BulkheadPolicy, RateLimitPolicy } = await loadBuilt<typeof PolicyModule>(
  'policy',
  origin,
);
const { RetryPolicy } = await loadBuilt<typeof RetryModule>('retry', origin);
const slo = await loadBuilt<typeof SloModule>('slo', origin);
const { SloTracker } = slo;
// Builds from before SloSet have none: its case is left out when measuring them.
const SloSet = (slo as Partial<typeof SloModule>).SloSet;
const { VirtualClock } = await loadBuilt<typeof TestingModule>('testing', origin);
// A build of an older commit may lack ballast/adaptive: its cases are then left out.
const adaptive = await loadBuilt<typeof AdaptiveModule>('adaptive', origin).catch(() => undefined);

const work = async (x: number): Promise<number> => x + 1;
// Every case calls this same `fn`, so each pays for the same `work(1)` as the baseline.
const fn = (): Promise<number> => work(1);
const ignore = (): undefined => undefined;
const timeWindow = () =>
  failureRate({ threshold: 0.5, minimumCalls: 20, window: { durationMs: 60_000, buckets: 10 } });

function ballastCases(): Case[] {
  const consecutive = new CircuitBreaker({ trip: consecutiveFailures(5) });
  const windowed = new CircuitBreaker({ trip: timeWindow() });
  const retryPolicy = new RetryPolicy({ maxAttempts: 3 });
  const composedRetry = new RetryPolicy({ maxAttempts: 3 });
  const composedBreaker = new CircuitBreaker({ trip: timeWindow() });
  const composedSlo = new SloTracker({ name: 'bench-composed', objective: 0.999 });
  const wrapped = wrap(
    new RetryPolicy({ maxAttempts: 3 }),
    new CircuitBreaker({ trip: timeWindow() }),
    observe(new SloTracker({ name: 'bench-wrapped', objective: 0.999 })),
  );
  const outerSlo = new SloTracker({ name: 'bench-outer', objective: 0.999 });
  const outerRetry = new RetryPolicy({ maxAttempts: 3 });
  const outerBreaker = new CircuitBreaker({ trip: timeWindow() });
  const outerWrapped = wrap(
    observe(new SloTracker({ name: 'bench-outer-wrapped', objective: 0.999 })),
    new RetryPolicy({ maxAttempts: 3 }),
    new CircuitBreaker({ trip: timeWindow() }),
  );
  const open = new CircuitBreaker({ trip: consecutiveFailures(1), openMs: 3_600_000 });
  void open.execute(() => Promise.reject(new Error('trip'))).catch(() => undefined);
  const recordSlo = new SloTracker({
    name: 'bench-record',
    objective: 0.999,
    latencyThresholdMs: 300,
  });
  const observeSlo = new SloTracker({ name: 'bench-observe', objective: 0.999 });
  const evaluated = evaluationCase();
  const bulkhead = new BulkheadPolicy({ maxConcurrent: 10 });
  // A limit no loop reaches: every call finds a token.
  const limiter = new RateLimitPolicy({ limit: Number.MAX_SAFE_INTEGER, intervalMs: 1 });

  return [
    { name: BASELINE, library: '-', fn },
    { name: 'closed consecutive breaker', library: 'ballast', fn: () => consecutive.execute(fn) },
    { name: 'closed time-window breaker', library: 'ballast', fn: () => windowed.execute(fn) },
    { name: 'retry success path', library: 'ballast', fn: () => retryPolicy.execute(fn) },
    {
      name: 'retry + time-window breaker + SLO',
      library: 'ballast (nested by hand)',
      fn: () => composedRetry.execute(() => composedBreaker.execute(() => composedSlo.observe(fn))),
    },
    {
      name: 'retry + time-window breaker + SLO',
      library: 'ballast (wrap + observe)',
      fn: () => wrapped.execute(fn),
    },
    {
      name: 'SLO + retry + time-window breaker',
      library: 'ballast (nested by hand)',
      fn: () => outerSlo.observe(() => outerRetry.execute(() => outerBreaker.execute(fn))),
    },
    {
      name: 'SLO + retry + time-window breaker',
      library: 'ballast (wrap + observe)',
      fn: () => outerWrapped.execute(fn),
    },
    {
      name: 'open breaker rejection',
      library: 'ballast',
      fn: () => open.execute(fn).catch(ignore),
    },
    {
      name: 'SLO record',
      library: 'ballast record',
      fn: () => recordSlo.record(true),
      sync: true,
    },
    {
      name: 'SLO record',
      library: 'ballast recordCall',
      fn: () => recordSlo.recordCall(12, true),
      sync: true,
    },
    { name: 'slo.observe', library: 'ballast', fn: () => observeSlo.observe(fn) },
    { name: 'bulkhead, free slot', library: 'ballast', fn: () => bulkhead.execute(fn) },
    { name: 'rate limiter, token free', library: 'ballast', fn: () => limiter.execute(fn) },
    ...sloSetCases(),
    {
      name: 'alert evaluation, default tiers',
      library: 'ballast (record + evaluate)',
      fn: evaluated,
      sync: true,
    },
    ...adaptiveCases(),
  ];
}

/** The adaptive policies on their success path: a backend that accepts every call. */
function adaptiveCases(): Case[] {
  if (adaptive === undefined) return [];
  const throttle = new adaptive.AdaptiveThrottle();
  const aimd = new adaptive.AdaptiveConcurrencyPolicy({ algorithm: 'aimd' });
  const gradient2 = new adaptive.AdaptiveConcurrencyPolicy({ algorithm: 'gradient2' });
  return [
    { name: 'adaptive throttle', library: 'ballast', fn: () => throttle.execute(fn) },
    { name: 'adaptive concurrency limit', library: 'ballast aimd', fn: () => aimd.execute(fn) },
    {
      name: 'adaptive concurrency limit',
      library: 'ballast gradient2',
      fn: () => gradient2.execute(fn),
    },
  ];
}

/** One call observed by a set of three trackers (the SRE Workbook's three objectives). */
function sloSetCases(): Case[] {
  if (SloSet === undefined) return [];
  const set = new SloSet([
    new SloTracker({ name: 'bench-fast', objective: 0.9, latencyThresholdMs: 100 }),
    new SloTracker({ name: 'bench-slow', objective: 0.99, latencyThresholdMs: 500 }),
    new SloTracker({ name: 'bench-available', objective: 0.999 }),
  ]);
  return [
    { name: 'slo.observe', library: 'ballast SloSet of 3 trackers', fn: () => set.observe(fn) },
  ];
}

/**
 * One record that triggers one evaluation of the default alert tiers (the tracker evaluates at
 * most once a second): a clock that moves one second per call, over a tracker holding a day of
 * traffic so that the windows have buckets to sum.
 */
function evaluationCase(): () => void {
  let now = 0;
  const clock = { now: () => now, setTimer: () => () => undefined };
  const tracker = new SloTracker({ name: 'bench-alerts', objective: 0.999, clock });
  for (let second = 0; second < 86_400; second += 10) {
    now = second * 1_000;
    tracker.record(second % 70 !== 0, 100);
  }
  return () => {
    now += 1_000;
    tracker.record(true);
  };
}

function memory(): { name: string; bytes: number; instances: number }[] {
  const clock = new VirtualClock();
  const trackers: { close(): void }[] = [];
  const results = [
    {
      name: 'CircuitBreaker, consecutive failures',
      bytes: heapPerInstance(10_000, () => new CircuitBreaker({ clock })),
      instances: 10_000,
    },
    {
      name: 'CircuitBreaker, 60 s time window (10 buckets)',
      bytes: heapPerInstance(10_000, () => new CircuitBreaker({ clock, trip: timeWindow() })),
      instances: 10_000,
    },
    {
      name: 'SloTracker, 30-day period',
      instances: 1_000,
      bytes: heapPerInstance(1_000, () => {
        const tracker = new SloTracker({ name: 'memory', objective: 0.999, clock });
        trackers.push(tracker);
        return tracker;
      }),
    },
    {
      // The latency histograms are made on the first timed call, at their full, fixed size.
      name: 'SloTracker, 30-day period, with latency',
      instances: 100,
      bytes: heapPerInstance(100, () => {
        const tracker = new SloTracker({ name: 'memory', objective: 0.999, clock });
        for (let ms = 0.01; ms < 1e7; ms *= 1.5) tracker.recordCall(ms, true);
        trackers.push(tracker);
        return tracker;
      }),
    },
  ];
  for (const tracker of trackers) tracker.close();
  return results;
}

async function allocations(): Promise<{ name: string; bytes: number }[]> {
  const consecutive = new CircuitBreaker();
  const windowed = new CircuitBreaker({ trip: timeWindow() });
  const retryPolicy = new RetryPolicy();
  const slo = new SloTracker({ name: 'bench-bytes', objective: 0.999 });
  const composedRetry = new RetryPolicy({ maxAttempts: 3 });
  const composedBreaker = new CircuitBreaker({ trip: timeWindow() });
  const composedSlo = new SloTracker({ name: 'bench-bytes-composed', objective: 0.999 });
  const open = new CircuitBreaker({ trip: consecutiveFailures(1), openMs: 3_600_000 });
  await open.execute(() => Promise.reject(new Error('trip'))).catch(ignore);
  const bulkhead = new BulkheadPolicy({ maxConcurrent: 10 });
  const limiter = new RateLimitPolicy({ limit: Number.MAX_SAFE_INTEGER, intervalMs: 1 });
  const cases: [string, () => unknown][] = [
    [BASELINE, fn],
    ['closed consecutive breaker', () => consecutive.execute(fn)],
    ['closed time-window breaker', () => windowed.execute(fn)],
    ['retry success path', () => retryPolicy.execute(fn)],
    ['slo.observe', () => slo.observe(fn)],
    [
      'retry + time-window breaker + SLO (nested by hand)',
      () => composedRetry.execute(() => composedBreaker.execute(() => composedSlo.observe(fn))),
    ],
    ['open breaker rejection (with .catch)', () => open.execute(fn).catch(ignore)],
    ['bulkhead, free slot', () => bulkhead.execute(fn)],
    ['rate limiter, token free', () => limiter.execute(fn)],
  ];
  const results: { name: string; bytes: number }[] = [];
  for (const [name, call] of cases) results.push({ name, bytes: await bytesPerCall(call) });
  slo.close();
  composedSlo.close();
  return results;
}

/** The cases `--only <regexp>` names (matched against "library case"), and the baseline. */
function selected(cases: Case[]): Case[] {
  const index = args.indexOf('--only');
  if (index === -1) return cases;
  const pattern = new RegExp(args[index + 1] ?? '');
  return cases.filter((c) => c.name === BASELINE || pattern.test(`${c.library} ${c.name}`));
}

function stringOption(name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

function numberOption(name: string, fallback: number): number {
  const index = args.indexOf(name);
  if (index === -1) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} needs a number > 0`);
  return value;
}

const progress = (line: string): void => void process.stderr.write(`${line}\n`);
progress(`bench: ${rounds} rounds of ${minCpuTimeMs} ms per case, ${measured}`);
const rows: Row[] = await measure(selected([...ballastCases(), ...peerCases(work)]), {
  rounds,
  minCpuTimeMs,
  onRound: (round) => progress(`bench: round ${round}/${rounds} done`),
});
const heap = memory();
const allocated = await allocations();
const targets = evaluateTargets(rows, heap);
const machine = {
  node: process.version,
  v8: process.versions.v8,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  arch: arch(),
};
const config = { measured, rounds, minCpuTimeMs };

if (json) {
  console.log(JSON.stringify({ machine, config, rows, heap, allocated, targets }, null, 2));
} else {
  const order = [...new Set(rows.map((r) => r.name))];
  const sorted = order.flatMap((name) => rows.filter((r) => r.name === name));
  console.log(
    `Node ${machine.node} (V8 ${machine.v8}), ${machine.cpu}, ${machine.cores} cores, ${machine.arch}; ` +
      `${config.measured}, median of ${rounds} rounds\n`,
  );
  console.log(
    formatTable(
      ['case', 'library', 'ns/call', 'x bare await', 'rounds'],
      sorted.map((r) => [
        r.name,
        r.library,
        r.nsPerOp.toFixed(1),
        r.ratio.toFixed(2),
        `${r.ratioMin.toFixed(2)}-${r.ratioMax.toFixed(2)}`,
      ]),
    ),
  );
  console.log('\nMemory (retained per instance)\n');
  console.log(
    formatTable(
      ['object', 'instances', 'bytes each'],
      heap.map((h) => [
        h.name,
        h.instances.toLocaleString('en-US'),
        Math.round(h.bytes).toLocaleString('en-US'),
      ]),
      1,
    ),
  );
  const bare = allocated.find((a) => a.name === BASELINE)?.bytes ?? Number.NaN;
  console.log('\nHeap allocated per call (median of GC-free batches)\n');
  console.log(
    formatTable(
      ['case', 'bytes/call', 'beyond bare await'],
      allocated.map((a) => [
        a.name,
        a.bytes.toFixed(0),
        a.name === BASELINE ? '-' : (a.bytes - bare).toFixed(0),
      ]),
      1,
    ),
  );
  console.log('\nTargets\n');
  console.log(
    formatTable(
      ['target', 'measured', 'met'],
      targets.map((t) => [t.target, t.measured, t.met ? 'met' : 'NOT MET']),
      1,
    ),
  );
}
