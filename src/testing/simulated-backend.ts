import type { Clock } from '../clock/index.js';
import { mayAbort } from '../internal/never-aborted.js';
import { sampleLatency, type LatencyDistribution } from './latency-distribution.js';
import {
  assertBackendOptions,
  type BackendBehaviour,
  type BackendPhase,
  type SimulatedBackendOptions,
} from './simulated-backend-options.js';
import { DependencyError } from './simulated-dependency.js';

interface Call {
  readonly number: number;
  readonly fails: boolean;
  readonly latency: LatencyDistribution;
  readonly slowdown: number;
  resolve: ((number: number) => void) | undefined;
  reject: ((error: unknown) => void) | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

const FIXED_ZERO: LatencyDistribution = Object.freeze({ type: 'fixed', ms: 0 });

/**
 * A downstream service with phases, latency distributions and a capacity that degrades under
 * overload, for simulations and load tests on a virtual clock.
 *
 * A call arriving finds its phase and, with a capacity, a free slot (served at once), a place in
 * the queue (served when a slot frees, first come first served) or neither (refused with a
 * {@link DependencyError} of status 503 after `rejectMs`). A served call fails with status 500
 * at the phase's `errorRate`. Aborting a call's signal rejects it at once with the signal's
 * reason, but the backend goes on with the call, as a real server does with a request whose
 * client hung up: it keeps its slot (or its place in the queue) until its service ends. So
 * timeouts and hedges add load to an overloaded backend instead of relieving it.
 *
 * @example
 * ```ts
 * import { SimulatedBackend, VirtualClock, seededRandom } from 'ballast/testing';
 *
 * const clock = new VirtualClock();
 * const backend = new SimulatedBackend({
 *   clock,
 *   random: seededRandom(7),
 *   latency: { type: 'fixed', ms: 20 },
 *   capacity: { concurrency: 1, queue: 1 },
 * });
 * const calls = [backend.call(), backend.call(), backend.call()]; // served, queued, refused
 * await clock.advance(40);
 * await Promise.allSettled(calls); // 1 after 20 ms, 2 after 40 ms, a 503 after 1 ms
 * ```
 */
export class SimulatedBackend {
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #base: BackendBehaviour;
  readonly #phases: readonly BackendPhase[];
  readonly #queue: Call[] = [];
  #queueHead = 0;
  #inService = 0;
  #calls = 0;
  #failures = 0;
  #refused = 0;

  constructor(options: SimulatedBackendOptions) {
    assertBackendOptions(options);
    this.#clock = options.clock;
    this.#random = options.random ?? Math.random;
    this.#base = options;
    this.#phases = options.phases ?? [];
  }

  /** Calls made so far, refused ones included. */
  get calls(): number {
    return this.#calls;
  }

  /** Served calls that failed (status 500). */
  get failures(): number {
    return this.#failures;
  }

  /** Calls refused for want of capacity (status 503). */
  get refused(): number {
    return this.#refused;
  }

  /** Calls in service now, abandoned ones included. */
  get inService(): number {
    return this.#inService;
  }

  /** Calls waiting for a slot now, abandoned ones included. */
  get queued(): number {
    return this.#queue.length - this.#queueHead;
  }

  /** The phase in force at clock time `now`, if any. */
  phaseAt(now: number = this.#clock.now()): BackendPhase | undefined {
    for (const phase of this.#phases) {
      if (now < phase.fromMs) return undefined;
      if (now < phase.toMs) return phase;
    }
    return undefined;
  }

  /**
   * Makes one call: resolves with its number once served, or rejects with a
   * {@link DependencyError} (status 500 or 503), or with the signal's reason when it aborts first.
   */
  call(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const number = ++this.#calls;
    const phase = this.phaseAt();
    const errorRate = phase?.errorRate ?? this.#base.errorRate ?? 0;
    const capacity = phase?.capacity ?? this.#base.capacity;
    const call: Call = {
      number,
      fails: errorRate > 0 && this.#random() < errorRate,
      latency: phase?.latency ?? this.#base.latency ?? FIXED_ZERO,
      slowdown: capacity === undefined ? 0 : (capacity.slowdown ?? 0) / capacity.concurrency,
      resolve: undefined,
      reject: undefined,
      signal: undefined,
      onAbort: undefined,
    };
    const promise = new Promise<number>((resolve, reject) => {
      call.resolve = resolve;
      call.reject = reject;
    });
    if (mayAbort(signal)) this.#listen(call, signal);
    if (capacity === undefined || this.#inService < capacity.concurrency) this.#serve(call);
    else if (this.queued < (capacity.queue ?? 0)) this.#queue.push(call);
    else {
      this.#refused++;
      this.#clock.setTimer(capacity.rejectMs ?? 1, () =>
        this.#settle(call, new DependencyError(`call ${number} refused: overloaded`, false, 503)),
      );
    }
    return promise;
  }

  #serve(call: Call): void {
    const latency =
      sampleLatency(call.latency, this.#random) * (1 + call.slowdown * this.#inService);
    this.#inService++;
    this.#clock.setTimer(latency, () => {
      this.#inService--;
      if (call.fails) this.#failures++;
      this.#settle(
        call,
        call.fails ? new DependencyError(`call ${call.number} failed`, false, 500) : undefined,
      );
      if (this.#queueHead < this.#queue.length) this.#serve(this.#dequeue());
    });
  }

  #dequeue(): Call {
    const call = this.#queue[this.#queueHead++]!;
    // Compact now and then, so the queue neither grows for ever nor shifts on every call.
    if (this.#queueHead > 1_024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
    return call;
  }

  #listen(call: Call, signal: AbortSignal): void {
    const onAbort = (): void => {
      const reject = call.reject;
      call.resolve = call.reject = undefined;
      reject?.(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    call.signal = signal;
    call.onAbort = onAbort;
  }

  #settle(call: Call, error: DependencyError | undefined): void {
    const { resolve, reject } = call;
    if (resolve === undefined || reject === undefined) return;
    call.resolve = call.reject = undefined;
    if (call.onAbort !== undefined) call.signal?.removeEventListener('abort', call.onAbort);
    if (error === undefined) resolve(call.number);
    else reject(error);
  }
}
