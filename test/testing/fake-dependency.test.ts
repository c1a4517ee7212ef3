import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  DependencyError,
  FakeDependency,
  VirtualClock,
  fail,
  hang,
  ok,
  slow,
  type DependencyStep,
} from '../../src/testing/index.js';

/** A signal whose listeners can be counted, to prove that none is left behind. */
function countedSignal(): { controller: AbortController; listeners: () => number } {
  const controller = new AbortController();
  const add = vi.spyOn(controller.signal, 'addEventListener');
  const remove = vi.spyOn(controller.signal, 'removeEventListener');
  return {
    controller,
    listeners: () => add.mock.calls.length - remove.mock.calls.length,
  };
}

describe('FakeDependency', () => {
  it('plays its script in order, one step per call, each after its latency', async () => {
    const clock = new VirtualClock();
    const boom = new Error('reset');
    const dependency = new FakeDependency({
      clock,
      script: [ok('a', { latencyMs: 10 }), fail(boom, { latencyMs: 5 }), slow(100, 'c')],
    });
    const calls = [dependency.call(), dependency.call(), dependency.call()];
    const outcomes = await clock.run(Promise.allSettled(calls));
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: boom },
      { status: 'fulfilled', value: 'c' },
    ]);
    expect(clock.now()).toBe(100);
    expect(dependency.history.map((call) => [call.number, call.outcome, call.settledAt])).toEqual([
      [1, 'ok', 10],
      [2, 'failed', 5],
      [3, 'ok', 100],
    ]);
    expect([dependency.calls, dependency.failures, dependency.maxInFlight]).toEqual([3, 1, 3]);
    expect(dependency.inFlight).toBe(0);
  });

  it('repeats the last step once the script has run out, or plays `after`', async () => {
    const clock = new VirtualClock();
    const repeating = new FakeDependency({ clock, script: [fail(503), ok('x')] });
    await expect(repeating.call()).rejects.toBeInstanceOf(DependencyError);
    for (let i = 0; i < 3; i++) await expect(repeating.call()).resolves.toBe('x');
    const after = new FakeDependency({ clock, script: [ok('x')], after: fail(500) });
    await expect(after.call()).resolves.toBe('x');
    await expect(after.call()).rejects.toMatchObject({ status: 500 });
    await expect(after.call()).rejects.toMatchObject({ status: 500 });
    const empty = new FakeDependency({ clock });
    await expect(empty.call()).resolves.toBeUndefined();
  });

  it('settles a step without latency at once, with no timer', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [ok(1)] });
    const reply = dependency.call();
    expect([dependency.inFlight, clock.pendingTimers]).toEqual([1, 0]);
    await expect(reply).resolves.toBe(1);
    expect(dependency.inFlight).toBe(0);
  });

  it('rejects fail(status) with a fresh DependencyError carrying the status', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [fail(503)] });
    const first: unknown = await dependency.call().catch((error: unknown) => error);
    const second: unknown = await dependency.call().catch((error: unknown) => error);
    expect(first).toBeInstanceOf(DependencyError);
    expect(first).toMatchObject({ status: 503, outage: false, message: 'dependency answered 503' });
    expect(second).not.toBe(first);
  });

  it('asks a script function for each step, with the call', async () => {
    const clock = new VirtualClock(1_000);
    const seen: unknown[] = [];
    const dependency = new FakeDependency<string>({
      clock,
      script: (call) => {
        seen.push({ ...call });
        return call.number === 1 ? slow(20, 'first') : ok('next');
      },
    });
    const first = dependency.call({ request: 'a' });
    await clock.run(first);
    await dependency.call();
    expect(seen).toEqual([
      { number: 1, now: 1_000, request: 'a' },
      { number: 2, now: 1_020, request: undefined },
    ]);
  });

  it('rejects a call whose script function throws or returns no step, and records it', async () => {
    const clock = new VirtualClock();
    const broken = new Error('script bug');
    const throwing = new FakeDependency({
      clock,
      script: () => {
        throw broken;
      },
    });
    await expect(throwing.call()).rejects.toBe(broken);
    expect(throwing.history[0]).toMatchObject({ outcome: 'failed', settledAt: 0 });
    expect([throwing.calls, throwing.failures, throwing.inFlight]).toEqual([1, 1, 0]);
    const wrong = new FakeDependency({ clock, script: () => 'ok' as never });
    await expect(wrong.call()).rejects.toThrow(
      'script() must be a step made by ok(), fail(), slow() or hang(), got "ok"',
    );
  });
});

describe('FakeDependency and signals', () => {
  it('rejects at once on abort with the reason, clearing its timer and its listener', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [slow(1_000, 'late')] });
    const { controller, listeners } = countedSignal();
    const reply = dependency.call({ signal: controller.signal });
    expect([clock.pendingTimers, listeners()]).toEqual([1, 1]);
    const reason = new Error('cancelled');
    controller.abort(reason);
    await expect(reply).rejects.toBe(reason);
    expect([clock.pendingTimers, listeners(), dependency.aborts, dependency.inFlight]).toEqual([
      0, 0, 1, 0,
    ]);
    expect(dependency.history[0]).toMatchObject({ outcome: 'aborted', settledAt: 0 });
  });

  it('removes its listener when a call ends normally, and ignores a later abort', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [slow(10, 'x')] });
    const { controller, listeners } = countedSignal();
    await expect(clock.run(dependency.call({ signal: controller.signal }))).resolves.toBe('x');
    expect(listeners()).toBe(0);
    controller.abort();
    expect(dependency.aborts).toBe(0);
  });

  it('counts a call made with an aborted signal, which rejects at once and plays nothing', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [slow(10, 'x'), ok('y')] });
    const reply = dependency.call({ signal: AbortSignal.abort('gone') });
    await expect(reply).rejects.toBe('gone');
    expect([dependency.calls, dependency.aborts, clock.pendingTimers]).toEqual([1, 1, 0]);
    // The aborted call still took its step: the next call plays the second.
    await expect(dependency.call()).resolves.toBe('y');
  });

  it('hangs until aborted; without a signal clock.run reports the deadlock', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [hang()] });
    const controller = new AbortController();
    const reply = dependency.call({ signal: controller.signal });
    clock.setTimer(5_000, () => controller.abort(new Error('timeout')));
    await expect(clock.run(reply)).rejects.toThrow('timeout');
    expect(clock.now()).toBe(5_000);
    await expect(clock.run(dependency.call())).rejects.toThrow(/deadlock/);
    expect(dependency.inFlight).toBe(1);
  });

  it('tracks calls in flight and the most at once', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [slow(10), slow(20), slow(5)] });
    const first = [dependency.call(), dependency.call()];
    expect(dependency.inFlight).toBe(2);
    await clock.advance(10);
    const third = dependency.call();
    expect([dependency.inFlight, dependency.maxInFlight]).toEqual([2, 2]);
    await clock.run(Promise.all([...first, third]));
    expect([dependency.inFlight, dependency.maxInFlight, clock.now()]).toEqual([0, 2, 20]);
  });

  it('rejects bad call options without counting a call', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock });
    await expect(dependency.call({ signal: new AbortController() } as never)).rejects.toThrow(
      'signal must be an AbortSignal, got an AbortController (pass controller.signal, not the controller)',
    );
    await expect(dependency.call({ sginal: undefined } as never)).rejects.toThrow(
      'unknown option "sginal" (did you mean "signal"?)',
    );
    expect(dependency.calls).toBe(0);
  });
});

describe('FakeDependency matches a model of its script', () => {
  // The model: call i (from 0) plays step i, or the last step after the script; it ends at its
  // start plus its latency unless its abort comes first (an abort at the same instant as the end
  // comes after it, since the call's timer was set first); a hang ends only by an abort.
  it('settles every call as the model says, leaving no timer and no listener', async () => {
    const step = fc.oneof(
      fc.integer({ min: 0, max: 50 }).map((ms) => ok(ms, { latencyMs: ms })),
      fc.integer({ min: 0, max: 50 }).map((ms) => fail(503, { latencyMs: ms })),
      fc.constant(hang()),
    );
    const call = fc.record({
      startMs: fc.integer({ min: 0, max: 50 }),
      abortAfterMs: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 5 }),
        fc.array(call, { minLength: 1, maxLength: 8 }),
        async (script, calls) => {
          const clock = new VirtualClock();
          const dependency = new FakeDependency({ clock, script });
          const ordered = [...calls].sort((a, b) => a.startMs - b.startMs);
          const outcomes: Promise<string>[] = [];
          const signals: { listeners: () => number }[] = [];
          for (const { startMs, abortAfterMs } of ordered) {
            clock.setTimer(startMs, () => {
              const counted = countedSignal();
              signals.push(counted);
              outcomes.push(
                dependency.call({ signal: counted.controller.signal }).then(
                  () => 'ok',
                  (error: unknown) => (error === 'aborted' ? 'aborted' : 'failed'),
                ),
              );
              if (abortAfterMs !== undefined) {
                clock.setTimer(abortAfterMs, () => counted.controller.abort('aborted'));
              }
            });
          }
          await clock.runAll();
          const expected = ordered.map(({ abortAfterMs }, index) => {
            const played: DependencyStep = script[Math.min(index, script.length - 1)]!;
            if (played.kind === 'hang') return abortAfterMs === undefined ? 'pending' : 'aborted';
            // A step without latency settles in a microtask, before any abort timer fires.
            if (abortAfterMs !== undefined && abortAfterMs < played.latencyMs) return 'aborted';
            return played.kind === 'ok' ? 'ok' : 'failed';
          });
          expect(dependency.history.map((record) => record.outcome)).toEqual(expected);
          const settled = await Promise.all(
            outcomes.filter((_, index) => expected[index] !== 'pending'),
          );
          expect(settled).toEqual(expected.filter((outcome) => outcome !== 'pending'));
          const pending = expected.filter((outcome) => outcome === 'pending').length;
          expect(dependency.inFlight).toBe(pending);
          expect(dependency.aborts).toBe(expected.filter((o) => o === 'aborted').length);
          expect(dependency.failures).toBe(expected.filter((o) => o === 'failed').length);
          expect(clock.pendingTimers).toBe(0);
          expect(signals.map((signal) => signal.listeners())).toEqual(
            expected.map((outcome) => (outcome === 'pending' ? 1 : 0)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('FakeDependency options', () => {
  it('rejects bad options at construction, naming them', () => {
    const clock = new VirtualClock();
    expect(() => new FakeDependency({} as never)).toThrow('clock is required');
    expect(() => new FakeDependency({ clock, scrip: [] } as never)).toThrow(
      'unknown option "scrip" (did you mean "script"?)',
    );
    expect(() => new FakeDependency({ clock, script: [ok(), { kind: 'ok' }] } as never)).toThrow(
      'script[1] must be a step made by ok(), fail(), slow() or hang(), got {"kind":"ok"}',
    );
    expect(() => new FakeDependency({ clock, script: 'ok' } as never)).toThrow(
      'script must be an array of steps or a function, got "ok"',
    );
    expect(() => new FakeDependency({ clock, after: 503 } as never)).toThrow(
      'after must be a step made by ok(), fail(), slow() or hang(), got 503',
    );
    expect(() => new FakeDependency({ clock: Date } as never)).toThrow(/clock must be a Clock/);
  });
});
