import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  failureRate,
  isBrokenCircuitError,
  type BreakerMetrics,
  type BreakerSnapshot,
  type CircuitState,
  type TripCondition,
} from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { deferred, outcome, type Deferred } from './helpers.js';

// A reference model of the breaker's state machine, written the plain way: every counted outcome
// kept in a list, each rule spelled out, and calls made stale by marking them when the state
// changes (the breaker uses generation numbers instead). It covers tolerant half-open periods
// (maxFailures), timed isolation (each hold with its own end), shadow mode (a call that would be
// rejected runs as a stale one), the cause of each opening, and what metrics() reports.

type TripSpec =
  | { kind: 'consecutive'; count: number }
  | { kind: 'count'; threshold: number; minimumCalls: number; calls: number; slowRate?: number }
  | {
      kind: 'time';
      threshold: number;
      minimumCalls: number;
      buckets: number;
      bucketMs: number;
      slowRate?: number;
    };

interface Config {
  trip: TripSpec;
  openMs: number;
  growOpenMs: boolean;
  maxProbes: number;
  successesToClose: number;
  maxFailures: number;
  maxWaitMs: number;
  slowCallMs: number | undefined;
  shadow: boolean;
  start: number;
}

type Ending = 'success' | 'failure' | 'ignored' | 'resultFailure' | 'abort';

interface ModelCall {
  id: number;
  start: number;
  stale: boolean;
  probe: boolean;
  /** The caller passed its signal: an abort then does not count. */
  withSignal: boolean;
}

interface Recorded {
  at: number;
  failed: boolean;
  slow: boolean;
}

/** The cause of an opening, or of an openMs context: none is not `undefined`. */
const NONE = Symbol('no cause');

interface Hold {
  id: number;
  active: boolean;
  /** When a timed hold ends; undefined for a hold until released. */
  until?: number;
}

class Model {
  state: CircuitState = 'closed';
  openedTimes = 0;
  openUntil = 0;
  probes = 0;
  probeSuccesses = 0;
  probeFailures = 0;
  /** When the last probe started, or the circuit turned half-open. */
  probeActivityAt = 0;
  holds: Hold[] = [];
  restoredHold = false;
  /** The open period is a timed isolation's. */
  manual = false;
  cause: unknown = NONE;
  stateSince: number;
  recorded: Recorded[] = [];
  calls: ModelCall[] = [];
  changes: string[] = [];
  emitted = { success: 0, failure: 0, slowCall: 0, ignored: 0 };
  rejections = 0;
  shadowRejections = 0;
  /** [openedTimes, cause] of each call of an openMs function. */
  openMsCalls: [number, unknown][] = [];
  nextId = 0;

  constructor(
    readonly config: Config,
    public now: number,
  ) {
    this.stateSince = now;
  }

  get slowCounts(): boolean {
    return this.config.trip.kind !== 'consecutive' && this.config.trip.slowRate !== undefined;
  }

  /** Says whether a call starting now runs, or how it is rejected (with what cause). */
  admit(
    withSignal: boolean,
  ):
    | { run: true; call: ModelCall }
    | { run: false; state: CircuitState; retryAfterMs?: number; cause: unknown } {
    for (;;) {
      if (this.state === 'open' && this.now >= this.openUntil) {
        this.probeActivityAt = this.openUntil;
        this.move('half-open');
      }
      if (
        this.state === 'closed' ||
        (this.state === 'half-open' && this.probes < this.config.maxProbes)
      ) {
        const call = {
          id: this.nextId++,
          start: this.now,
          stale: false,
          probe: this.state === 'half-open',
          withSignal,
        };
        if (call.probe) {
          this.probes++;
          this.probeActivityAt = this.now;
        }
        this.calls.push(call);
        return { run: true, call };
      }
      // Every slot taken and no probe started for maxWaitMs: re-open, then look again.
      if (this.state !== 'half-open' || this.now - this.probeActivityAt < this.config.maxWaitMs) {
        break;
      }
      this.open(NONE);
    }
    if (this.config.shadow) {
      // Runs, as a call of no generation: never a probe, and its outcome moves nothing.
      this.shadowRejections++;
      const call = { id: this.nextId++, start: this.now, stale: true, probe: false, withSignal };
      this.calls.push(call);
      return { run: true, call };
    }
    this.rejections++;
    const cause = this.state === 'isolated' ? NONE : this.cause;
    if (this.state === 'open')
      return { run: false, state: 'open', retryAfterMs: this.openUntil - this.now, cause };
    return { run: false, state: this.state, cause };
  }

  /** `value` is what the call returned or threw. */
  end(call: ModelCall, ending: Ending, value: unknown): void {
    this.calls = this.calls.filter((c) => c !== call);
    if (ending === 'ignored' || (ending === 'abort' && call.withSignal)) {
      if (ending === 'ignored') this.emitted.ignored++;
      if (call.probe && !call.stale) this.probes--;
      return;
    }
    const failed = ending !== 'success';
    const slow =
      this.config.slowCallMs !== undefined && this.now - call.start > this.config.slowCallMs;
    this.emitted[failed ? 'failure' : 'success']++;
    if (slow) this.emitted.slowCall++;
    if (call.stale) return;
    // Only a failed call is a cause; a slow success is not.
    const cause = failed ? value : NONE;
    if (!call.probe) {
      this.recorded.push({ at: this.now, failed, slow });
      if (this.trips()) this.open(cause);
      return;
    }
    this.probes--;
    if (failed || (slow && this.slowCounts)) {
      if (++this.probeFailures > this.config.maxFailures) this.open(cause);
    } else if (++this.probeSuccesses >= this.config.successesToClose) this.close();
  }

  /** The outcomes the trip condition judges now. */
  window(): Recorded[] {
    const trip = this.config.trip;
    if (trip.kind === 'consecutive') {
      const run: Recorded[] = [];
      for (let i = this.recorded.length - 1; i >= 0 && this.recorded[i]!.failed; i--) {
        run.push({ ...this.recorded[i]!, slow: false });
      }
      return run;
    }
    if (trip.kind === 'count') return this.recorded.slice(-trip.calls);
    const head = Math.floor(this.now / trip.bucketMs);
    return this.recorded.filter((r) => Math.floor(r.at / trip.bucketMs) > head - trip.buckets);
  }

  metrics(): BreakerMetrics {
    const kept = this.window();
    const calls = kept.length;
    const failures = kept.filter((r) => r.failed).length;
    const slowCalls = kept.filter((r) => r.slow).length;
    return {
      state: this.state,
      stateSinceMs: this.stateSince,
      calls,
      failures,
      slowCalls,
      failureRate: calls === 0 ? 0 : failures / calls,
      slowCallRate: calls === 0 ? 0 : slowCalls / calls,
      successesTotal: this.emitted.success,
      failuresTotal: this.emitted.failure,
      ignoredTotal: this.emitted.ignored,
      rejectionsTotal: this.rejections,
      shadowRejectionsTotal: this.shadowRejections,
    };
  }

  trips(): boolean {
    const trip = this.config.trip;
    const kept = this.window();
    if (trip.kind === 'consecutive') return kept.length >= trip.count;
    const calls = kept.length;
    if (calls < trip.minimumCalls) return false;
    const failures = kept.filter((r) => r.failed).length;
    const slow = kept.filter((r) => r.slow).length;
    return (
      failures / calls >= trip.threshold ||
      (trip.slowRate !== undefined && slow / calls >= trip.slowRate)
    );
  }

  /** Opens after a trip or a failed probe. */
  open(cause: unknown): void {
    this.openedTimes++;
    this.cause = cause;
    this.manual = false;
    let ms = this.config.openMs;
    if (this.config.growOpenMs) {
      this.openMsCalls.push([this.openedTimes, cause]);
      ms *= this.openedTimes;
    }
    this.openUntil = this.now + ms;
    this.move('open');
  }

  close(): void {
    this.openedTimes = 0;
    this.recorded = [];
    this.cause = NONE;
    this.move('closed');
  }

  isolate(forMs?: number): number {
    const hold: Hold = { id: this.holds.length, active: true };
    this.holds.push(hold);
    this.cause = NONE;
    if (forMs === undefined) {
      if (this.state !== 'isolated') this.move('isolated');
    } else {
      hold.until = this.now + forMs;
      if (!this.untimedHeld()) this.holdOpen();
    }
    return hold.id;
  }

  untimedHeld(): boolean {
    return this.restoredHold || this.holds.some((h) => h.active && h.until === undefined);
  }

  /** The latest end of a timed hold still running, or undefined. */
  timedUntil(): number | undefined {
    const ends = this.holds
      .filter((h) => h.active && h.until !== undefined && h.until > this.now)
      .map((h) => h.until!);
    return ends.length === 0 ? undefined : Math.max(...ends);
  }

  /** Open until the last timed hold ends, with no cause, openedTimes as it is. */
  holdOpen(): void {
    this.openUntil = this.timedUntil()!;
    this.manual = true;
    if (this.state !== 'open') this.move('open');
  }

  release(id: number): void {
    const hold = this.holds[id];
    if (hold === undefined || !hold.active) return;
    hold.active = false;
    // A timed hold whose time is up has ended already: its release does nothing.
    if (hold.until !== undefined && hold.until <= this.now) return;
    if (this.untimedHeld()) return;
    if (this.timedUntil() === undefined) this.close();
    else this.holdOpen();
  }

  reset(): void {
    for (const hold of this.holds) hold.active = false;
    this.restoredHold = false;
    if (this.state === 'closed') {
      this.recorded = [];
      this.markStale();
    } else this.close();
  }

  move(to: CircuitState): void {
    this.changes.push(`${this.state}->${to}`);
    this.state = to;
    this.stateSince = this.now;
    this.probes = 0;
    this.probeSuccesses = 0;
    this.probeFailures = 0;
    this.markStale();
  }

  markStale(): void {
    for (const call of this.calls) call.stale = true;
  }

  snapshot(): BreakerSnapshot {
    // The virtual clock's wall time starts at 0 when its monotonic time is config.start.
    const takenAtMs = this.now - this.config.start;
    if (this.state === 'open') {
      return {
        version: 1,
        state: 'open',
        openedTimes: this.openedTimes,
        remainingOpenMs: Math.max(0, this.openUntil - this.now),
        ...(this.manual ? { manual: true as const } : {}),
        takenAtMs,
      };
    }
    return { version: 1, state: this.state, openedTimes: this.openedTimes, takenAtMs };
  }
}

interface RealCall {
  readonly call: Deferred<unknown>;
  readonly controller: AbortController;
  readonly result: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
}

interface Real {
  readonly clock: VirtualClock;
  readonly breaker: CircuitBreaker;
  readonly calls: Map<number, RealCall>;
  readonly releases: (() => void)[];
  readonly changes: string[];
  readonly emitted: { success: number; failure: number; slowCall: number; ignored: number };
  readonly openMsCalls: [number, unknown][];
  /** Outcome listeners are attached (they move every call off the breaker's shared fast path). */
  readonly listensToOutcomes: boolean;
}

class Ignored extends Error {}
const BAD_RESULT = { status: 503 };

function checkAgreement(model: Model, real: Real): void {
  expect(real.breaker.state).toBe(model.state);
  expect(real.breaker.snapshot()).toEqual(model.snapshot());
  expect(real.breaker.metrics()).toEqual(model.metrics());
  expect(real.changes).toEqual(model.changes);
  expect(real.openMsCalls).toEqual(model.openMsCalls);
  if (real.listensToOutcomes) expect(real.emitted).toEqual(model.emitted);
}

type Cmd = fc.AsyncCommand<Model, Real>;

class Start implements Cmd {
  constructor(readonly withSignal: boolean) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const expected = model.admit(this.withSignal);
    const call = deferred();
    const controller = new AbortController();
    let ran = false;
    const promise = real.breaker.execute(
      () => {
        ran = true;
        return call.promise;
      },
      this.withSignal ? { signal: controller.signal } : undefined,
    );
    expect(ran).toBe(expected.run);
    const result = outcome(promise);
    if (expected.run) real.calls.set(expected.call.id, { call, controller, result });
    else {
      const settled = await result;
      expect(settled.ok).toBe(false);
      const error = (settled as { error: unknown }).error;
      expect(isBrokenCircuitError(error)).toBe(true);
      expect(error).toMatchObject({ state: expected.state, retryAfterMs: expected.retryAfterMs });
      const cause = 'cause' in (error as object) ? (error as { cause: unknown }).cause : NONE;
      expect(cause).toBe(expected.cause);
    }
    checkAgreement(model, real);
  }
  toString = (): string => `start(${this.withSignal ? 'signal' : ''})`;
}

class StartAborted implements Cmd {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    const reason = new Error('aborted before');
    let ran = false;
    const settled = await outcome(
      real.breaker.execute(() => (ran = true), { signal: AbortSignal.abort(reason) }),
    );
    expect(ran).toBe(false);
    expect(settled).toEqual({ ok: false, error: reason });
    checkAgreement(model, real);
  }
  toString = (): string => 'startAborted';
}

class End implements Cmd {
  constructor(
    readonly pick: number,
    readonly ending: Ending,
  ) {}
  check = (model: Readonly<Model>): boolean => model.calls.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const modelCall = model.calls[this.pick % model.calls.length]!;
    const { call, controller, result } = real.calls.get(modelCall.id)!;
    real.calls.delete(modelCall.id);
    const value = { id: modelCall.id };
    let error: unknown = new Error(`failure ${modelCall.id}`);
    switch (this.ending) {
      case 'success':
        call.resolve(value);
        break;
      case 'resultFailure':
        call.resolve(BAD_RESULT);
        break;
      case 'failure':
        call.reject(error);
        break;
      case 'ignored':
        error = new Ignored('not a failure');
        call.reject(error);
        break;
      case 'abort':
        controller.abort(new Error('caller gave up'));
        error = controller.signal.reason;
        call.reject(error);
    }
    const settled = await result;
    if (this.ending === 'success') expect(settled).toEqual({ ok: true, value });
    else if (this.ending === 'resultFailure')
      expect(settled).toEqual({ ok: true, value: BAD_RESULT });
    else expect(settled).toEqual({ ok: false, error });
    if (settled.ok) expect(settled.value).toBe(this.ending === 'success' ? value : BAD_RESULT);
    else expect(settled.error).toBe(error);
    const returned = this.ending === 'success' ? value : BAD_RESULT;
    model.end(modelCall, this.ending, settled.ok ? returned : error);
    checkAgreement(model, real);
  }
  toString = (): string => `end(${this.pick}, ${this.ending})`;
}

class Advance implements Cmd {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    await real.clock.advance(this.ms);
    model.now += this.ms;
    checkAgreement(model, real);
  }
  toString = (): string => `advance(${this.ms})`;
}

class Isolate implements Cmd {
  constructor(readonly forMs?: number) {}
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    model.isolate(this.forMs);
    real.releases.push(
      real.breaker.isolate(this.forMs === undefined ? undefined : { forMs: this.forMs }),
    );
    checkAgreement(model, real);
  }
  toString = (): string => `isolate(${this.forMs ?? ''})`;
}

class Release implements Cmd {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.holds.some((hold) => hold.active);
  async run(model: Model, real: Real): Promise<void> {
    const active = model.holds.filter((hold) => hold.active);
    const { id } = active[this.pick % active.length]!;
    model.release(id);
    real.releases[id]!();
    checkAgreement(model, real);
  }
  toString = (): string => `release(${this.pick})`;
}

class ReleaseAgain implements Cmd {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>): boolean => model.holds.some((hold) => !hold.active);
  async run(model: Model, real: Real): Promise<void> {
    const spent = model.holds.filter((hold) => !hold.active);
    const { id } = spent[this.pick % spent.length]!;
    model.release(id);
    real.releases[id]!();
    checkAgreement(model, real);
  }
  toString = (): string => `releaseAgain(${this.pick})`;
}

class Reset implements Cmd {
  check = (): boolean => true;
  async run(model: Model, real: Real): Promise<void> {
    model.reset();
    real.breaker.reset();
    checkAgreement(model, real);
  }
  toString = (): string => 'reset';
}

const rate = fc.integer({ min: 1, max: 10 }).map((n) => n / 10);
const slowRate = fc.option(rate, { nil: undefined });

const tripSpec: fc.Arbitrary<TripSpec> = fc.oneof(
  fc.record({ kind: fc.constant('consecutive' as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc
    .record({
      threshold: rate,
      minimumCalls: fc.integer({ min: 1, max: 4 }),
      extra: fc.integer({ min: 0, max: 4 }),
      slowRate,
    })
    .map(({ extra, slowRate: s, ...r }) => ({
      kind: 'count' as const,
      ...r,
      calls: r.minimumCalls + extra,
      ...(s === undefined ? {} : { slowRate: s }),
    })),
  fc
    .record({
      threshold: rate,
      minimumCalls: fc.integer({ min: 1, max: 4 }),
      buckets: fc.integer({ min: 1, max: 5 }),
      bucketMs: fc.integer({ min: 5, max: 60 }),
      slowRate,
    })
    .map(({ slowRate: s, ...r }) => ({
      kind: 'time' as const,
      ...r,
      ...(s === undefined ? {} : { slowRate: s }),
    })),
);

const config: fc.Arbitrary<Config> = fc
  .record({
    trip: tripSpec,
    openMs: fc.integer({ min: 0, max: 150 }),
    growOpenMs: fc.boolean(),
    maxProbes: fc.integer({ min: 1, max: 3 }),
    successesToClose: fc.integer({ min: 1, max: 4 }),
    maxFailures: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 })),
    // Short enough that runs reach it: a probe that stays open across a few advances.
    maxWaitMs: fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(Number.POSITIVE_INFINITY)),
    slowCallMs: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    shadow: fc.boolean(),
    // Near zero, or near the largest safe integer (less what a run can advance, 80 x 120 ms):
    // the breaker's time arithmetic must hold at any reading a clock can give exactly.
    start: fc.oneof(
      fc.integer({ min: -1_000, max: 1_000 }),
      fc.integer({ min: Number.MAX_SAFE_INTEGER - 20_000, max: Number.MAX_SAFE_INTEGER - 10_000 }),
    ),
  })
  .map((c) =>
    c.trip.kind !== 'consecutive' && c.trip.slowRate !== undefined && c.slowCallMs === undefined
      ? { ...c, slowCallMs: 30 }
      : c,
  );

function tripCondition(spec: TripSpec): TripCondition {
  if (spec.kind === 'consecutive') return consecutiveFailures(spec.count);
  const window =
    spec.kind === 'count'
      ? { calls: spec.calls }
      : { durationMs: spec.buckets * spec.bucketMs, buckets: spec.buckets };
  return failureRate({
    threshold: spec.threshold,
    minimumCalls: spec.minimumCalls,
    window,
    ...(spec.slowRate === undefined ? {} : { slowCallThreshold: spec.slowRate }),
  });
}

const start = fc.boolean().map((withSignal): Cmd => new Start(withSignal));
const end = fc
  .tuple(
    fc.nat(),
    fc.constantFrom<Ending>('success', 'failure', 'failure', 'ignored', 'resultFailure', 'abort'),
  )
  .map(([pick, ending]): Cmd => new End(pick, ending));
const endPlainly = fc
  .tuple(fc.nat(), fc.constantFrom<Ending>('success', 'failure'))
  .map(([pick, ending]): Cmd => new End(pick, ending));
const advance = fc.integer({ min: 0, max: 120 }).map((ms): Cmd => new Advance(ms));
// Rarer than calls, so that runs spend most of their time reaching and leaving half-open.
const control = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Cmd>(new StartAborted()) },
  { weight: 1, arbitrary: fc.constant<Cmd>(new Isolate()) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 300 }).map((forMs): Cmd => new Isolate(forMs)),
  },
  { weight: 2, arbitrary: fc.nat().map((pick): Cmd => new Release(pick)) },
  { weight: 1, arbitrary: fc.nat().map((pick): Cmd => new ReleaseAgain(pick)) },
  { weight: 1, arbitrary: fc.constant<Cmd>(new Reset()) },
);

const commands = fc.commands<Model, Real, false>(
  [start, start, start, end, endPlainly, endPlainly, advance, advance, control],
  { maxCommands: 80, size: 'max' },
);

const MODEL_RUNS = 300;

async function runModel(c: Config, cmds: Iterable<Cmd>, listensToOutcomes: boolean): Promise<void> {
  const clock = new VirtualClock(c.start);
  const openMsCalls: [number, unknown][] = [];
  const breaker = new CircuitBreaker({
    clock,
    trip: tripCondition(c.trip),
    openMs: c.growOpenMs
      ? (context) => {
          openMsCalls.push([context.openedTimes, 'cause' in context ? context.cause : NONE]);
          return c.openMs * context.openedTimes;
        }
      : c.openMs,
    halfOpen: {
      maxProbes: c.maxProbes,
      successesToClose: c.successesToClose,
      maxFailures: c.maxFailures,
      maxWaitMs: c.maxWaitMs,
    },
    shadow: c.shadow,
    ...(c.slowCallMs === undefined ? {} : { slowCallMs: c.slowCallMs }),
    isFailure: (error) => !(error instanceof Ignored),
    isResultFailure: (result) => result === BAD_RESULT,
  });
  const real: Real = {
    clock,
    breaker,
    calls: new Map(),
    releases: [],
    changes: [],
    emitted: { success: 0, failure: 0, slowCall: 0, ignored: 0 },
    openMsCalls,
    listensToOutcomes,
  };
  breaker.events.on('stateChange', ({ from, to }) => real.changes.push(`${from}->${to}`));
  if (listensToOutcomes) {
    breaker.events.on('success', () => real.emitted.success++);
    breaker.events.on('failure', () => real.emitted.failure++);
    breaker.events.on('slowCall', () => real.emitted.slowCall++);
    breaker.events.on('ignored', () => real.emitted.ignored++);
  }
  await fc.asyncModelRun(() => ({ model: new Model(c, c.start), real }), cmds);
  // Settle what is still running, so that no call is left pending.
  for (const { call } of real.calls.values()) call.resolve(undefined);
  await Promise.all([...real.calls.values()].map((r) => r.result));
}

/** No slow calls: with no outcome listener either, calls without a signal take the fast path. */
const fastPathConfig: fc.Arbitrary<Config> = config.map((c) => {
  const trip = { ...c.trip };
  if (trip.kind !== 'consecutive') delete trip.slowRate;
  return { ...c, trip, slowCallMs: undefined };
});

describe('CircuitBreaker against a reference model', () => {
  it('agrees on state, snapshot, events and every accept or reject', async () => {
    await fc.assert(
      fc.asyncProperty(config, commands, (c, cmds) => runModel(c, cmds, true)),
      { numRuns: MODEL_RUNS },
    );
  });

  // Without outcome listeners or slowCallMs, calls without a signal run on the breaker's shared
  // handlers and carry no generation of their own; calls with one still take the general path.
  it('agrees on state, snapshot and every accept or reject on the shared fast path', async () => {
    await fc.assert(
      fc.asyncProperty(fastPathConfig, commands, (c, cmds) => runModel(c, cmds, false)),
      { numRuns: MODEL_RUNS },
    );
  });
});
