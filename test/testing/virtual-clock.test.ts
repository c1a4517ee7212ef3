import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { sleep } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';

describe('VirtualClock', () => {
  it('fires every timer exactly once, never early, in (due, creation) order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            delay: fc.integer({ min: 0, max: 100 }),
            cancel: fc.boolean(),
            child: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
          }),
          { maxLength: 30 },
        ),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 10 }),
        async (timers, steps) => {
          const clock = new VirtualClock();
          const fired: { id: number; due: number; at: number; seq: number }[] = [];
          let seq = 0;
          const expected = new Map<number, number>();
          const schedule = (id: number, delay: number, child: number | undefined): (() => void) => {
            const due = clock.now() + delay;
            const order = seq++;
            expected.set(id, due);
            return clock.setTimer(delay, () => {
              fired.push({ id, due, at: clock.now(), seq: order });
              if (child !== undefined) schedule(id + 1_000, child, undefined);
            });
          };
          timers.forEach((t, id) => {
            const cancel = schedule(id, t.delay, t.child);
            if (t.cancel) {
              cancel();
              expected.delete(id);
            }
          });
          for (const ms of steps) await clock.advance(ms);
          await clock.runAll();
          expect(clock.pendingTimers).toBe(0);
          const ids = fired.map((f) => f.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(new Set(expected.keys()));
          for (const f of fired) expect(f.at).toBe(f.due);
          for (let i = 1; i < fired.length; i++) {
            const a = fired[i - 1]!;
            const b = fired[i]!;
            expect(a.due < b.due || (a.due === b.due && a.seq < b.seq)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('lets promise chains set new timers within one advance', async () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await sleep(10, { clock });
        await Promise.resolve();
        times.push(clock.now());
      }
    };
    const done = loop();
    await clock.advance(30);
    await done;
    expect(times).toEqual([10, 20, 30]);
    expect(clock.now()).toBe(30);
  });

  it.each(['macrotask', 'microtasks'] as const)(
    "with settle '%s', lets deep promise chains set new timers within one advance",
    async (settle) => {
      const clock = new VirtualClock(0, { settle });
      const times: number[] = [];
      const deep = async (depth: number): Promise<void> => {
        if (depth > 0) await deep(depth - 1);
        else await Promise.resolve();
      };
      const loop = async (): Promise<void> => {
        for (let i = 0; i < 3; i++) {
          await sleep(10, { clock });
          await deep(1_000); // a thousand awaits before the next timer is set
          times.push(clock.now());
        }
      };
      const done = loop();
      await clock.advance(30);
      await done;
      expect(times).toEqual([10, 20, 30]);
    },
  );

  it('refuses an unknown settle mode, naming it', () => {
    expect(() => new VirtualClock(0, { settle: 'never' as 'macrotask' })).toThrow(
      "settle must be 'macrotask' or 'microtasks', got \"never\"",
    );
  });

  it('stops at the target time with later timers still pending', async () => {
    const clock = new VirtualClock(1_000);
    let fired = false;
    clock.setTimer(50, () => (fired = true));
    await clock.advance(49);
    expect([clock.now(), fired, clock.pendingTimers]).toEqual([1_049, false, 1]);
  });

  it('guards runAll against timers that re-arm forever', async () => {
    const clock = new VirtualClock();
    const rearm = (): void => void clock.setTimer(1, rearm);
    rearm();
    await expect(clock.runAll(50)).rejects.toThrow(/more than 50 timers fired/);
  });

  it('rejects bad input', async () => {
    expect(() => new VirtualClock(Number.NaN)).toThrow(/startMs must be a finite number/);
    const clock = new VirtualClock();
    expect(() => clock.setTimer(-1, () => undefined)).toThrow(RangeError);
    await expect(clock.advance(-1)).rejects.toThrow(/ms must be a finite number >= 0/);
    await expect(clock.runAll(0)).rejects.toThrow(/maxTimers must be an integer >= 1/);
  });
});

describe('VirtualClock and the process it stands in for', () => {
  it('never moves back when advances overlap', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimer(75, () => seen.push(clock.now()));
    await Promise.all([clock.advance(100), clock.advance(50)]);
    expect(clock.now()).toBe(100);
    expect(seen).toEqual([75]);
  });

  it('keeps unref timers apart: runAll leaves them once they are all that remain', async () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    const housekeeping = (): void => {
      fired.push(`housekeeping@${clock.now()}`);
      clock.setTimer(30, housekeeping, { unref: true });
    };
    clock.setTimer(30, housekeeping, { unref: true });
    clock.setTimer(70, () => fired.push(`work@${clock.now()}`));
    expect([clock.pendingTimers, clock.keepAliveTimers]).toEqual([2, 1]);
    await clock.runAll();
    expect(fired).toEqual(['housekeeping@30', 'housekeeping@60', 'work@70']);
    expect([clock.pendingTimers, clock.keepAliveTimers]).toEqual([1, 0]);
    // Cancelling an unref timer counts it off too.
    const cancel = clock.setTimer(5, () => undefined, { unref: true });
    cancel();
    expect(clock.pendingTimers).toBe(1);
  });

  it('keeps yielding when fake timers were installed before it loaded', async () => {
    vi.useFakeTimers();
    try {
      vi.resetModules();
      const testing = await import('../../src/testing/index.js');
      const clocks = await import('../../src/clock/index.js');
      const clock = new testing.VirtualClock();
      const done = clocks.sleep(1_000, { clock }).then(() => clock.now());
      await clock.advance(1_000);
      expect(await done).toBe(1_000);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('VirtualClock keeps to safe integers', () => {
  it('refuses a start, an advance or a timer beyond Number.MAX_SAFE_INTEGER', async () => {
    expect(() => new VirtualClock(1e20)).toThrow(RangeError);
    expect(() => new VirtualClock(0, { wallStartMs: -1e300 })).toThrow(RangeError);
    const clock = new VirtualClock(Number.MAX_SAFE_INTEGER - 10);
    await expect(clock.advance(11)).rejects.toThrow(RangeError);
    expect(() => clock.setTimer(1e300, () => undefined)).toThrow(
      /delayMs must keep the timer at or below 9007199254740991, got 1e\+300/,
    );
    clock.setTimer(10, () => undefined);
    await clock.runAll();
    expect(clock.now()).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('VirtualClock.run', () => {
  it('lets time pass until the promise settles, then stops, leaving later timers', async () => {
    const clock = new VirtualClock();
    let late = false;
    clock.setTimer(500, () => (late = true));
    const value = await clock.run(sleep(200, { clock }).then(() => clock.now()));
    expect(value).toBe(200);
    expect([clock.now(), late, clock.pendingTimers]).toEqual([200, false, 1]);
  });

  it('follows timers set from promise reactions and microtasks, in time order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 3 }),
        async (delays, hops) => {
          const clock = new VirtualClock();
          const work = async (): Promise<number> => {
            for (const delay of delays) {
              for (let i = 0; i < hops; i++) await Promise.resolve();
              await new Promise<void>((resolve) =>
                queueMicrotask(() => void clock.setTimer(delay, resolve)),
              );
            }
            return clock.now();
          };
          const total = delays.reduce((sum, delay) => sum + delay, 0);
          clock.setTimer(total + 1, () => undefined);
          expect(await clock.run(work())).toBe(total);
          expect([clock.now(), clock.pendingTimers]).toEqual([total, 1]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('returns the value of a promise settled already, or of a plain value, firing nothing', async () => {
    const clock = new VirtualClock();
    clock.setTimer(10, () => undefined);
    expect(await clock.run(Promise.resolve('done'))).toBe('done');
    expect(await clock.run(42)).toBe(42);
    expect([clock.now(), clock.pendingTimers]).toEqual([0, 1]);
  });

  it('rejects with the promise’s own error, the same object', async () => {
    const clock = new VirtualClock();
    const boom = new Error('boom');
    const failing = sleep(30, { clock }).then(() => Promise.reject(boom));
    await expect(clock.run(failing)).rejects.toBe(boom);
    expect(clock.now()).toBe(30);
  });

  it('reports a deadlock instead of hanging when no timer can settle the promise', async () => {
    const clock = new VirtualClock();
    await expect(clock.run(new Promise(() => undefined))).rejects.toThrow(
      /clock\.run: the promise is still pending at 0 ms and no timer is left to settle it: a deadlock/,
    );
    // The timers run out before the promise settles.
    const stuck = sleep(50, { clock }).then(() => new Promise(() => undefined));
    await expect(clock.run(stuck)).rejects.toThrow(/pending at 50 ms/);
    // unref'd timers are left, as a process would: they name themselves.
    clock.setTimer(10, () => undefined, { unref: true });
    await expect(clock.run(new Promise(() => undefined))).rejects.toThrow(
      /1 unref'd timer\(s\) pending, which run leaves as a process would/,
    );
    expect(clock.now()).toBe(50);
  });

  it('handles a promise it gives up on: a later rejection is not unhandled', async () => {
    const clock = new VirtualClock();
    let rejectLater!: (error: unknown) => void;
    const pending = new Promise((_resolve, reject) => (rejectLater = reject));
    await expect(clock.run(pending)).rejects.toThrow(/deadlock/);
    rejectLater(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve));
  });

  it('fires unref timers due before the work it waits on', async () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimer(5, () => fired.push(clock.now()), { unref: true });
    await clock.run(sleep(10, { clock }));
    expect(fired).toEqual([5]);
  });

  it('stops a runaway at maxTimers, and at maxMs of virtual time', async () => {
    const clock = new VirtualClock();
    const rearm = (): void => void clock.setTimer(1, rearm);
    rearm();
    await expect(clock.run(new Promise(() => undefined), { maxTimers: 20 })).rejects.toThrow(
      'clock.run: the promise is still pending after 20 timers fired (maxTimers); is a timer re-arming itself?',
    );
    expect(clock.now()).toBe(20);
    await expect(clock.run(new Promise(() => undefined), { maxMs: 5 })).rejects.toThrow(
      'clock.run: the promise is still pending after 5 ms of virtual time (maxMs); the next timer is due at 26',
    );
    expect(clock.now()).toBe(25);
    // Within the limit, it settles as usual.
    expect(
      await clock.run(
        sleep(5, { clock }).then(() => 'ok'),
        { maxMs: 5 },
      ),
    ).toBe('ok');
  });

  it('rejects bad options, naming them', async () => {
    const clock = new VirtualClock();
    await expect(clock.run(1, { maxTimer: 5 } as never)).rejects.toThrow(
      'unknown option "maxTimer" (did you mean "maxTimers"?)',
    );
    await expect(clock.run(1, { maxTimers: 0 })).rejects.toThrow(
      'maxTimers must be an integer >= 1, got 0',
    );
    await expect(clock.run(1, { maxMs: -1 })).rejects.toThrow(
      'maxMs must be a finite number >= 0, got -1',
    );
  });
});
