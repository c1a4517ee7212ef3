import { wallNow, type Clock } from '../clock/index.js';
import { Emitter } from '../events/index.js';
import type { BreakerEvents } from './breaker-events.js';
import type { BreakerMetrics } from './breaker-metrics.js';
import { BrokenCircuitError } from './broken-circuit-error.js';
import {
  neverAbortingContext,
  PER_CALL_OPTIONS,
  type CallContext,
  type BreakerExecuteOptions,
} from './call-context.js';
import type { CircuitState, RejectingState } from './circuit-state.js';
import { mayAbort, neverAborted } from '../internal/never-aborted.js';
import { takenAt } from '../internal/taken-at.js';
import { executeError, show } from '../internal/validate.js';
import { createTracker } from './internal/create-tracker.js';
import { openPeriod } from './internal/open-period.js';
import { rejectSoon } from './internal/reject-soon.js';
import { TimedHolds } from './internal/timed-holds.js';
import { warnCallbackError } from './internal/warn.js';
import {
  resolveIsolateOptions,
  resolveOptions,
  type CircuitBreakerOptions,
  type IsolateOptions,
  type OpenMsContext,
} from './options.js';
import { snapshotAge, type BreakerSnapshot } from './snapshot.js';
import type { TripTracker, TripWindowCounts } from './trip-condition.js';

// How a call ended. A result failure keeps the FAILURE bit, so `outcome & FAILURE` tests both;
// the outcomes that count as neither success nor failure are IGNORED and above.
const SUCCESS = 0;
const FAILURE = 1;
const RESULT_FAILURE = 3;
/** An error `isFailure` rejected: emits `ignored`. */
const IGNORED = 4;
/** The error of a call whose caller's signal aborted: the caller gave up, and nothing is emitted. */
const ABORTED = 8;
/** The generation passed for a call known to be stale: never the current one. */
const STALE = -1;

/**
 * A circuit breaker: stops calling a dependency that keeps failing, and lets a few probe calls
 * through after a pause to find out whether it has recovered.
 *
 * Closed, it runs every call and feeds each outcome to its {@link TripCondition}; when that trips,
 * it opens and rejects calls with a {@link BrokenCircuitError} for `openMs`. The first call after
 * the open period moves it to half-open (the clock decides; the breaker holds no timers), where up
 * to `halfOpen.maxProbes` calls run at once: `halfOpen.successesToClose` successes close it, and
 * one counted failure more than `halfOpen.maxFailures` (default 0) opens it again. A call's own
 * result or error always reaches its caller unchanged.
 *
 * Outcomes of calls that started before the breaker last changed state (say, a slow call that
 * fails after the circuit opened, or after {@link CircuitBreaker.reset}) are emitted as events but
 * never move the state: each state change starts a new generation, and a call only counts towards
 * the generation it started in.
 *
 * @example
 * ```ts
 * import { CircuitBreaker, consecutiveFailures, isBrokenCircuitError } from 'ballast/breaker';
 *
 * const breaker = new CircuitBreaker({ name: 'users', trip: consecutiveFailures(5), openMs: 10_000 });
 * breaker.events.on('stateChange', ({ from, to }) => console.log(`users: ${from} -> ${to}`));
 *
 * try {
 *   const user = await breaker.execute(({ signal }) => fetchUser(id, { signal }));
 * } catch (error) {
 *   if (isBrokenCircuitError(error)) return cachedUser(id);
 *   throw error;
 * }
 * ```
 */
export class CircuitBreaker {
  /** The `name` option, to label logs and metrics. */
  readonly name: string | undefined;
  /** State changes, outcomes and rejections, for logs and metrics. See {@link BreakerEvents}. */
  readonly events = new Emitter<BreakerEvents>();
  /**
   * What the breaker could not do as asked at construction: an open `initialState` whose age is
   * unknown (no `takenAtMs`, a wall clock that reads no finite time, a snapshot from the future) is
   * restored as it was taken, and says so here.
   */
  readonly warnings: readonly string[];
  /** The `shadow` option: the breaker never rejects, and emits `shadowRejected` instead. */
  readonly shadow: boolean;

  readonly #clock: Clock;
  readonly #tracker: TripTracker;
  readonly #tripUsesTime: boolean;
  readonly #slowProbesFail: boolean;
  readonly #openMs: number | ((context: OpenMsContext) => number);
  readonly #maxProbes: number;
  readonly #successesToClose: number;
  readonly #maxFailures: number;
  readonly #maxWaitMs: number;
  /** `Infinity` without the option, so that no duration (not even NaN) is slow. */
  readonly #slowCallMs: number;
  readonly #isFailure: ((error: unknown) => boolean) | undefined;
  readonly #isResultFailure: ((result: unknown) => boolean) | undefined;
  readonly #messages: Readonly<Record<RejectingState, string>>;

  #state: CircuitState = 'closed';
  /** The clock's reading at the last state change, or at construction. */
  #stateSince = 0;
  /** Bumped by every state change and reset: a call counts only towards the one it started in. */
  #generation = 0;
  /**
   * Calls on the shared handlers (see `#runShared`) that started in the current generation, and
   * those that started before it. They carry no generation of their own,
   * so a shared call only starts while `#sharedStale` is 0: then the running shared calls are
   * either all current or, after a state change, all stale, and a settling one knows which it is.
   */
  #sharedCurrent = 0;
  #sharedStale = 0;
  #openedTimes = 0;
  /** When the open period started, and its length (see `#openLeft`). */
  #openedAt = 0;
  #openLength = 0;
  /** Set when an `openMs` function failed: the circuit stays open and rejects with this. */
  #openFault: RangeError | undefined;
  /**
   * What opened the circuit, as the options of each rejection's error (one object per opening,
   * shared by its rejections); `undefined` when there is no cause (which a `{ cause: undefined }`
   * is not: a call may reject with `undefined`).
   */
  #cause: { readonly cause: unknown } | undefined;
  /** The open period is a timed isolation's (see `#holdOpen`), not a trip's. */
  #manual = false;
  #probes = 0;
  /**
   * Clock time the last probe started, or the circuit turned half-open. Only the start matters:
   * the slots can only be full after a start, since an ending frees one.
   */
  #probeActivityAt = 0;
  #probeSuccesses = 0;
  #probeFailures = 0;
  /** Isolation holds without a time limit. */
  #holds = 0;
  /** Timed isolation holds, made on the first. */
  #timedHolds: TimedHolds | undefined;
  /** Bumped by reset(), which voids every release function handed out before it. */
  #isolation = 0;
  #warned: Set<string> | undefined;
  /** The last finite clock reading, which stands in for a reading that is not one. */
  #lastNow = 0;
  // Totals for metrics(): one increment per call, whoever listens.
  #successes = 0;
  #failures = 0;
  #ignored = 0;
  #rejections = 0;
  #shadowRejections = 0;
  /** What metrics() hands the trip tracker to fill in; made on the first reading. */
  #windowCounts: TripWindowCounts | undefined;

  /**
   * @throws RangeError or TypeError naming the option, when an option is invalid.
   */
  constructor(options?: CircuitBreakerOptions) {
    const resolved = resolveOptions(options);
    this.name = resolved.name;
    this.#clock = resolved.clock;
    this.#tracker = createTracker(resolved.trip, resolved.clock);
    this.#tripUsesTime = resolved.trip.usesTime === true;
    this.#slowProbesFail = resolved.trip.countsSlowCalls === true;
    this.#openMs = resolved.openMs;
    this.#maxProbes = resolved.maxProbes;
    this.#successesToClose = resolved.successesToClose;
    this.#maxFailures = resolved.maxFailures;
    this.#maxWaitMs = resolved.maxWaitMs;
    this.#slowCallMs = resolved.slowCallMs ?? Number.POSITIVE_INFINITY;
    this.#isFailure = resolved.isFailure;
    this.#isResultFailure = resolved.isResultFailure;
    this.shadow = resolved.shadow;
    try {
      this.#stateSince = this.#now();
    } catch {
      // It stays 0, without a warning: every call that needs this clock rejects with its error.
    }
    const label = this.name === undefined ? 'The circuit' : `Circuit ${JSON.stringify(this.name)}`;
    this.#messages = {
      open: `${label} is open`,
      'half-open': `${label} is half-open and every probe slot is taken`,
      isolated: `${label} is isolated`,
    };
    const warnings: string[] = [];
    if (resolved.initialState !== undefined) this.#restore(resolved.initialState, warnings);
    this.warnings = Object.freeze(warnings);
  }

  /**
   * Starts in a snapshot's state. An open period is aged by the time since the snapshot was taken,
   * and never left longer than the period this breaker would use.
   */
  #restore(initial: BreakerSnapshot, warnings: string[]): void {
    this.#state = initial.state;
    this.#openedTimes = initial.openedTimes;
    if (initial.state === 'isolated') this.#holds = 1;
    if (initial.state !== 'open') return;
    const age = snapshotAge(initial, wallNow(this.#clock));
    if (!age.known) warnings.push(age.warning);
    const now = this.#now();
    if (initial.manual === true) {
      // A timed isolation, an operator's decision like an isolated state: what was left of it,
      // not clamped to openMs. It becomes a hold nobody can release; reset() lifts it.
      const left = Math.max(0, initial.remainingOpenMs - (age.known ? age.ageMs : 0));
      (this.#timedHolds = new TimedHolds()).add(now, left);
      this.#manual = true;
      this.#openedAt = now;
      this.#openLength = left;
      return;
    }
    this.#startOpenPeriod(now);
    const fault = this.#openFault;
    if (fault !== undefined) {
      // The snapshot was taken to let a new process probe (remainingOpenMs 0): it does, rather
      // than stay open with the fault until someone resets it.
      warnings.push(`initialState: ${fault.message}, so the next call probes`);
      this.#openFault = undefined;
      this.#openLength = 0;
      this.#openedAt = now;
      return;
    }
    const left = Math.min(initial.remainingOpenMs, this.#openLength) - (age.known ? age.ageMs : 0);
    // Over during the downtime (left <= 0): the next call is a probe.
    this.#openedAt = now - (this.#openLength - Math.max(0, left));
  }

  /** The current state. An open circuit whose period has ended turns half-open on the next call. */
  get state(): CircuitState {
    return this.#state;
  }

  /**
   * Runs `fn` if the circuit lets it through, and returns its result; otherwise rejects with a
   * {@link BrokenCircuitError} without running it.
   *
   * `fn` may return a value or a promise; a synchronous throw becomes a rejection. Its result or
   * error is passed on unchanged, whether or not it counts as a failure. An already aborted
   * `options.signal` rejects with its reason without running `fn` or counting anything.
   *
   * @example
   * ```ts
   * const body = await breaker.execute(async ({ signal }) => {
   *   const response = await fetch(url, { signal });
   *   return response.json() as Promise<Body>;
   * }, { signal: AbortSignal.timeout(5_000) });
   * ```
   */
  execute<T>(
    fn: (context: CallContext) => T | PromiseLike<T>,
    options?: BreakerExecuteOptions<T>,
  ): Promise<T> {
    // A call without options, the usual one, first: it needs none of the option checks below,
    // and skipping them (with the one read in `#timed`) takes a closed call from 1,426 to 1,226
    // instructions (callgrind; see docs/performance.md).
    if (options === undefined && typeof fn === 'function') {
      return this.#state === 'closed' && this.#sharedStale === 0 && !this.#timed()
        ? this.#runShared(fn)
        : this.#runGuarded(fn, undefined, this.#isResultFailure, undefined);
    }
    const invalid = executeError(fn, options, PER_CALL_OPTIONS);
    if (invalid !== undefined) return Promise.reject(invalid);
    const signal = options?.signal;
    const deadline = options?.deadline;
    const own = options?.isResultFailure;
    if (own !== undefined) {
      if (typeof own !== 'function') {
        return Promise.reject(
          new TypeError(`options.isResultFailure must be a function, got ${show(own)}`),
        );
      }
      return this.#runGuarded(fn, signal, own as (result: unknown) => boolean, deadline);
    }
    // The common case first, in a method small enough for V8 to inline into its caller. The
    // never-aborting signal, which a retry or wrap() hands on when its caller gave none, cannot
    // abort the call, so it is no signal at all here.
    if (
      !mayAbort(signal) &&
      deadline === undefined &&
      this.#state === 'closed' &&
      this.#sharedStale === 0 &&
      !this.#timed()
    )
      return this.#runShared(fn);
    return this.#runGuarded(fn, signal, this.#isResultFailure, deadline);
  }

  #runGuarded<T>(
    fn: (context: CallContext) => T | PromiseLike<T>,
    signal: AbortSignal | undefined,
    isResultFailure: ((result: unknown) => boolean) | undefined,
    deadline: number | undefined,
  ): Promise<T> {
    try {
      return this.#run(fn, signal, isResultFailure, deadline);
    } catch (bug) {
      // A clock of the caller's that throws: admission reads it before `fn` runs.
      return Promise.reject(bug);
    }
  }

  /**
   * Every call but the fast path's: signals, probes, rejections, timed calls, and calls with their
   * own `isResultFailure`.
   */
  #run<T>(
    fn: (context: CallContext) => T | PromiseLike<T>,
    signal: AbortSignal | undefined,
    isResultFailure: ((result: unknown) => boolean) | undefined,
    deadline: number | undefined,
  ): Promise<T> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const refusal = this.#state === 'closed' ? undefined : this.#admit();
    if (refusal != null) return rejectSoon(refusal);
    // Read the clock only when something needs the duration.
    const start = this.#timed() ? this.#now() : Number.NaN;
    // A call a shadow breaker would have rejected runs as a stale one: not a probe, and its
    // outcome never moves the state.
    const generation = refusal === null ? STALE : this.#generation;
    let pending: T | PromiseLike<T>;
    try {
      pending = fn(
        signal === undefined && deadline === undefined
          ? neverAbortingContext()
          : { signal: signal ?? neverAborted, deadline },
      );
    } catch (error) {
      this.#settleError(error, signal, generation, start);
      return Promise.reject(error);
    }
    // One reaction on the function's own promise, with two small closures: measured faster than
    // an async wrapper (which allocates a frame and a promise of its own and awaits once more).
    return Promise.resolve(pending).then(
      (value) => {
        this.#settle(this.#classifyResult(value, isResultFailure), generation, start, value);
        return value;
      },
      (error: unknown) => {
        this.#settleError(error, signal, generation, start);
        throw error;
      },
    );
  }

  /**
   * The clock's reading. A broken clock's NaN or infinite reading counts as no time passing since
   * the last finite one: arithmetic on it would leave an open period with no end (or none at all)
   * and a snapshot that cannot be restored.
   */
  #now(): number {
    const now = this.#clock.now();
    if (Number.isFinite(now)) {
      this.#lastNow = now;
      return now;
    }
    return this.#lastNow;
  }

  /**
   * A reading for a state change or a report that no call's reading covers. A clock that throws
   * here must not become a call's outcome (state changes run as calls settle) nor break
   * `reset()`: it reads as no time passing, with a warning.
   */
  #stamp(): number {
    try {
      return this.#now();
    } catch (thrown) {
      this.#warn(thrown, 'the clock');
      return this.#lastNow;
    }
  }

  /** Whether a call's duration is needed: `slowCallMs` is set or someone listens to outcomes. */
  #timed(): boolean {
    if (this.#slowCallMs !== Number.POSITIVE_INFINITY) return true;
    const events = this.events;
    // One read answers for the three events while nobody listens to any event, as is usual.
    if (events.listenerCount() === 0) return false;
    return (
      events.listenerCount('success') !== 0 ||
      events.listenerCount('failure') !== 0 ||
      events.listenerCount('ignored') !== 0
    );
  }

  /**
   * Holds the circuit open: calls are rejected until the hold ends.
   *
   * Without options, the hold lasts until the returned function is called, in state `isolated`.
   * With `{ forMs }`, it ends by itself after `forMs` milliseconds: the circuit is `open` for that
   * long (rejections carry `retryAfterMs`; `openMs` is not consulted, `openedTimes` does not
   * move, and there is no `cause`), then the next call probes as after a trip. A timed hold
   * replaces the open period the circuit was in, if any.
   *
   * Holds overlap, and no call gets through before every one of them has ended: the circuit is
   * `isolated` while any hold without a time limit is held, `open` while only timed holds run
   * (until the last of them ends), and closes, with counters cleared, when the last hold is
   * released early. So releasing the last untimed hold while a timed one still runs leaves the
   * circuit open for what is left of it. {@link CircuitBreaker.reset} ends every hold at once.
   *
   * @returns A function that releases this hold early: it does nothing once the hold has ended (a
   * timed one whose time is up, any hold after a reset) and nothing when called again.
   * @throws RangeError or TypeError naming the option, when `options` is invalid.
   *
   * @example
   * ```ts
   * const release = breaker.isolate(); // maintenance window
   * await migrate();
   * release();
   *
   * // The dependency announced 10 minutes of downtime: probe again after that.
   * breaker.isolate({ forMs: 10 * 60_000 });
   * ```
   */
  isolate(options?: IsolateOptions): () => void {
    const forMs = resolveIsolateOptions(options);
    if (forMs !== undefined) return this.#isolateFor(forMs);
    const epoch = this.#isolation;
    this.#holds++;
    this.#cause = undefined;
    if (this.#state !== 'isolated') this.#enter('isolated', Number.NaN);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (epoch === this.#isolation && --this.#holds === 0) {
        this.#holdsEnded(this.#timedHolds?.empty === false ? this.#stamp() : Number.NaN);
      }
    };
  }

  #isolateFor(forMs: number): () => void {
    // Read before anything changes: a clock that throws leaves the breaker as it was.
    const now = this.#now();
    const holds = (this.#timedHolds ??= new TimedHolds());
    const hold = holds.add(now, forMs);
    if (this.#holds === 0) this.#holdOpen(now, holds.left(now));
    return () => {
      const at = this.#stamp();
      if (holds.release(hold, at) && this.#holds === 0) this.#holdsEnded(at);
    };
  }

  /**
   * No untimed hold is left: open until the last timed hold ends, or close when none runs.
   * `now` is NaN when there is no timed hold to look at.
   */
  #holdsEnded(now: number): void {
    const left = Number.isNaN(now) ? 0 : this.#timedHolds!.left(now);
    if (left > 0) this.#holdOpen(now, left);
    else this.#close(now);
  }

  /** Holds the circuit open for `length` from `now`, for timed isolations. */
  #holdOpen(now: number, length: number): void {
    this.#openFault = undefined;
    this.#cause = undefined;
    this.#manual = true;
    this.#openedAt = now;
    this.#openLength = length;
    if (this.#state !== 'open') this.#enter('open', now);
  }

  /**
   * Closes the circuit and clears its counters, whatever its state; ends every isolation hold.
   * Calls already running no longer count. Emits `reset` first, then the `stateChange` to
   * `closed` when it was not closed.
   *
   * @example
   * ```ts
   * adminRouter.post('/breakers/payments/reset', () => breaker.reset());
   * ```
   */
  reset(): void {
    const events = this.events;
    if (events.listenerCount('reset') !== 0) events.emit('reset', { from: this.#state });
    this.#isolation++;
    this.#holds = 0;
    this.#timedHolds?.clear();
    if (this.#state !== 'closed') {
      this.#close(Number.NaN);
      return;
    }
    this.#nextGeneration();
    this.#resetTracker();
  }

  /**
   * The breaker's figures at this moment: state, trip window and totals. See
   * {@link BreakerMetrics}. Reads the clock only for a trip condition that keeps a time window.
   *
   * @example
   * ```ts
   * setInterval(() => {
   *   const m = breaker.metrics();
   *   gauge.set({ breaker: 'payments' }, m.failureRate);
   * }, 10_000);
   * ```
   */
  metrics(): BreakerMetrics {
    const counts = (this.#windowCounts ??= { calls: 0, failures: 0, slowCalls: 0 });
    counts.calls = counts.failures = counts.slowCalls = 0;
    const tracker = this.#tracker;
    if (tracker.window !== undefined) {
      try {
        tracker.window(counts, this.#tripUsesTime ? this.#stamp() : Number.NaN);
      } catch (thrown) {
        this.#warn(thrown, 'the trip tracker');
        counts.calls = counts.failures = counts.slowCalls = 0;
      }
    }
    const { calls, failures, slowCalls } = counts;
    return {
      state: this.#state,
      stateSinceMs: this.#stateSince,
      calls,
      failures,
      slowCalls,
      failureRate: calls > 0 ? failures / calls : 0,
      slowCallRate: calls > 0 ? slowCalls / calls : 0,
      successesTotal: this.#successes,
      failuresTotal: this.#failures,
      ignoredTotal: this.#ignored,
      rejectionsTotal: this.#rejections,
      shadowRejectionsTotal: this.#shadowRejections,
    };
  }

  /**
   * The state as plain JSON, to restore with the `initialState` option. See
   * {@link BreakerSnapshot} for what it keeps.
   *
   * @example
   * ```ts
   * process.on('SIGTERM', () => writeFileSync('breaker.json', JSON.stringify(breaker.snapshot())));
   * ```
   */
  snapshot(): BreakerSnapshot {
    const openedTimes = this.#openedTimes;
    const taken = takenAt(this.#clock);
    if (this.#state !== 'open') return { version: 1, state: this.#state, openedTimes, ...taken };
    // A failed openMs function has no end to save; a new process gets to probe.
    let left = 0;
    if (this.#openFault === undefined) {
      const now = this.#now();
      left = this.#openLeft(now);
    }
    const remainingOpenMs = Math.max(0, left);
    const manual = this.#manual ? ({ manual: true } as const) : undefined;
    return { version: 1, state: 'open', openedTimes, remainingOpenMs, ...manual, ...taken };
  }

  /**
   * The closed breaker's fast path, for a call with no signal (or the never-aborting one), no
   * `slowCallMs` and nobody listening to outcomes: nothing about the call needs remembering but
   * its generation, and the shared-call counters stand in for that. Its reaction uses two handlers made once per breaker
   * instead of two closures per call: 13% off a closed call (1.64x -> 1.45x a bare await in
   * Node 20, see docs/performance.md).
   */
  #runShared<T>(fn: (context: CallContext) => T | PromiseLike<T>): Promise<T> {
    this.#sharedCurrent++;
    let pending: T | PromiseLike<T>;
    try {
      pending = fn(neverAbortingContext());
    } catch (error) {
      this.#settleShared(this.#classifyError(error), error);
      return Promise.reject(error);
    }
    const promise = Promise.resolve(pending);
    void promise.then(this.#onSharedValue, this.#onSharedError);
    return promise;
  }

  // Side reactions: the caller awaits the call's own promise, and these run before its
  // continuation (reactions run in registration order). What they return goes nowhere, so they
  // must not throw: a fault in the bookkeeping is a warning, never an unhandled rejection.
  readonly #onSharedValue = (value: unknown): void => {
    try {
      this.#settleShared(this.#classifyResult(value, this.#isResultFailure), value);
    } catch (fault) {
      this.#warn(fault, 'the bookkeeping of a call');
    }
  };

  readonly #onSharedError = (error: unknown): void => {
    try {
      this.#settleShared(this.#classifyError(error), error);
    } catch (fault) {
      this.#warn(fault, 'the bookkeeping of a call');
    }
  };

  #settleShared(outcome: number, errorOrResult: unknown): void {
    let generation = STALE;
    if (this.#sharedStale > 0) this.#sharedStale--;
    else {
      this.#sharedCurrent--;
      generation = this.#generation;
    }
    this.#settle(outcome, generation, Number.NaN, errorOrResult);
  }

  /**
   * Lets a call through when not closed (taking a probe slot; `undefined`), or returns the error
   * to reject it with; or, for a call a shadow breaker would have rejected, `null`: run it stale.
   */
  #admit(): Error | null | undefined {
    for (;;) {
      switch (this.#state) {
        case 'closed':
          return undefined;
        case 'half-open': {
          const now = this.#now();
          if (this.#probes < this.#maxProbes) {
            this.#probes++;
            this.#probeActivityAt = now;
            return undefined;
          }
          // A clock that went back must not hold the slots for longer than maxWaitMs either.
          if (now < this.#probeActivityAt) this.#probeActivityAt = now;
          // Every slot taken and no probe started for maxWaitMs: a probe hangs. Re-open, voiding it.
          if (now - this.#probeActivityAt >= this.#maxWaitMs) {
            this.#open(now, undefined);
            continue;
          }
          return this.#refuse('half-open', undefined);
        }
        case 'isolated':
          return this.#refuse('isolated', undefined);
        case 'open': {
          if (this.#openFault !== undefined) return this.#refuseFault(this.#openFault);
          const now = this.#now();
          // The clock went back past the opening: an open period never lasts longer than its
          // length, so it starts again from the reading.
          if (now < this.#openedAt) this.#openedAt = now;
          const left = this.#openLeft(now);
          if (left > 0) return this.#refuse('open', left);
          this.#probeActivityAt = this.#openedAt + this.#openLength;
          // Every timed hold has ended with the period.
          this.#timedHolds?.clear();
          // A stateChange listener may move the breaker again: look at the state afresh.
          this.#enter('half-open', now);
        }
      }
    }
  }

  #refuse(state: RejectingState, retryAfterMs: number | undefined): BrokenCircuitError | null {
    if (this.shadow) return this.#shadowRefuse(state);
    this.#rejections++;
    const error = new BrokenCircuitError(this.#messages[state], state, retryAfterMs, this.#cause);
    if (this.events.listenerCount('rejected') !== 0) this.events.emit('rejected', { state });
    return error;
  }

  #shadowRefuse(state: RejectingState): null {
    this.#shadowRejections++;
    if (this.events.listenerCount('shadowRejected') !== 0)
      this.events.emit('shadowRejected', { state });
    return null;
  }

  /**
   * A fresh copy of the `openMs` function's failure for each rejected call: callers may attach
   * things to the error they get, or rethrow it with their own stack, and must not see each other's.
   */
  #refuseFault(fault: RangeError): RangeError | null {
    if (this.shadow) return this.#shadowRefuse('open');
    this.#rejections++;
    const error =
      'cause' in fault
        ? new RangeError(fault.message, { cause: fault.cause })
        : new RangeError(fault.message);
    if (this.events.listenerCount('rejected') !== 0)
      this.events.emit('rejected', { state: 'open' });
    return error;
  }

  #settleError(
    error: unknown,
    signal: AbortSignal | undefined,
    generation: number,
    start: number,
  ): void {
    const outcome = signal?.aborted === true ? ABORTED : this.#classifyError(error);
    this.#settle(outcome, generation, start, error);
  }

  #classifyError(error: unknown): number {
    if (this.#isFailure === undefined) return FAILURE;
    try {
      return this.#isFailure(error) ? FAILURE : IGNORED;
    } catch (thrown) {
      this.#warn(thrown, 'isFailure');
      return FAILURE;
    }
  }

  #classifyResult(
    result: unknown,
    isResultFailure: ((result: unknown) => boolean) | undefined,
  ): number {
    if (isResultFailure === undefined) return SUCCESS;
    try {
      return isResultFailure(result) ? RESULT_FAILURE : SUCCESS;
    } catch (thrown) {
      this.#warn(
        thrown,
        isResultFailure === this.#isResultFailure ? 'isResultFailure' : 'options.isResultFailure',
      );
      return RESULT_FAILURE;
    }
  }

  /** Emits a call's outcome events, then applies it to the state if it is of this generation. */
  #settle(outcome: number, generation: number, start: number, errorOrResult: unknown): void {
    if (outcome >= IGNORED) {
      this.#settleUncounted(outcome, generation, start, errorOrResult);
      return;
    }
    const now = !Number.isNaN(start) || this.#tripUsesTime ? this.#now() : Number.NaN;
    const durationMs = now - start;
    const slow = durationMs > this.#slowCallMs;
    const events = this.events;
    if (outcome === SUCCESS) {
      this.#successes++;
      if (events.listenerCount('success') !== 0) events.emit('success', { durationMs });
    } else {
      this.#failures++;
      if (events.listenerCount('failure') !== 0) {
        events.emit(
          'failure',
          outcome === FAILURE
            ? { error: errorOrResult, durationMs }
            : { error: undefined, durationMs, result: errorOrResult },
        );
      }
    }
    if (slow && events.listenerCount('slowCall') !== 0) events.emit('slowCall', { durationMs });
    // Checked after the events, so that a listener's reset() also voids this outcome.
    if (generation !== this.#generation) return;
    if (this.#state === 'closed') {
      if (this.#record(outcome, slow, now)) this.#open(now, causeOf(outcome, errorOrResult));
      return;
    }
    // Same generation and not closed: this call is a half-open probe.
    this.#probes--;
    if ((outcome & FAILURE) !== 0 || (slow && this.#slowProbesFail)) {
      if (++this.#probeFailures > this.#maxFailures)
        this.#open(now, causeOf(outcome, errorOrResult));
    } else if (++this.#probeSuccesses >= this.#successesToClose) this.#close(now);
  }

  /**
   * A call that counts as neither success nor failure: an error `isFailure` rejected (emits
   * `ignored`) or one that ended a call its caller aborted (emits nothing). A probe frees its slot.
   */
  #settleUncounted(outcome: number, generation: number, start: number, error: unknown): void {
    if (outcome === IGNORED) {
      this.#ignored++;
      const events = this.events;
      if (events.listenerCount('ignored') !== 0) {
        const durationMs = Number.isNaN(start) ? Number.NaN : this.#now() - start;
        events.emit('ignored', { error, durationMs });
      }
    }
    // Checked after the event, so that a listener's reset() also voids this call.
    if (generation === this.#generation && this.#state === 'half-open') this.#probes--;
  }

  #record(outcome: number, slow: boolean, now: number): boolean {
    try {
      return outcome === SUCCESS
        ? this.#tracker.success(slow, now)
        : this.#tracker.failure(slow, now);
    } catch (thrown) {
      this.#warn(thrown, 'the trip tracker');
      return false;
    }
  }

  /** Opens after a trip or a failed probe; `cause` as for `#cause`. */
  #open(now: number, cause: { readonly cause: unknown } | undefined): void {
    ++this.#openedTimes;
    this.#cause = cause;
    this.#manual = false;
    const at = Number.isNaN(now) ? this.#stamp() : now;
    this.#startOpenPeriod(at);
    this.#enter('open', at);
  }

  /** Starts the `#openedTimes`-th open period at `at`, or records why its length is unknown. */
  #startOpenPeriod(at: number): void {
    const openMs = this.#openMs;
    if (typeof openMs === 'number') this.#openLength = openMs;
    else {
      const openedTimes = this.#openedTimes;
      const cause = this.#cause;
      try {
        this.#openLength = openPeriod(
          openMs,
          cause === undefined ? { openedTimes } : { openedTimes, cause: cause.cause },
        );
      } catch (fault) {
        this.#openFault = fault as RangeError;
        return;
      }
    }
    this.#openedAt = at;
  }

  /**
   * What is left of the open period at `now`: never more than its length, not even when the clock
   * went back before the opening. Counted from the opening rather than from a stored end, since
   * `openedAt + openLength` rounds where readings step by 2 ms (near 2^53).
   */
  #openLeft(now: number): number {
    return now < this.#openedAt ? this.#openLength : this.#openLength - (now - this.#openedAt);
  }

  /** Closes, with counters cleared; `now` is the reading at hand, or NaN. */
  #close(now: number): void {
    this.#openedTimes = 0;
    this.#openFault = undefined;
    this.#cause = undefined;
    this.#timedHolds?.clear();
    this.#resetTracker();
    this.#enter('closed', now);
  }

  /**
   * Moves to `to` at the reading `at` (read here when NaN: state changes are rare), starting a
   * new generation with no probe running, then tells the listeners.
   */
  #enter(to: CircuitState, at: number): void {
    const from = this.#state;
    this.#state = to;
    this.#stateSince = Number.isNaN(at) ? this.#stamp() : at;
    this.#nextGeneration();
    this.#probes = 0;
    this.#probeSuccesses = 0;
    this.#probeFailures = 0;
    if (this.events.listenerCount('stateChange') !== 0)
      this.events.emit('stateChange', { from, to });
  }

  /** Starts a new generation: every call running now, on the shared handlers too, goes stale. */
  #nextGeneration(): void {
    this.#generation++;
    this.#sharedStale += this.#sharedCurrent;
    this.#sharedCurrent = 0;
  }

  #resetTracker(): void {
    try {
      this.#tracker.reset();
    } catch (thrown) {
      this.#warn(thrown, 'the trip tracker');
    }
  }

  #warn(error: unknown, callback: string): void {
    const warned = (this.#warned ??= new Set());
    if (warned.has(callback)) return;
    warned.add(callback);
    warnCallbackError(error, callback, this.name);
  }
}

/** The options of a rejection's error for an opening by a call that ended with `outcome`. */
function causeOf(outcome: number, errorOrResult: unknown): { readonly cause: unknown } | undefined {
  return (outcome & FAILURE) !== 0 ? { cause: errorOrResult } : undefined;
}
