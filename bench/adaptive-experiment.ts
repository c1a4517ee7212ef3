// `npm run experiment`: ten clients call one backend of fixed capacity that degrades when
// overloaded, while the offered load steps from 50 % of its capacity to 300 % and back down, in
// virtual time (deterministic: every random draw is seeded). Each client protects the backend in
// one of several ways, and a table per kind of backend compares them: goodput, what reached the
// backend, the work it wasted, the p99 latency of the calls that succeeded, and how long goodput
// took to recover once the load fell back to capacity. docs/adaptive.md holds its output;
// test/adaptive/experiment.test.ts checks rows of the doc against the script. `--json` prints the
// rows as JSON.
import {
  AdaptiveConcurrencyPolicy,
  AdaptiveThrottle,
  isConcurrencyLimitError,
  isThrottledError,
} from '../src/adaptive/index.js';
import {
  BulkheadPolicy,
  isBulkheadRejectedError,
  TimeoutPolicy,
  wrap,
  type Policy,
} from '../src/policy/index.js';
import { seededRandom, VirtualClock } from '../src/testing/index.js';
import {
  BackendRefusal,
  OverloadedBackend,
  type OverloadedBackendOptions,
} from './adaptive/overloaded-backend.js';

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
const LOW_AGAIN = 7;

/** A kind of backend: how it queues, sheds and degrades. */
export interface Scenario {
  readonly name: string;
  readonly backend: Omit<OverloadedBackendOptions, 'clock' | 'random'>;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'A long queue that thrashes',
    // 1,000 calls may wait (20 s of work at full speed, far past the clients' 1 s timeout), and
    // past 40 calls in the system every call gets slower, down to 2/3 of the capacity.
    backend: {
      workers: WORKERS,
      serviceMs: SERVICE_MS,
      maxQueue: 1_000,
      thrashAt: 2 * WORKERS,
      maxThrash: 1.5,
    },
  },
  {
    name: 'A backend that sheds load, at a cost',
    // 20 calls may wait; the backend refuses the rest with a 503, and each refusal costs a worker
    // a quarter of a call's time: the SRE book's case for client-side throttling.
    backend: {
      workers: WORKERS,
      serviceMs: SERVICE_MS,
      maxQueue: WORKERS,
      thrashAt: Number.POSITIVE_INFINITY,
      maxThrash: 1,
      refusalCostMs: SERVICE_MS / 4,
    },
  },
];

export interface Strategy {
  readonly name: string;
  readonly make: (clock: VirtualClock, client: number) => Policy | undefined;
}

export const STRATEGIES: readonly Strategy[] = [
  { name: 'no control', make: () => undefined },
  {
    name: 'static cap, 4 per client (sized right)',
    make: (clock) => new BulkheadPolicy({ maxConcurrent: 4, clock }),
  },
  {
    name: 'static cap, 20 per client (5× too big)',
    make: (clock) => new BulkheadPolicy({ maxConcurrent: 20, clock }),
  },
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
  /** Successful calls per second once the load is back at capacity, as a share of capacity. */
  readonly goodputAfter: number;
  /**
   * Seconds after the load fell to 50 % until goodput held at 90 % of it for 3 s in a row;
   * `undefined` if not within that phase.
   */
  readonly recoveryS: number | undefined;
}

export async function runStrategy(scenario: Scenario, strategy: Strategy, seed = 1): Promise<Row> {
  const clock = new VirtualClock();
  const backend = new OverloadedBackend({ ...scenario.backend, clock, random: seededRandom(seed) });
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
            !isBulkheadRejectedError(error) &&
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
  // Recovered: 3 s in a row at 90 % of the offered load, once it fell to half the capacity.
  const from = (LOW_AGAIN * PHASE_MS) / 1_000;
  const target = 0.9 * PHASES[LOW_AGAIN]! * CAPACITY;
  let recoveryS: number | undefined;
  for (let s = from; s + 2 < from + PHASE_MS / 1_000; s++) {
    if (goodput[s]! >= target && goodput[s + 1]! >= target && goodput[s + 2]! >= target) {
      recoveryS = s - from;
      break;
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    strategy: strategy.name,
    goodputOverload: perSecond(goodput, OVERLOAD) / CAPACITY,
    goodputAfter: perSecond(goodput, [BACK_AT_CAPACITY]) / CAPACITY,
    backendOverload: perSecond(received, OVERLOAD) / CAPACITY,
    wasted: backend.served === 0 ? 0 : servedLate / backend.served,
    p99Ms: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
    recoveryS,
  };
}

export async function runExperiment(scenario: Scenario): Promise<Row[]> {
  const rows: Row[] = [];
  for (const strategy of STRATEGIES) rows.push(await runStrategy(scenario, strategy));
  return rows;
}

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** One row of the Markdown table of docs/adaptive.md. */
export function formatRow(row: Row): string {
  const recovery = row.recoveryS === undefined ? 'not within the phase' : `${row.recoveryS} s`;
  return `| ${row.strategy} | ${percent(row.goodputOverload)} | ${percent(row.goodputAfter)} | ${percent(row.backendOverload)} | ${percent(row.wasted)} | ${Math.round(row.p99Ms)} ms | ${recovery} |`;
}

/** The rows as the Markdown table of docs/adaptive.md. */
export function formatTable(rows: readonly Row[]): string {
  return [
    '| client-side control | goodput in overload | goodput back at 100 % | reaching the backend in overload | served too late (wasted) | p99 latency of successes | recovery at 50 % |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    ...rows.map(formatRow),
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const json = process.argv.includes('--json');
  const results: Record<string, Row[]> = {};
  for (const scenario of SCENARIOS) {
    const rows = await runExperiment(scenario);
    results[scenario.name] = rows;
    if (!json) console.log(`### ${scenario.name}\n\n${formatTable(rows)}\n`);
  }
  if (json) console.log(JSON.stringify(results, null, 2));
}
