// `npm run bench`: every ballast hot path side by side with its closest peer configuration, in one
// process and one run, as ns/call and as a ratio to a bare await. `npm run bench -- --json` prints
// the same figures as JSON, to compare runs across commits.
import { arch, cpus } from 'node:os';
import { CircuitBreaker, consecutiveFailures, failureRate } from '../src/breaker/index.js';
import { observe, wrap } from '../src/policy/index.js';
import { RetryPolicy } from '../src/retry/index.js';
import { SloTracker } from '../src/slo/index.js';
import { VirtualClock } from '../src/testing/index.js';
import {
  BASELINE,
  bytesPerCall,
  formatTable,
  heapPerInstance,
  measure,
  type Case,
  type Row,
} from './harness.js';
import { peerCases } from './peers.js';

const json = process.argv.includes('--json');
const work = async (x: number): Promise<number> => x + 1;

const timeWindow = () =>
  failureRate({ threshold: 0.5, minimumCalls: 20, window: { durationMs: 60_000, buckets: 10 } });

function ballastCases(): Case[] {
  const consecutive = new CircuitBreaker({ trip: consecutiveFailures(5) });
  const windowed = new CircuitBreaker({ trip: timeWindow() });
  const retryPolicy = new RetryPolicy({ maxAttempts: 3 });
  const slo = new SloTracker({ name: 'bench', objective: 0.999 });
  const composedRetry = new RetryPolicy({ maxAttempts: 3 });
  const composedBreaker = new CircuitBreaker({ trip: timeWindow() });
  const composedSlo = new SloTracker({ name: 'bench-composed', objective: 0.999 });
  const wrapped = wrap(
    new RetryPolicy({ maxAttempts: 3 }),
    new CircuitBreaker({ trip: timeWindow() }),
    observe(new SloTracker({ name: 'bench-wrapped', objective: 0.999 })),
  );
  const open = new CircuitBreaker({ trip: consecutiveFailures(1), openMs: 3_600_000 });
  void open.execute(() => Promise.reject(new Error('trip'))).catch(() => undefined);
  const recordSlo = new SloTracker({
    name: 'bench-record',
    objective: 0.999,
    latencyThresholdMs: 300,
  });

  const fn = (): Promise<number> => work(1);
  return [
    { name: BASELINE, library: '-', fn },
    { name: 'closed consecutive breaker', library: 'ballast', fn: () => consecutive.execute(fn) },
    { name: 'closed time-window breaker', library: 'ballast', fn: () => windowed.execute(fn) },
    { name: 'retry success path', library: 'ballast', fn: () => retryPolicy.execute(fn) },
    {
      name: 'retry + time-window breaker (+ SLO)',
      library: 'ballast (nested by hand)',
      fn: () => composedRetry.execute(() => composedBreaker.execute(() => composedSlo.observe(fn))),
    },
    {
      name: 'retry + time-window breaker (+ SLO)',
      library: 'ballast (wrap)',
      fn: () => wrapped.execute(fn),
    },
    {
      name: 'open breaker rejection',
      library: 'ballast',
      fn: () => open.execute(fn).catch(() => undefined),
    },
    { name: 'SLO record', library: 'ballast record', fn: () => recordSlo.record(true), sync: true },
    {
      name: 'SLO record',
      library: 'ballast recordCall',
      fn: () => recordSlo.recordCall(12, true),
      sync: true,
    },
    { name: 'slo.observe', library: 'ballast', fn: () => slo.observe(fn) },
  ];
}

function memory(): { name: string; bytes: number }[] {
  const clock = new VirtualClock();
  const trackers: SloTracker[] = [];
  const results = [
    {
      name: 'CircuitBreaker, consecutive (heap per instance, 10 000 instances)',
      bytes: heapPerInstance(10_000, () => new CircuitBreaker({ clock })),
    },
    {
      name: 'CircuitBreaker, 60 s time window (10 000 instances)',
      bytes: heapPerInstance(10_000, () => new CircuitBreaker({ clock, trip: timeWindow() })),
    },
    {
      name: 'SloTracker, 30-day period (1 000 instances)',
      bytes: heapPerInstance(1_000, () => {
        const tracker = new SloTracker({ name: 'memory', objective: 0.999, clock });
        trackers.push(tracker);
        return tracker;
      }),
    },
  ];
  for (const tracker of trackers) tracker.close();
  return results;
}

async function allocations(): Promise<{ name: string; bytes: number }[]> {
  const breaker = new CircuitBreaker();
  const retryPolicy = new RetryPolicy();
  const fn = (): Promise<number> => work(1);
  return [
    { name: BASELINE, bytes: await bytesPerCall(50_000, fn) },
    {
      name: 'closed consecutive breaker',
      bytes: await bytesPerCall(50_000, () => breaker.execute(fn)),
    },
    {
      name: 'retry success path',
      bytes: await bytesPerCall(50_000, () => retryPolicy.execute(fn)),
    },
  ];
}

const rows: Row[] = await measure([...ballastCases(), ...peerCases()]);
const heap = memory();
const allocated = await allocations();
const machine = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  arch: arch(),
};

if (json) {
  console.log(JSON.stringify({ machine, rows, heap, allocated }, null, 2));
} else {
  const order = [...new Set(rows.map((r) => r.name))];
  const sorted = order.flatMap((name) => rows.filter((r) => r.name === name));
  console.log(`Node ${machine.node}, ${machine.cpu} (${machine.cores} cores, ${machine.arch})\n`);
  console.log(
    formatTable(
      ['case', 'library', 'ns/call', 'x bare await'],
      sorted.map((r) => [r.name, r.library, r.nsPerOp.toFixed(1), r.ratio.toFixed(2)]),
    ),
  );
  console.log('\nMemory\n');
  console.log(
    formatTable(
      ['object', '', 'bytes'],
      heap.map((h) => [h.name, '', Math.round(h.bytes).toLocaleString('en-US')]),
    ),
  );
  console.log('\nHeap allocated per successful call\n');
  console.log(
    formatTable(
      ['case', '', 'bytes/call'],
      allocated.map((a) => [a.name, '', a.bytes.toFixed(0)]),
    ),
  );
}
