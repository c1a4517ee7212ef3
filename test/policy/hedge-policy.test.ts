import { getEventListeners } from 'node:events';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { HedgePolicy, type HedgeContext, type HedgeEvents } from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { scripted } from './hedge-helpers.js';

function settled(promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function record(policy: HedgePolicy): { [K in keyof HedgeEvents]: HedgeEvents[K][] } {
  const seen = { hedge: [], hedgeRefused: [], win: [] } as {
    [K in keyof HedgeEvents]: HedgeEvents[K][];
  };
  policy.events.on('hedge', (e) => seen.hedge.push(e));
  policy.events.on('hedgeRefused', (e) => seen.hedgeRefused.push(e));
  policy.events.on('win', (e) => seen.win.push(e));
  return seen;
}

describe('HedgePolicy', () => {
  it('returns a fast primary result without starting a hedge, and leaves no timer', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 100, clock });
    const events = record(policy);
    const value = { id: 1 };
    const { fn, contexts } = scripted(clock, [{ ms: 50, value }]);
    const done = settled(policy.execute(fn));
    await clock.advance(50);
    expect(await done).toEqual({ value });
    expect((await done).value).toBe(value);
    expect(contexts.map((c) => c.attempt)).toEqual([0]);
    expect(events.hedge).toEqual([]);
    expect(events.win).toEqual([{ attempt: 0, attempts: 1 }]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('starts a hedge after the delay; the first success wins and the loser is aborted', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 100, clock });
    const events = record(policy);
    const { fn, contexts, startedAt } = scripted(clock, [
      { ms: 500, value: 'primary' },
      { ms: 50, value: 'hedge' },
    ]);
    const done = settled(policy.execute(fn));
    await clock.advance(99);
    expect(contexts).toHaveLength(1);
    await clock.advance(1);
    expect(contexts).toHaveLength(2);
    await clock.advance(50);
    expect(await done).toEqual({ value: 'hedge' });
    expect(startedAt).toEqual([0, 100]);
    expect(contexts[0]!.signal.aborted).toBe(true);
    expect(contexts[1]!.signal.aborted).toBe(false);
    expect(contexts[0]!.signal).not.toBe(contexts[1]!.signal);
    expect(events.hedge).toEqual([{ attempt: 1, trigger: 'delay' }]);
    expect(events.win).toEqual([{ attempt: 1, attempts: 2 }]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with the last failure, the same object, when every attempt fails', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 100, maxHedges: 2, clock });
    const first = new Error('first');
    const last = new Error('last');
    const { fn } = scripted(clock, [
      { ms: 400, error: first },
      { ms: 150, error: new Error('second') },
      { ms: 300, error: last },
    ]);
    const done = settled(policy.execute(fn));
    await clock.runAll();
    // Hedges start at 100 and 200 (failing at 250 and 500), the primary fails at 400.
    expect((await done).error).toBe(last);
    expect(clock.pendingTimers).toBe(0);
  });

  it('starts the next hedge at once when an attempt fails before the delay', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 1_000, clock });
    const events = record(policy);
    const { fn, startedAt } = scripted(clock, [
      { ms: 10, error: new Error('503') },
      { ms: 20, value: 'ok' },
    ]);
    const done = settled(policy.execute(fn));
    await clock.runAll();
    expect(await done).toEqual({ value: 'ok' });
    expect(startedAt).toEqual([0, 10]);
    expect(events.hedge).toEqual([{ attempt: 1, trigger: 'failure' }]);
    expect(clock.now()).toBe(30);
  });

  it('times hedges by the delay function, per hedge, from the attempt before', async () => {
    const clock = new VirtualClock();
    const delayMs = vi.fn((hedge: number) => hedge * 100);
    const policy = new HedgePolicy({ delayMs, maxHedges: 3, clock });
    const { fn, startedAt } = scripted(clock, [
      { ms: 1_000, value: 0 },
      { ms: 1_000, value: 1 },
      { ms: 1_000, value: 2 },
      { ms: 1, value: 3 },
    ]);
    const done = settled(policy.execute(fn));
    await clock.runAll();
    expect(await done).toEqual({ value: 3 });
    expect(startedAt).toEqual([0, 100, 300, 600]);
    expect(delayMs.mock.calls).toEqual([[1], [2], [3]]);
  });

  it('gives every attempt the deadline and its number, and starts no hedge at or after the deadline', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 100, maxHedges: 3, clock });
    const events = record(policy);
    const failure = new Error('slow and failed');
    const { fn, contexts } = scripted(clock, [
      { ms: 500, error: failure },
      { ms: 500, value: 'late' },
      { ms: 1, value: 'never' },
    ]);
    const done = settled(policy.execute(fn, { deadline: 200 }));
    await clock.runAll();
    // Hedge 1 starts at 100; hedge 2 is due at 200, the deadline: refused. Hedge 1 then wins.
    expect(await done).toEqual({ value: 'late' });
    expect(contexts.map((c) => [c.attempt, c.deadline])).toEqual([
      [0, 200],
      [1, 200],
    ]);
    expect(events.hedgeRefused).toEqual([{ attempt: 2, reason: 'deadline' }]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with the last failure when the deadline leaves no hedge to start', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 100, clock });
    const failure = new Error('down');
    const { fn, contexts } = scripted(clock, [{ ms: 300, error: failure }]);
    const done = settled(policy.execute(fn, { deadline: 50 }));
    await clock.runAll();
    expect((await done).error).toBe(failure);
    expect(contexts).toHaveLength(1);
  });

  it('refuses hedges beyond the budget, over the last 10 s of calls', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 10, budget: { ratio: 0.5 }, clock });
    const events = record(policy);
    const slow = () =>
      scripted(clock, [
        { ms: 100, value: 'primary' },
        { ms: 100, value: 'hedge' },
      ]).fn;
    // Call 1: 1 call, a hedge would make 1 > 0.5 x 1: refused. Call 2: 1 <= 0.5 x 2: started.
    const first = settled(policy.execute(slow()));
    await clock.runAll();
    expect(await first).toEqual({ value: 'primary' });
    const second = settled(policy.execute(slow()));
    await clock.runAll();
    expect(await second).toEqual({ value: 'primary' });
    expect(events.hedgeRefused).toEqual([{ attempt: 1, reason: 'budget' }]);
    expect(events.hedge).toEqual([{ attempt: 1, trigger: 'delay' }]);
    // Call 3: 2 hedges > 0.5 x 3: refused again.
    const third = settled(policy.execute(slow()));
    await clock.runAll();
    expect(await third).toEqual({ value: 'primary' });
    expect(events.hedgeRefused).toHaveLength(2);
    // Ten seconds later the window has forgotten them: 1 call, and the hedge is refused as at first,
    // then allowed on the second.
    await clock.advance(11_000);
    for (let call = 0; call < 2; call++) {
      const next = settled(policy.execute(slow()));
      await clock.runAll();
      await next;
    }
    expect(events.hedge).toHaveLength(2);
    expect(events.hedgeRefused).toHaveLength(3);
  });

  it("aborts every attempt with the caller's reason and rejects at once when the caller aborts", async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 10, maxHedges: 2, clock });
    const { fn, contexts } = scripted(clock, [
      { ms: 1_000, value: 0 },
      { ms: 1_000, value: 1 },
      { ms: 1_000, value: 2 },
    ]);
    const controller = new AbortController();
    const done = settled(policy.execute(fn, { signal: controller.signal }));
    await clock.advance(15);
    expect(contexts).toHaveLength(2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect((await done).error).toBe(reason);
    for (const context of contexts) {
      expect(context.signal.aborted).toBe(true);
      expect(context.signal.reason).toBe(reason);
    }
    expect(clock.pendingTimers).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it("leaves no listener on the caller's signal when the call succeeds or fails", async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 10, clock });
    const controller = new AbortController();
    const { fn } = scripted(clock, [
      { ms: 100, value: 'a' },
      { ms: 100, error: new Error('b') },
    ]);
    const ok = settled(policy.execute(fn, { signal: controller.signal }));
    await clock.runAll();
    expect(await ok).toEqual({ value: 'a' });
    const failing = scripted(clock, [
      { ms: 5, error: new Error('a') },
      { ms: 5, error: new Error('b') },
    ]);
    const failed = settled(policy.execute(failing.fn, { signal: controller.signal }));
    await clock.runAll();
    expect((await failed).error).toEqual(new Error('b'));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects an already aborted signal without running, and bad calls without throwing', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 10, clock });
    const fn = vi.fn(() => 1);
    const reason = new Error('gone');
    await expect(policy.execute(fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(policy.execute('no' as never)).rejects.toThrow(/fn must be a function/);
    await expect(policy.execute(fn, { sigal: 1 } as never)).rejects.toThrow(
      'unknown option "sigal" (did you mean "signal"?)',
    );
    await expect(policy.execute(fn, { deadline: Number.NaN })).rejects.toThrow(RangeError);
    expect(fn).not.toHaveBeenCalled();
  });

  it('treats a synchronous throw as a failed attempt', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 10, clock });
    const boom = new Error('sync');
    const fn = vi.fn(({ attempt }: HedgeContext) => {
      if (attempt === 0) throw boom;
      return 'second';
    });
    const done = policy.execute(fn);
    await expect(done).resolves.toBe('second');
    expect(clock.pendingTimers).toBe(0);
  });

  it('does not let a throwing listener change the outcome', async () => {
    const clock = new VirtualClock();
    const policy = new HedgePolicy({ delayMs: 10, clock });
    const onListenerError = vi.fn();
    const events = policy.events;
    const off = [
      events.on('hedge', () => {
        throw new Error('listener');
      }),
      events.on('win', () => {
        throw new Error('listener');
      }),
    ];
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(onListenerError);
    const value = { ok: true };
    const { fn } = scripted(clock, [
      { ms: 100, value: 'primary' },
      { ms: 10, value },
    ]);
    const done = policy.execute(fn);
    await clock.runAll();
    await expect(done).resolves.toBe(value);
    warn.mockRestore();
    for (const o of off) o();
  });

  it('rejects with what the delay function throws, or a RangeError for a bad delay, before running', async () => {
    const clock = new VirtualClock();
    const bug = new Error('bug');
    const fn = vi.fn(() => 1);
    const throwing = new HedgePolicy({
      delayMs: () => {
        throw bug;
      },
      clock,
    });
    await expect(throwing.execute(fn)).rejects.toBe(bug);
    const bad = new HedgePolicy({
      delayMs: (hedge) => (hedge === 2 ? -1 : 5),
      maxHedges: 2,
      clock,
    });
    await expect(bad.execute(fn)).rejects.toThrow(
      new RangeError('delayMs(2) must return a finite number >= 0, got -1'),
    );
    expect(fn).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with what the clock throws when a hedge falls due, and aborts the attempts', async () => {
    const clock = new VirtualClock();
    const broken = new Error('clock broke');
    let fail = false;
    const flaky = {
      now: () => {
        if (fail) throw broken;
        return clock.now();
      },
      setTimer: clock.setTimer.bind(clock),
    };
    const policy = new HedgePolicy({ delayMs: 10, clock: flaky, budget: { ratio: 1 } });
    const { fn, contexts } = scripted(clock, [{ ms: 100, value: 'late' }]);
    const done = settled(policy.execute(fn));
    fail = true;
    await clock.runAll();
    expect((await done).error).toBe(broken);
    expect(contexts[0]!.signal.aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with what setTimer throws, aborting the primary; works on a clock that fires at once', async () => {
    const clock = new VirtualClock();
    const bug = new Error('no timers');
    const broken = {
      now: () => 0,
      setTimer: () => {
        throw bug;
      },
    };
    const contexts: HedgeContext[] = [];
    const never = (context: HedgeContext) => {
      contexts.push(context);
      return new Promise<never>(() => undefined);
    };
    await expect(new HedgePolicy({ delayMs: 10, clock: broken }).execute(never)).rejects.toBe(bug);
    expect(contexts[0]!.signal.aborted).toBe(true);
    // Timers that fire as they are set: every hedge starts at once, and the first success wins.
    const eager = {
      now: () => clock.now(),
      setTimer: (_ms: number, callback: () => void) => {
        callback();
        return () => undefined;
      },
    };
    const attempts: number[] = [];
    const value = await new HedgePolicy({ delayMs: 10, maxHedges: 2, clock: eager }).execute(
      ({ attempt }) => {
        attempts.push(attempt);
        return attempt === 2 ? 'last' : new Promise<never>(() => undefined);
      },
    );
    expect(value).toBe('last');
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('types the context and the result', () => {
    const policy = new HedgePolicy({ delayMs: 1 });
    expectTypeOf(policy.execute(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf<
      Parameters<Parameters<typeof policy.execute>[0]>[0]
    >().toEqualTypeOf<HedgeContext>();
  });
});
