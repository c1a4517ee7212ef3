import { systemClock, type Clock } from '../clock/index.js';
import { Emitter } from '../events/index.js';
import { mayAbort, neverAborted } from '../internal/never-aborted.js';
import {
  assertClock,
  executeError,
  assertFunction,
  assertInteger,
  assertName,
  assertOptions,
} from '../internal/validate.js';
import { WaitQueue, type Waiter as QueuedCall } from '../internal/wait-queue.js';
import { describeError, emitWarning } from '../internal/warn.js';
import { type AdaptiveContext, type AdaptiveExecuteOptions } from './adaptive-context.js';
import type { ConcurrencyEvents } from './concurrency-events.js';
import { ConcurrencyLimitError, type ConcurrencyLimitReason } from './concurrency-limit-error.js';
import type { AdaptiveConcurrencyOptions, LimitAlgorithmName } from './concurrency-options.js';
import { createAlgorithm } from './internal/create-algorithm.js';
import type { LimitAlgorithm } from './internal/limit-algorithm.js';
import { isOverloadError } from './is-overload-error.js';

const OPTIONS = [
  'algorithm',
  'initialLimit',
  'minLimit',
  'maxLimit',
  'maxQueue',
  'isDrop',
  'clock',
  'name',
  'aimd',
  'gradient2',
  'vegas',
];
const NO_CONTEXT: AdaptiveContext = Object.freeze({ signal: neverAborted, deadline: undefined });

/** A call waiting in the queue for a slot. */
interface Waiter extends QueuedCall {
  readonly fn: (context: AdaptiveContext) => unknown;
  readonly deadline: number | undefined;
  readonly resolve: (value: unknown) => void;
}

/**
 * An adaptive concurrency limit on the calls to a dependency (after Netflix's
 * concurrency-limits): at most {@link AdaptiveConcurrencyPolicy.limit} calls run at once, and the
 * limit follows what the dependency can take, learned from each call that ends: its latency and
 * whether it was dropped ({@link isOverloadError} by default: a timeout, a 429/503, a ballast
 * rejection). `'aimd'` grows the limit by one per success near the limit and cuts it by 10 % per
 * drop; `'gradient2'` shrinks it as latency rises above its long-term level, before anything
 * fails; `'vegas'` does the same from the lowest latency seen. The limit stays within
 * [minLimit, maxLimit].
 *
 * A call over the limit waits in a FIFO queue of `maxQueue` calls (none by default) or is
 * rejected at once with a {@link ConcurrencyLimitError}. A caller's abort rejects the call with
 * the signal's reason at once and frees its slot (or its place in the queue); a queued call whose
 * `deadline` passes leaves the queue. No timer is left behind. It composes with `wrap` from
 * `ballast/policy` like any policy.
 *
 * @example
 * ```ts
 * import { AdaptiveConcurrencyPolicy } from 'ballast/adaptive';
 *
 * const limiter = new AdaptiveConcurrencyPolicy({ algorithm: 'gradient2', maxLimit: 100 });
 * const user = await limiter.execute(({ signal }) => fetchUser(id, { signal }));
 * limiter.limit; // what the dependency is thought to take now
 * ```
 */
export class AdaptiveConcurrencyPolicy {
  /** The name given in the options, if any. */
  readonly name: string | undefined;
  /** The algorithm the limit adapts with. */
  readonly algorithm: LimitAlgorithmName;
  /** How many calls may wait for a slot. */
  readonly maxQueue: number;
  /** The policy's events: `limitChange` and `reject`. See {@link ConcurrencyEvents}. */
  readonly events: Emitter<ConcurrencyEvents> = new Emitter<ConcurrencyEvents>();
  readonly #algorithm: LimitAlgorithm;
  readonly #clock: Clock;
  readonly #isDrop: (error: unknown) => boolean;
  readonly #queue = new WaitQueue<Waiter>();
  #inFlight = 0;
  #warned = false;

  constructor(options?: AdaptiveConcurrencyOptions) {
    const given: unknown = options;
    if (given !== undefined) assertOptions(given, 'options', OPTIONS);
    this.#algorithm = createAlgorithm(options);
    const maxQueue = options?.maxQueue ?? 0;
    assertInteger(maxQueue, 'maxQueue', 0);
    assertFunction(options?.isDrop, 'isDrop');
    assertClock(options?.clock);
    if (options?.name !== undefined) assertName(options.name, 'name');
    this.name = options?.name;
    this.algorithm = options?.algorithm ?? 'aimd';
    this.maxQueue = maxQueue;
    this.#clock = options?.clock ?? systemClock;
    this.#isDrop = options?.isDrop ?? isOverloadError;
  }

  /** How many calls may run at once now: a whole number in [minLimit, maxLimit]. */
  get limit(): number {
    return Math.floor(this.#algorithm.estimate);
  }

  /** How many calls are running now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** How many calls are waiting for a slot now. */
  get queued(): number {
    return this.#queue.size;
  }

  /**
   * Runs `fn` when a slot is free: at once, after a wait in the queue, or not at all (a
   * {@link ConcurrencyLimitError}). Rejects, never throws: for a bad `fn` or bad options, and
   * with the signal's reason for an aborted signal.
   */
  execute<T>(
    fn: (context: AdaptiveContext) => T | PromiseLike<T>,
    options?: AdaptiveExecuteOptions,
  ): Promise<T> {
    const invalid = executeError(fn, options);
    if (invalid !== undefined) return Promise.reject(invalid);
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const deadline = options?.deadline;
    try {
      if (this.#queue.size === 0 && this.#inFlight < this.limit) {
        return this.#run(fn, signal, deadline);
      }
      if (this.#queue.size >= this.maxQueue) return this.#refuse('full');
      if (deadline !== undefined && deadline <= this.#clock.now()) {
        return this.#refuse('deadline');
      }
    } catch (error) {
      // A clock of the caller's own that throws.
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        fn,
        signal,
        deadline,
        resolve: resolve as (value: unknown) => void,
        reject,
        onAbort: undefined,
        cancelTimer: undefined,
        prev: undefined,
        next: undefined,
      };
      let waitMs = Number.POSITIVE_INFINITY;
      try {
        if (deadline !== undefined) waitMs = deadline - this.#clock.now();
      } catch (error) {
        reject(error);
        return;
      }
      if (this.#queue.add(waiter, this.#clock, waitMs, this.#onDeadline)) this.#drain();
    });
  }

  readonly #onDeadline = (waiter: Waiter): void => {
    waiter.reject(this.#refusal('deadline'));
  };

  /** The error refusing a call for `reason`, its event emitted. */
  #refusal(reason: ConcurrencyLimitReason): ConcurrencyLimitError {
    const limit = this.limit;
    const error = new ConcurrencyLimitError(limit, reason);
    if (this.events.listenerCount('reject') !== 0) {
      this.events.emit('reject', { limit, inFlight: this.#inFlight, reason });
    }
    return error;
  }

  #refuse(reason: ConcurrencyLimitReason): Promise<never> {
    return Promise.reject(this.#refusal(reason));
  }

  #drain(): void {
    for (
      let waiter = this.#queue.head;
      waiter !== undefined && this.#inFlight < this.limit;
      waiter = this.#queue.head
    ) {
      this.#queue.leave(waiter);
      try {
        waiter.resolve(this.#run(waiter.fn, waiter.signal, waiter.deadline));
      } catch (error) {
        waiter.reject(error);
      }
    }
  }

  #run<T>(
    fn: (context: AdaptiveContext) => T | PromiseLike<T>,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
  ): Promise<T> {
    const startedAt = this.#clock.now();
    const inFlight = ++this.#inFlight;
    const context =
      signal === undefined && deadline === undefined
        ? NO_CONTEXT
        : { signal: signal ?? neverAborted, deadline };
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const abortable = mayAbort(signal);
      const onAbort = (): void => finish(signal!.reason, true);
      const finish = (outcome: unknown, failed: boolean): void => {
        if (settled) return;
        settled = true;
        if (abortable) signal.removeEventListener('abort', onAbort);
        // A call its caller gave up on says nothing about the dependency.
        this.#release(startedAt, inFlight, outcome, failed, signal?.aborted === true);
        if (failed) reject(outcome);
        else resolve(outcome as T);
      };
      if (abortable) signal.addEventListener('abort', onAbort, { once: true });
      try {
        Promise.resolve(fn(context)).then(
          (value) => finish(value, false),
          (error: unknown) => finish(error, true),
        );
      } catch (error) {
        finish(error, true);
      }
    });
  }

  #release(
    startedAt: number,
    inFlight: number,
    outcome: unknown,
    failed: boolean,
    ignored: boolean,
  ): void {
    this.#inFlight--;
    if (!ignored) {
      try {
        const before = this.limit;
        const rtt = this.#clock.now() - startedAt;
        this.#algorithm.update(rtt, inFlight, failed && this.#dropped(outcome));
        const after = this.limit;
        if (after !== before && this.events.listenerCount('limitChange') !== 0) {
          this.events.emit('limitChange', { from: before, to: after });
        }
      } catch {
        // A clock that throws: the call's own outcome stands, and the limit stays.
      }
    }
    this.#drain();
  }

  #dropped(error: unknown): boolean {
    try {
      return this.#isDrop(error) === true;
    } catch (thrown) {
      if (!this.#warned) {
        this.#warned = true;
        emitWarning(
          `ballast: isDrop of an AdaptiveConcurrencyPolicy threw, the call counts as dropped: ${describeError(thrown)}`,
          'BallastCallbackWarning',
          'BALLAST_CALLBACK_ERROR',
        );
      }
      return true;
    }
  }
}
