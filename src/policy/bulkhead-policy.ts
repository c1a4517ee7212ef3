import { systemClock, type Clock } from '../clock/index.js';
import { Emitter } from '../events/index.js';
import { mayAbort } from '../internal/never-aborted.js';
import { assertClock, assertInteger, assertOptions, executeError } from '../internal/validate.js';
import { WaitQueue, type Waiter as QueuedCall } from '../internal/wait-queue.js';
import type { BulkheadEvents, BulkheadOptions } from './bulkhead-options.js';
import { BulkheadRejectedError, type BulkheadRejectReason } from './bulkhead-rejected-error.js';
import { assertOptionalName, assertQueueBound, loadContext } from './internal/load-call.js';
import type { ExecuteOptions, Policy, PolicyContext } from './policy.js';

const OPTIONS = ['maxConcurrent', 'maxQueue', 'clock', 'name'];

/** A call waiting for a slot. */
interface Waiter extends QueuedCall {
  readonly fn: (context: PolicyContext) => unknown;
  readonly deadline: number | undefined;
  readonly resolve: (value: unknown) => void;
}

/**
 * Limits how many calls run at once: at most `maxConcurrent` are in the dependency, up to
 * `maxQueue` more wait for a slot, first in first out, and the rest are rejected at once with a
 * {@link BulkheadRejectedError}. A slot is freed when its call settles, however it settles (a
 * value, a rejection, a synchronous throw, a thenable of another library).
 *
 * A queued call leaves the queue, and never runs, as soon as its caller's signal aborts (rejecting
 * with the signal's `reason`, the same object) or its `deadline` passes (rejecting with a
 * {@link BulkheadRejectedError} whose `reason` is `'deadline'`); a call whose deadline has already
 * been reached is neither run nor queued. The only timer is that of a queued call with a deadline,
 * cleared when it leaves the queue. A running call is the function's to stop: it gets the caller's
 * signal in its context.
 *
 * @example
 * ```ts
 * import { BulkheadPolicy, isBulkheadRejectedError } from 'ballast/policy';
 *
 * const bulkhead = new BulkheadPolicy({ maxConcurrent: 10, maxQueue: 20 });
 * bulkhead.events.on('rejected', () => shed.inc());
 * try {
 *   const report = await bulkhead.execute(({ signal }) => renderReport(id, { signal }));
 * } catch (error) {
 *   if (isBulkheadRejectedError(error)) return reply(503);
 *   throw error;
 * }
 * ```
 */
export class BulkheadPolicy implements Policy {
  /** The `maxConcurrent` option. */
  readonly maxConcurrent: number;
  /** The `maxQueue` option: 0 when not given. */
  readonly maxQueue: number;
  /** The `name` option, to label logs and metrics. */
  readonly name: string | undefined;
  /** Rejections and queued calls, for logs and metrics. See {@link BulkheadEvents}. */
  readonly events: Emitter<BulkheadEvents> = new Emitter<BulkheadEvents>();
  readonly #clock: Clock;
  #active = 0;
  readonly #queue = new WaitQueue<Waiter>();

  /**
   * @throws TypeError or RangeError naming the option, for an unknown option or a bad value.
   */
  constructor(options: BulkheadOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', OPTIONS);
    assertInteger(options.maxConcurrent, 'maxConcurrent', 1);
    assertQueueBound(options.maxQueue ?? 0, 'maxQueue');
    assertClock(options.clock);
    assertOptionalName(options.name);
    this.maxConcurrent = options.maxConcurrent;
    this.maxQueue = options.maxQueue ?? 0;
    this.name = options.name;
    this.#clock = options.clock ?? systemClock;
  }

  /** Calls running now: at most `maxConcurrent`. */
  get active(): number {
    return this.#active;
  }

  /** Calls waiting for a slot now: at most `maxQueue`. */
  get queued(): number {
    return this.#queue.size;
  }

  /**
   * Runs `fn` in a free slot, or queues it for one, or rejects with a
   * {@link BulkheadRejectedError}. Its result or error reaches the caller unchanged. Rejects, never
   * throws: also for a bad `fn` or bad options, and with `signal.reason` for a signal already
   * aborted, all before `fn` runs.
   *
   * @example
   * ```ts
   * const rows = await bulkhead.execute(({ signal }) => db.query(sql, { signal }), {
   *   signal: request.signal,
   * });
   * ```
   */
  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T> {
    const invalid = executeError(fn, options);
    if (invalid !== undefined) return Promise.reject(invalid);
    const deadline = options?.deadline;
    // The never-aborting signal a wrap() hands on when its caller gave none is no signal at all.
    const signal = mayAbort(options?.signal) ? options.signal : undefined;
    // The common case, allocation-free besides the call's own promise: a free slot, nothing to watch.
    if (signal === undefined && deadline === undefined && this.#active < this.maxConcurrent) {
      return this.#run(fn, loadContext(undefined, undefined));
    }
    try {
      return this.#admit(fn, signal, deadline);
    } catch (error) {
      // A clock of the caller's that throws.
      return Promise.reject(error);
    }
  }

  #admit<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
  ): Promise<T> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const left = deadline === undefined ? Number.POSITIVE_INFINITY : deadline - this.#clock.now();
    // Not `left <= 0`: a clock that reads NaN must not queue a call with a NaN timer.
    if (!(left > 0)) return this.#refuse('deadline');
    if (this.#active < this.maxConcurrent) return this.#run(fn, loadContext(signal, deadline));
    if (this.#queue.size >= this.maxQueue) return this.#refuse('full');
    return this.#enqueue(fn, signal, deadline, left);
  }

  #refuse(reason: BulkheadRejectReason): Promise<never> {
    const rejection = Promise.reject(new BulkheadRejectedError(reason));
    if (this.events.listenerCount('rejected') !== 0) this.events.emit('rejected', { reason });
    return rejection;
  }

  #enqueue<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
    left: number,
  ): Promise<T> {
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
      const queued = this.#queue.add(waiter, this.#clock, left, this.#onDeadline);
      if (queued && this.events.listenerCount('queued') !== 0) {
        this.events.emit('queued', { queued: this.#queue.size });
      }
    });
  }

  readonly #onDeadline = (waiter: Waiter): void => {
    waiter.reject(new BulkheadRejectedError('deadline'));
    if (this.events.listenerCount('rejected') !== 0) {
      this.events.emit('rejected', { reason: 'deadline' });
    }
  };

  /** Runs `fn` in a slot it takes, and frees the slot when the call settles. */
  #run<T>(fn: (context: PolicyContext) => T | PromiseLike<T>, context: PolicyContext): Promise<T> {
    this.#active++;
    let pending: T | PromiseLike<T>;
    try {
      pending = fn(context);
    } catch (error) {
      this.#release();
      return Promise.reject(error);
    }
    // The caller gets the call's own promise (Promise.resolve adopts another library's thenable,
    // and settles once whatever it does); the slot is freed by a side reaction, registered before
    // the caller's, so that it is free when the caller resumes. One handler made per bulkhead
    // rather than a closure per call; it cannot throw.
    const promise = Promise.resolve(pending);
    void promise.then(this.#onSettle, this.#onSettle);
    return promise;
  }

  readonly #onSettle = (): void => {
    this.#release();
  };

  /** Frees a slot and starts the queued calls that now fit, first in first out. */
  #release(): void {
    this.#active--;
    // A function may call execute() again as it runs, or throw: each pass checks afresh.
    for (
      let waiter = this.#queue.head;
      this.#active < this.maxConcurrent && waiter !== undefined;
      waiter = this.#queue.head
    ) {
      this.#queue.leave(waiter);
      waiter.resolve(this.#run(waiter.fn, loadContext(waiter.signal, waiter.deadline)));
    }
  }
}
