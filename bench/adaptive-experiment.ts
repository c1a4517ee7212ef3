// `npm run experiment`: ten clients call one backend of fixed capacity that degrades when
// overloaded, while the offered load steps from 50 % of its capacity to 300 % and back down, in
// virtual time (deterministic: every random draw is seeded). Each client protects the backend in
// one of several ways, and the table compares them: goodput, what reached the backend, the p99
// latency of the calls that succeeded, and how long goodput took to recover once the load fell
// back to capacity. docs/adaptive.md holds its output; test/adaptive/experiment.test.ts checks
// that the doc and the script agree. `--json` prints the rows as JSON.
import {
  AdaptiveConcurrencyPolicy,
  AdaptiveThrottle,
  isConcurrencyLimitError,
  isThrottledError,
} from '../src/adaptive/index.js';
import { TimeoutPolicy, wrap, type Policy, type PolicyContext } from '../src/policy/index.js';
import { seededRandom, VirtualClock } from '../src/testing/index.js';
import { BackendRefusal, OverloadedBackend } from './adaptive/overloaded-backend.js';

/** The backend: 20 workers × 50 ms = 400 calls/s. */
const WORKERS = 20;
const SERVICE_MS = 50;
export const CAPACITY = (WORKERS * 1_000) / SERVICE_MS;
const CLIENTS = 10;
const TIMEOUT_MS = 1_000;
const PHASE_MS = 20_000;
/** Offered load per phase, as a share of capacity. */
export const PHASES = [0.5, 1, 1.5, 2, 3, 2, 1, 0.5];
/** The phases of overload, and the one where the load is back at capacity. */
const OVERLOAD = [2, 3, 4, 5];
const BACK_AT_CAPACITY = 6;

interface Strategy {
  readonly name: string;
  readonly make: (clock: VirtualClock, client: number) => Policy | undefined;
}

/** A fixed cap on the calls in flight, rejecting the rest: a bulkhead without a queue. */
class StaticCap implements Policy {
  #inFlight = 0;
  constructor(readonly max: number) {}
  execute<T>(fn: (context: PolicyContext) => T | PromiseLike<T>): Promise<T> {
    if (this.#inFlight >= this.max) return Promise.reject(new CapReached());
    this.#inFlight++;
    return Promise.resolve()
      .then(() => fn({ signal: new AbortController().signal }))
      .finally(() => {
        this.#inFlight--;
      });
  }
}
class CapReached extends Error {
  override readonly name = 'BulkheadRejectedError';
}

export const STRATEGIES: readonly Strategy[] = [
  { name: 'no control', make: () => undefined },
  { name: 'static cap, 4 per client (sized right)', make: () => new StaticCap(4) },
  { name: 'static cap, 20 per client (5× too big)', make: () => new StaticCap(20) },
  {
    name: 'AdaptiveThrottle (k = 2, 2 min window)',
    make: (clock, client) => new AdaptiveThrottle({ clock, random: seededRandom(100 + client) }),
  },
  {
    name: 'AdaptiveThrottle (k = 2, 10 s window)',
    make: (clock, client) =>
      new AdaptiveThrottle({ clock, windowMs: 10_000, random: seededRandom(100 + client) }),
  },
  {
    name: 'AdaptiveConcurrencyPolicy, aimd',
    make: (clock) => new AdaptiveConcurrencyPolicy({ clock, algorithm: 'aimd' }),
  },
  {
    name: 'AdaptiveConcurrencyPolicy, aimd (timeoutMs 250)',
    make: (clock) =>
      new AdaptiveConcurrencyPolicy({ clock, algorithm: 'aimd', aimd: { timeoutMs: 250 } }),
  },
  {
    name: 'AdaptiveConcurrencyPolicy, gradient2',
    make: (clock) => new AdaptiveConcurrencyPolicy({ clock, algorithm: 'gradient2' }),
  },
];

export interface Row {
  readonly strategy: string;
  /** Successful calls per second during the overload phases, as a share of capacity. */
  readonly goodputOverload: number;
  /** Calls that reached the backend per second during overload, as a share of capacity. */
  readonly backendOverload: number;
  /** Calls the backend served after their client had given up, as a share of those it served. */
  readonly wasted: number;
  /** The 99th percentile latency of the calls that succeeded, over the whole run, in ms. */
  readonly p99Ms: number;
  /** Seconds after the load fell back to capacity until goodput held at 90 % of it for 3 s. */
  readonly recoveryS: number | undefined;
}

export async function runStrategy(strategy: Strategy, seed = 1): Promise<Row> {
  const clock = new VirtualClock();
  const backend = new OverloadedBackend({
    clock,
    random: seededRandom(seed),
    workers: WORKERS,
    serviceMs: SERVICE_MS,
    maxQueue: 1_000,
    thrashAt: 2 * WORKERS,
    maxThrash: 1.5,
  });
  const endMs = PHASES.length * PHASE_MS;
  const seconds = endMs / 1_000;
  const goodput = new Float64Array(seconds + 10);
  const received = new Float64Array(seconds + 10);
  const latencies: number[] = [];
  let servedLate = 0;
  const timeout = new TimeoutPolicy(TIMEOUT_MS, { clock });
  const policies = Array.from({ length: CLIENTS }, (_, client) => {
    const policy = strategy.make(clock, client);
    return policy === undefined ? timeout : wrap(policy, timeout);
  });
  const settled: Promise<unknown>[] = [];

  const send = (policy: Policy): void => {
    const startedAt = clock.now();
    const call = policy.execute(() => {
      received[Math.floor(clock.now() / 1_000)]!++;
      return backend.call().then(() => {
        if (clock.now() - startedAt >= TIMEOUT_MS) servedLate++;
      });
    });
    settled.push(
      call.then(
        () => {
          const now = clock.now();
          goodput[Math.floor(now / 1_000)]!++;
          latencies.push(now - startedAt);
        },
        (error: unknown) => {
          if (
            !(error instanceof BackendRefusal) &&
            !isThrottledError(error) &&
            !isConcurrencyLimitError(error) &&
            !(error instanceof CapReached) &&
            (error as Error).name !== 'TimeoutError'
          ) {
            throw error;
          }
        },
      ),
    );
  };

  // Each client sends a Poisson stream of calls at its share of the phase's load.
  for (let client = 0; client < CLIENTS; client++) {
    const random = seededRandom(seed * 1_000 + client);
    const policy = policies[client]!;
    const arrive = (): void => {
      const now = clock.now();
      if (now >= endMs) return;
      send(policy);
      const rate = (PHASES[Math.floor(now / PHASE_MS)]! * CAPACITY) / CLIENTS / 1_000;
      clock.setTimer(-Math.log(1 - random()) / rate, arrive);
    };
    clock.setTimer(random() * 10, arrive);
  }
  await clock.advance(endMs + 10 * TIMEOUT_MS);
  await Promise.all(settled);

  const perSecond = (series: Float64Array, phases: readonly number[]): number => {
    let sum = 0;
    for (const phase of phases) {
      for (let s = (phase * PHASE_MS) / 1_000; s < ((phase + 1) * PHASE_MS) / 1_000; s++) {
        sum += series[s]!;
      }
    }
    return sum / ((phases.length * PHASE_MS) / 1_000);
  };
  const from = (BACK_AT_CAPACITY * PHASE_MS) / 1_000;
  let recoveryS: number | undefined;
  for (let s = from; s + 2 < seconds; s++) {
    const target = 0.9 * PHASES[Math.floor((s * 1_000) / PHASE_MS)]! * CAPACITY;
    if (goodput[s]! >= target && goodput[s + 1]! >= target && goodput[s + 2]! >= target) {
      recoveryS = s - from;
      break;
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    strategy: strategy.name,
    goodputOverload: perSecond(goodput, OVERLOAD) / CAPACITY,
    backendOverload: perSecond(received, OVERLOAD) / CAPACITY,
    wasted: backend.served === 0 ? 0 : servedLate / backend.served,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    recoveryS,
  };
}

export async function runExperiment(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const strategy of STRATEGIES) rows.push(await runStrategy(strategy));
  return rows;
}

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** The rows as the Markdown table of docs/adaptive.md. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [
    '| client-side control | goodput in overload | reaching the backend in overload | served too late (wasted) | p99 latency of successes | recovery at 100 % load |',
    '| --- | --: | --: | --: | --: | --: |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.strategy} | ${percent(row.goodputOverload)} | ${percent(row.backendOverload)} | ${percent(row.wasted)} | ${Math.round(row.p99Ms)} ms | ${row.recoveryS === undefined ? 'not within the phase' : `${row.recoveryS} s`} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const rows = await runExperiment();
  console.log(process.argv.includes('--json') ? JSON.stringify(rows, null, 2) : formatTable(rows));
}
