import { sleep, type Clock } from '../clock/index.js';
import {
  assertClock,
  assertFunction,
  assertInRange,
  assertNonNegative,
  assertOptions,
  show,
} from '../internal/validate.js';

/**
 * A span of clock time during which a {@link SimulatedDependency} fails every call.
 *
 * @example
 * ```ts
 * const outage: Outage = { fromMs: 10 * 60_000, toMs: 20 * 60_000, latencyMs: 5 };
 * ```
 */
export interface Outage {
  /** Clock time the outage starts (inclusive). */
  readonly fromMs: number;
  /** Clock time the outage ends (exclusive). */
  readonly toMs: number;
  /** How long a failing call takes during the outage. @default the dependency's `latencyMs` */
  readonly latencyMs?: number;
}

/**
 * Options for {@link SimulatedDependency}.
 *
 * @example
 * ```ts
 * const options: SimulatedDependencyOptions = { clock, latencyMs: 20, failureRate: 0.01 };
 * ```
 */
export interface SimulatedDependencyOptions {
  /** The clock that times calls and decides outages; a `VirtualClock` in tests. */
  readonly clock: Clock;
  /** How long a call takes, fixed or drawn per call. @default 0 */
  readonly latencyMs?: number | ((random: () => number) => number);
  /** The share of calls outside outages that fail, in [0, 1]. @default 0 */
  readonly failureRate?: number;
  /** Periods of hard outage, when every call fails. @default [] */
  readonly outages?: readonly Outage[];
  /** Makes the error a failing call rejects with. @default `new DependencyError(...)` */
  readonly error?: (now: number) => unknown;
  /** The source of randomness for failures and latency, in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/**
 * The error a {@link SimulatedDependency} fails with by default, and a {@link FakeDependency}'s
 * `call` for a `fail(status)` step.
 *
 * @example
 * ```ts
 * await dependency.call().catch((error) => error instanceof DependencyError); // true on failure
 * ```
 */
export class DependencyError extends Error {
  override readonly name = 'DependencyError';
  /** `true` when the call failed because of an {@link Outage}. */
  readonly outage: boolean;
  /** The HTTP status the failure stands for (`fail(503)`), when it has one. */
  readonly status: number | undefined;
  /**
   * @param outage - whether an {@link Outage} caused it. @default false
   * @param status - the HTTP status it stands for. @default undefined
   */
  constructor(message: string, outage = false, status?: number) {
    super(message);
    this.outage = outage;
    this.status = status;
  }
}

const OPTIONS = ['clock', 'latencyMs', 'failureRate', 'outages', 'error', 'random'];
const OUTAGE_OPTIONS = ['fromMs', 'toMs', 'latencyMs'];

/**
 * A fake downstream service for tests and demos: calls take time on the clock, fail at random at
 * a given rate, and fail hard during outages. It honours an `AbortSignal`, clearing its timer.
 *
 * @example
 * ```ts
 * import { SimulatedDependency, VirtualClock } from 'ballast/testing';
 *
 * const clock = new VirtualClock();
 * const dependency = new SimulatedDependency({
 *   clock,
 *   latencyMs: 20,
 *   outages: [{ fromMs: 60_000, toMs: 120_000 }],
 * });
 * const reply = dependency.call();
 * await clock.advance(20);
 * await reply; // 1 (the call's number)
 * ```
 */
export class SimulatedDependency {
  readonly #clock: Clock;
  readonly #latency: number | ((random: () => number) => number);
  readonly #failureRate: number;
  readonly #outages: readonly Outage[];
  readonly #error: ((now: number) => unknown) | undefined;
  readonly #random: () => number;
  #calls = 0;
  #failures = 0;

  constructor(options: SimulatedDependencyOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', OPTIONS);
    assertClock(options.clock);
    if (options.clock === undefined) throw new TypeError('clock is required');
    if (typeof options.latencyMs === 'function') assertFunction(options.latencyMs, 'latencyMs');
    else assertNonNegative(options.latencyMs ?? 0, 'latencyMs');
    assertInRange(options.failureRate ?? 0, 'failureRate', 0, 1, '[]');
    assertFunction(options.error, 'error');
    assertFunction(options.random, 'random');
    const outages: unknown = options.outages;
    if (outages !== undefined && !Array.isArray(outages)) {
      throw new TypeError(`outages must be an array, got ${show(outages)}`);
    }
    for (const [index, outage] of (options.outages ?? []).entries()) {
      const entry: unknown = outage;
      assertOptions(entry, `outages[${index}]`, OUTAGE_OPTIONS);
      if (!Number.isFinite(outage.fromMs) || !(outage.toMs >= outage.fromMs)) {
        throw new RangeError(
          `outages[${index}] must have finite fromMs <= toMs, got ${show(outage.fromMs)}..${show(outage.toMs)}`,
        );
      }
      if (outage.latencyMs !== undefined) {
        assertNonNegative(outage.latencyMs, `outages[${index}].latencyMs`);
      }
    }
    this.#clock = options.clock;
    this.#latency = options.latencyMs ?? 0;
    this.#failureRate = options.failureRate ?? 0;
    this.#outages = options.outages ?? [];
    this.#error = options.error;
    this.#random = options.random ?? Math.random;
  }

  /** Calls made so far. */
  get calls(): number {
    return this.#calls;
  }

  /** Calls that failed so far. */
  get failures(): number {
    return this.#failures;
  }

  /** The outage in force at clock time `now`, if any. */
  outageAt(now: number = this.#clock.now()): Outage | undefined {
    return this.#outages.find((outage) => now >= outage.fromMs && now < outage.toMs);
  }

  /**
   * Makes one call: resolves with the call's number, or rejects after the latency when it fails.
   * Aborting `signal` rejects at once with `signal.reason`.
   */
  async call(signal?: AbortSignal): Promise<number> {
    const number = ++this.#calls;
    const startedAt = this.#clock.now();
    const outage = this.outageAt(startedAt);
    const fails = outage !== undefined || this.#random() < this.#failureRate;
    const latency =
      outage?.latencyMs ??
      (typeof this.#latency === 'number' ? this.#latency : this.#latency(this.#random));
    // A latency function is user code: name it when it returns something no timer can wait.
    assertNonNegative(latency, 'latencyMs()');
    await sleep(
      latency,
      signal === undefined ? { clock: this.#clock } : { clock: this.#clock, signal },
    );
    if (!fails) return number;
    this.#failures++;
    throw this.#error !== undefined
      ? this.#error(startedAt)
      : new DependencyError(
          outage !== undefined ? `call ${number} failed: outage` : `call ${number} failed`,
          outage !== undefined,
        );
  }
}
