import type { Clock, TimerOptions } from '../clock/index.js';
import {
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertTimerOptions,
  show,
} from '../internal/validate.js';

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  readonly unref: boolean;
  cancelled: boolean;
}

/**
 * Options for {@link VirtualClock}.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(0, { wallStartMs: Date.UTC(2026, 0, 1) });
 * ```
 */
export interface VirtualClockOptions {
  /**
   * The wall-clock time ({@link VirtualClock.wallNow}) at the start, in milliseconds since the
   * Unix epoch; it moves with the virtual time. Give a restored process a later one to simulate
   * the time it was down.
   *
   * @default 0 (1970-01-01T00:00:00Z, as fake timers start)
   */
  readonly wallStartMs?: number;
  /**
   * How the clock lets promise chains settle between two timers:
   * - `'macrotask'`: one turn of the event loop (`setImmediate`), so real I/O and real timers
   *   run too; about 4.5 µs a timer.
   * - `'microtasks'`: only until the microtask queue has drained (a `process.nextTick` awaited
   *   from a microtask runs after every pending promise reaction), about 0.4 µs a timer: for
   *   simulations firing millions of timers, where nothing outside virtual time takes part.
   *   Where `process.nextTick` is absent it falls back to `'macrotask'`.
   *
   * @default 'macrotask'
   */
  readonly settle?: 'macrotask' | 'microtasks';
}

/**
 * Options for {@link VirtualClock.run}: limits that turn a runaway test into an error.
 *
 * @example
 * ```ts
 * const body = await clock.run(client.get('a'), { maxMs: 60_000 });
 * ```
 */
export interface RunOptions {
  /**
   * The most timers to fire before giving up, a guard against work that always sets another one.
   *
   * @default 10_000
   */
  readonly maxTimers?: number;
  /**
   * The most virtual time to let pass, in milliseconds from the call: the clock stops there, and
   * `run` rejects if the promise is still pending.
   *
   * @default Infinity
   */
  readonly maxMs?: number;
}

// The platform's own setImmediate, so that a test's fake timers cannot stop the virtual clock from
// yielding: from node:timers where Node offers it (fake timers replace only the global, even when
// installed before this module loads), else the global as this module found it.
type Immediate = (callback: () => void) => unknown;
const realSetImmediate: Immediate | undefined =
  (
    globalThis as {
      process?: { getBuiltinModule?: (id: string) => { setImmediate?: Immediate } | undefined };
    }
  ).process?.getBuiltinModule?.('node:timers')?.setImmediate ??
  (globalThis as { setImmediate?: Immediate }).setImmediate;
const realSetTimeout = globalThis.setTimeout;

/** Resolves after every pending microtask (promise reaction) has run: one macrotask turn. */
function settleMacrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (realSetImmediate !== undefined) realSetImmediate(resolve);
    else realSetTimeout(resolve, 0);
  });
}

type NextTick = (callback: () => void) => void;
const nextTick: NextTick | undefined = (globalThis as { process?: { nextTick?: NextTick } }).process
  ?.nextTick;

/**
 * Resolves once the microtask queue has drained: Node runs the `nextTick` queue only between
 * microtask checkpoints, so a tick scheduled from a microtask waits for every pending reaction,
 * those they queue included.
 */
function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => nextTick!(resolve));
}

/**
 * A {@link Clock} whose time moves only when told to, for tests in virtual time.
 *
 * Timers fire in time order (ties in the order they were set), never early and exactly once.
 * Between timers, {@link VirtualClock.advance} lets pending promise chains settle, so code that
 * awaits and then sets a new timer keeps going within the same advance. Time never moves back,
 * even when advances overlap. Timers set with `unref` are kept apart as a process would:
 * {@link VirtualClock.runAll} stops when only they remain, and
 * {@link VirtualClock.keepAliveTimers} leaves them out.
 *
 * @example
 * ```ts
 * import { VirtualClock } from 'ballast/testing';
 * import { sleep } from 'ballast/clock';
 *
 * const clock = new VirtualClock();
 * const done = sleep(1_000, { clock }).then(() => clock.now());
 * await clock.advance(1_000);
 * await done; // 1000, at once in real time
 * ```
 */
export class VirtualClock implements Clock {
  #now: number;
  readonly #wallOffset: number;
  #seq = 0;
  #pending = 0;
  #keepAlive = 0;
  /** A binary min-heap ordered by (due, seq); cancelled timers are dropped lazily. */
  readonly #heap: Timer[] = [];
  readonly #settle: () => Promise<void>;

  /** @param startMs - the clock's initial reading. @default 0 */
  constructor(startMs = 0, options?: VirtualClockOptions) {
    assertSafeTime(startMs, 'startMs');
    if (options !== undefined) assertOptions(options, 'options', ['wallStartMs', 'settle']);
    const wallStartMs = options?.wallStartMs ?? 0;
    assertSafeTime(wallStartMs, 'wallStartMs');
    const settle = options?.settle ?? 'macrotask';
    if (settle !== 'macrotask' && settle !== 'microtasks') {
      throw new TypeError(`settle must be 'macrotask' or 'microtasks', got ${show(settle)}`);
    }
    this.#settle =
      settle === 'microtasks' && typeof nextTick === 'function'
        ? settleMicrotasks
        : settleMacrotask;
    this.#now = startMs;
    this.#wallOffset = wallStartMs - startMs;
  }

  /** The current virtual time in milliseconds. */
  now(): number {
    return this.#now;
  }

  /** The virtual wall-clock time: `wallStartMs` plus the virtual time elapsed since the start. */
  wallNow(): number {
    return this.#wallOffset + this.#now;
  }

  /** The number of timers set and neither fired nor cancelled, `unref`ed ones included. */
  get pendingTimers(): number {
    return this.#pending;
  }

  /**
   * The pending timers that would keep a process alive: those not set with `unref`. Assert it is 0
   * to prove that a call left nothing behind, while housekeeping timers (an SLO tracker's) run on.
   */
  get keepAliveTimers(): number {
    return this.#keepAlive;
  }

  /** Schedules `callback` at `now() + delayMs`; returns a function that cancels it. */
  setTimer(delayMs: number, callback: () => void, options?: TimerOptions): () => void {
    assertNonNegative(delayMs, 'delayMs');
    assertTimerOptions(options);
    if (this.#now + delayMs > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(
        `delayMs must keep the timer at or below ${Number.MAX_SAFE_INTEGER}, got ${show(delayMs)} at ${this.#now}`,
      );
    }
    const unref = options?.unref === true;
    const timer: Timer = {
      due: this.#now + delayMs,
      seq: this.#seq++,
      callback,
      unref,
      cancelled: false,
    };
    this.#push(timer);
    this.#count(timer, 1);
    return () => {
      if (timer.cancelled) return;
      timer.cancelled = true;
      this.#count(timer, -1);
    };
  }

  /**
   * Moves time forward by `ms`, firing every timer due up to the new time, in order, including
   * timers that the fired callbacks (and the promise chains they resolve) set within the span.
   */
  async advance(ms: number): Promise<void> {
    assertNonNegative(ms, 'ms');
    const target = this.#now + ms;
    if (target > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(
        `ms must keep the clock at or below ${Number.MAX_SAFE_INTEGER}, got ${show(ms)} at ${this.#now}`,
      );
    }
    await this.#settle();
    for (;;) {
      const next = this.#peek();
      if (next === undefined || next.due > target) break;
      this.#fire(next);
      await this.#settle();
    }
    // An overlapping advance may have gone further meanwhile: time never moves back.
    this.#now = Math.max(this.#now, target);
    await this.#settle();
  }

  /**
   * Fires timers in order, moving time to each, until none that would keep a process alive is
   * pending: like a process that exits, it leaves `unref`ed timers (housekeeping) unfired once
   * they are all that remain.
   *
   * @param maxTimers - a guard against work that always sets another timer. @default 10_000
   * @throws Error when more than `maxTimers` timers would fire.
   */
  async runAll(maxTimers = 10_000): Promise<void> {
    assertInteger(maxTimers, 'maxTimers', 1);
    await this.#settle();
    for (let fired = 0; this.#keepAlive > 0; fired++) {
      const next = this.#peek();
      if (next === undefined) return;
      if (fired === maxTimers) {
        throw new Error(
          `runAll: more than ${maxTimers} timers fired; is a timer re-arming itself?`,
        );
      }
      this.#fire(next);
      await this.#settle();
    }
  }

  /**
   * Lets virtual time pass until `promise` settles, and settles as it does: with its value, or
   * rejecting with its error (the same object). Timers fire one at a time, in order, with every
   * pending promise reaction run after each, so work that awaits and then sets a new timer goes
   * on; nothing fires once the promise has settled, so the timers left show what the work left
   * behind. A promise that has settled already, or settles in microtasks, needs no timer.
   *
   * It rejects, instead of hanging, when the promise is still pending and nothing can settle it:
   * no timer is left that would keep a process alive (a deadlock in the test: `unref`ed timers do
   * not count, as in {@link VirtualClock.runAll}), more than `maxTimers` fired, or the next timer
   * is due after `maxMs`.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock();
   * const policy = new RetryPolicy({ maxAttempts: 3, clock });
   * const value = await clock.run(policy.execute(() => flaky())); // the backoff passes in virtual time
   * ```
   */
  async run<T>(promise: PromiseLike<T> | T, options?: RunOptions): Promise<T> {
    if (options !== undefined) assertOptions(options, 'options', ['maxTimers', 'maxMs']);
    const maxTimers = options?.maxTimers ?? 10_000;
    const maxMs = options?.maxMs ?? Number.POSITIVE_INFINITY;
    assertInteger(maxTimers, 'maxTimers', 1);
    if (maxMs !== Number.POSITIVE_INFINITY) assertNonNegative(maxMs, 'maxMs');
    const start = this.#now;
    let outcome: { readonly value: T } | { readonly error: unknown } | undefined;
    // Handled here, so a rejection that run reports as a deadlock is never unhandled.
    Promise.resolve(promise).then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    await this.#settle();
    for (let fired = 0; outcome === undefined; fired++) {
      const next = this.#keepAlive > 0 ? this.#peek() : undefined;
      if (next === undefined) throw new Error(this.#deadlock());
      if (next.due - start > maxMs) {
        this.#now = Math.max(this.#now, start + maxMs);
        throw new Error(
          `clock.run: the promise is still pending after ${maxMs} ms of virtual time (maxMs); the next timer is due at ${next.due}`,
        );
      }
      if (fired === maxTimers) {
        throw new Error(
          `clock.run: the promise is still pending after ${maxTimers} timers fired (maxTimers); is a timer re-arming itself?`,
        );
      }
      this.#fire(next);
      await this.#settle();
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }

  #deadlock(): string {
    const unref = this.#pending - this.#keepAlive;
    return (
      `clock.run: the promise is still pending at ${this.#now} ms and no timer is left to settle it: ` +
      'a deadlock in the test (it waits on something that never happens, or on real I/O or a real timer)' +
      (unref === 0
        ? ''
        : `; ${unref} unref'd timer(s) pending, which run leaves as a process would`)
    );
  }

  #count(timer: Timer, delta: number): void {
    this.#pending += delta;
    if (!timer.unref) this.#keepAlive += delta;
  }

  #fire(timer: Timer): void {
    this.#pop();
    timer.cancelled = true;
    this.#count(timer, -1);
    this.#now = Math.max(this.#now, timer.due);
    timer.callback();
  }

  /** The earliest live timer, after dropping cancelled ones from the top. */
  #peek(): Timer | undefined {
    let top = this.#heap[0];
    while (top?.cancelled === true) {
      this.#pop();
      top = this.#heap[0];
    }
    return top;
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    let index = heap.push(timer) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(timer, heap[parent]!)) break;
      heap[index] = heap[parent]!;
      index = parent;
    }
    heap[index] = timer;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, last)) break;
      heap[index] = heap[child]!;
      index = child;
    }
    heap[index] = last;
  }
}

/**
 * A reading within ±2^53 ms (285 000 years): beyond it, consecutive milliseconds are no longer
 * distinct numbers, and no duration measured there means anything.
 */
function assertSafeTime(value: unknown, option: string): asserts value is number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    Math.abs(value) > Number.MAX_SAFE_INTEGER
  ) {
    throw new RangeError(
      `${option} must be a finite number within ±${Number.MAX_SAFE_INTEGER}, got ${show(value)}`,
    );
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
