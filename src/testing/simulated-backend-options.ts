import type { Clock } from '../clock/index.js';
import {
  assertClock,
  assertFunction,
  assertInRange,
  assertInteger,
  assertName,
  assertNonNegative,
  assertOptions,
  show,
} from '../internal/validate.js';
import { assertLatencyDistribution, type LatencyDistribution } from './latency-distribution.js';

/**
 * How much a {@link SimulatedBackend} can serve at once. Beyond `concurrency` calls in service,
 * calls wait in a FIFO queue (their latency grows by the wait); beyond `queue` waiting calls, a
 * call is refused at once with a 503. With `slowdown`, service itself slows with load: a call
 * starting with `n` others in service takes `latency * (1 + slowdown * n / concurrency)`.
 *
 * @example
 * ```ts
 * const capacity: BackendCapacity = { concurrency: 50, queue: 100, slowdown: 0.5 };
 * ```
 */
export interface BackendCapacity {
  /** Calls served at once, an integer >= 1. */
  readonly concurrency: number;
  /** Calls that may wait for a slot, an integer >= 0. @default 0 */
  readonly queue?: number;
  /** How much service slows as slots fill, >= 0. @default 0 */
  readonly slowdown?: number;
  /** How long refusing a call takes, in milliseconds. @default 1 */
  readonly rejectMs?: number;
}

/**
 * How a {@link SimulatedBackend} behaves: its own options, or a phase's overrides.
 *
 * @example
 * ```ts
 * const outage: BackendBehaviour = { errorRate: 1, latency: { type: 'fixed', ms: 5 } };
 * ```
 */
export interface BackendBehaviour {
  /** The share of served calls that fail (a 500), in [0, 1]. @default 0 */
  readonly errorRate?: number;
  /** How long serving a call takes. @default fixed 0 ms */
  readonly latency?: LatencyDistribution;
  /** What it can serve at once. @default unlimited */
  readonly capacity?: BackendCapacity;
}

/**
 * A stretch of clock time in which a {@link SimulatedBackend} behaves otherwise: each field given
 * replaces the backend's own for calls arriving in `[fromMs, toMs)`.
 *
 * @example
 * ```ts
 * const brownout: BackendPhase = { name: 'brownout', fromMs: 600_000, toMs: 900_000, latency: { type: 'fixed', ms: 2_000 } };
 * ```
 */
export interface BackendPhase extends BackendBehaviour {
  readonly name: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Options for {@link SimulatedBackend}.
 *
 * @example
 * ```ts
 * const options: SimulatedBackendOptions = { clock, random: seededRandom(1), errorRate: 0.001 };
 * ```
 */
export interface SimulatedBackendOptions extends BackendBehaviour {
  readonly clock: Clock;
  /** Phases in time, which may not overlap. @default [] */
  readonly phases?: readonly BackendPhase[];
  /** The source of randomness for failures and latency, in [0, 1). @default Math.random */
  readonly random?: () => number;
}

const BEHAVIOUR = ['errorRate', 'latency', 'capacity'];
const CAPACITY = ['concurrency', 'queue', 'slowdown', 'rejectMs'];

/**
 * Checks the options of a {@link SimulatedBackend}, throwing a TypeError or RangeError that
 * names the option (`phases[1].capacity.queue`) and shows the value.
 *
 * @internal
 */
export function assertBackendOptions(options: SimulatedBackendOptions): void {
  const given: unknown = options;
  assertOptions(given, 'options', ['clock', 'random', 'phases', ...BEHAVIOUR]);
  if (options.clock === undefined) throw new TypeError('clock is required');
  assertClock(options.clock);
  assertFunction(options.random, 'random');
  assertBehaviour(options, '');
  const phases: unknown = options.phases ?? [];
  if (!Array.isArray(phases)) throw new TypeError(`phases must be an array, got ${show(phases)}`);
  let end = Number.NEGATIVE_INFINITY;
  for (const [index, phase] of (phases as BackendPhase[]).entries()) {
    const path = `phases[${index}]`;
    assertOptions(phase, path, ['name', 'fromMs', 'toMs', ...BEHAVIOUR]);
    assertName(phase.name, `${path}.name`);
    assertNonNegative(phase.fromMs, `${path}.fromMs`);
    if (!(phase.toMs > phase.fromMs)) {
      throw new RangeError(
        `${path}.toMs must be > fromMs (${phase.fromMs}), got ${show(phase.toMs)}`,
      );
    }
    if (phase.fromMs < end) {
      throw new RangeError(
        `${path}.fromMs must be at or after the previous phase's end (${end}), got ${phase.fromMs}`,
      );
    }
    end = phase.toMs;
    assertBehaviour(phase, `${path}.`);
  }
}

function assertBehaviour(behaviour: BackendBehaviour, at: string): void {
  if (behaviour.errorRate !== undefined)
    assertInRange(behaviour.errorRate, `${at}errorRate`, 0, 1, '[]');
  if (behaviour.latency !== undefined) assertLatencyDistribution(behaviour.latency, `${at}latency`);
  const capacity = behaviour.capacity;
  if (capacity === undefined) return;
  assertOptions(capacity, `${at}capacity`, CAPACITY);
  assertInteger(capacity.concurrency, `${at}capacity.concurrency`, 1);
  assertInteger(capacity.queue ?? 0, `${at}capacity.queue`, 0);
  assertNonNegative(capacity.slowdown ?? 0, `${at}capacity.slowdown`);
  assertNonNegative(capacity.rejectMs ?? 1, `${at}capacity.rejectMs`);
}
