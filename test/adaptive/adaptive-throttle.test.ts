import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  AdaptiveThrottle,
  isThrottledError,
  ThrottledError,
  type AdaptiveContext,
} from '../../src/adaptive/index.js';
import { neverAborted } from '../../src/internal/never-aborted.js';
import { TimeoutError, TimeoutPolicy, wrap } from '../../src/policy/index.js';
import { seededRandom, VirtualClock } from '../../src/testing/index.js';

const overloaded = Object.assign(new Error('busy'), { status: 503 });
const notFound = Object.assign(new Error('no such user'), { status: 404 });

/** The probability of the SRE book, for the counts a model keeps. */
function formula(requests: number, accepts: number, k: number): number {
  return Math.max(0, (requests - k * accepts) / (requests + 1));
}

describe('AdaptiveThrottle', () => {
  it('drops each call with the probability of the formula, counting dropped calls as requests', async () => {
    const step = fc.record({
      outcome: fc.constantFrom('ok', 'overload', 'error'),
      draw: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      advanceMs: fc.integer({ min: 0, max: 1_000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 60 }),
        fc.constantFrom(1, 1.5, 2, 3),
        async (steps, k) => {
          const clock = new VirtualClock();
          const draws = steps.map((s) => s.draw);
          // Every call fits well inside the window: nothing is forgotten.
          const throttle = new AdaptiveThrottle({
            k,
            clock,
            windowMs: 600_000,
            random: () => draws.shift()!,
          });
          let requests = 0;
          let accepts = 0;
          for (const s of steps) {
            await clock.advance(s.advanceMs);
            const p = formula(requests, accepts, k);
            expect(throttle.rejectionProbability).toBeCloseTo(p, 12);
            const outcome = await throttle
              .execute(() => {
                if (s.outcome === 'overload') throw overloaded;
                if (s.outcome === 'error') throw notFound;
                return 'ok';
              })
              .then(
                (value) => value,
                (error: unknown) => error,
              );
            requests++;
            const dropped = p > 0 && s.draw < p;
            if (dropped) {
              expect(isThrottledError(outcome)).toBe(true);
              expect((outcome as ThrottledError).probability).toBe(p);
              // The draw was used whether or not the call was dropped.
            } else if (s.outcome === 'ok') {
              expect(outcome).toBe('ok');
              accepts++;
            } else if (s.outcome === 'error') {
              expect(outcome).toBe(notFound);
              accepts++;
            } else expect(outcome).toBe(overloaded);
            if (p === 0) draws.shift();
            expect(throttle.requests).toBe(requests);
            expect(throttle.accepts).toBe(accepts);
          }
        },
      ),
    );
  });

  it('on a seeded stream against a backend of fixed capacity, sends it about k times what it accepts', async () => {
    const clock = new VirtualClock();
    const throttle = new AdaptiveThrottle({ clock, random: seededRandom(7) });
    let dropped = 0;
    let sent = 0;
    let lastAccepted = Number.NEGATIVE_INFINITY;
    // 100 calls a second to a backend that takes at most 25 a second and refuses the rest: with
    // p = 1 - k × accepts / requests, the calls that reach it are requests × (1 - p) = k × accepts.
    for (let i = 0; i < 4_000; i++) {
      await clock.advance(10);
      const error = await throttle
        .execute(() => {
          sent++;
          if (clock.now() - lastAccepted < 40) throw overloaded;
          lastAccepted = clock.now();
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      if (isThrottledError(error)) dropped++;
    }
    expect(throttle.requests).toBe(4_000);
    expect(dropped + sent).toBe(4_000);
    expect(sent / throttle.accepts).toBeGreaterThan(1.9);
    expect(sent / throttle.accepts).toBeLessThan(2.1);
    expect(dropped / 4_000).toBeGreaterThan(0.5);
    expect(throttle.rejectionProbability).toBeCloseTo(
      formula(throttle.requests, throttle.accepts, 2),
      12,
    );
  });

  it('counts a call sent when it settles: calls in flight are not taken for refusals', async () => {
    const clock = new VirtualClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0 });
    const burst = Array.from({ length: 50 }, () =>
      throttle.execute(() => new Promise((resolve) => clock.setTimer(100, () => resolve('ok')))),
    );
    expect([throttle.requests, throttle.rejectionProbability]).toEqual([0, 0]);
    await expect(throttle.execute(() => 'not dropped')).resolves.toBe('not dropped');
    await clock.advance(100);
    await Promise.all(burst);
    expect([throttle.requests, throttle.accepts]).toEqual([51, 51]);
  });

  it('forgets what falls out of the window', async () => {
    const clock = new VirtualClock();
    const throttle = new AdaptiveThrottle({ clock, windowMs: 10_000, random: () => 0.999 });
    for (let i = 0; i < 20; i++)
      await throttle.execute(() => Promise.reject(overloaded)).catch(() => undefined);
    expect(throttle.rejectionProbability).toBeCloseTo(20 / 21, 12);
    await clock.advance(5_000);
    expect(throttle.requests).toBe(20);
    await clock.advance(5_000 + 10_000 / 40);
    expect(throttle.requests).toBe(0);
    expect(throttle.rejectionProbability).toBe(0);
    await expect(throttle.execute(() => 'back')).resolves.toBe('back');
    expect(clock.pendingTimers).toBe(0);
  });

  it('counts timeouts and ballast rejections as not accepted, other errors as accepted', async () => {
    const clock = new VirtualClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0.999 });
    const errors = [
      new TimeoutError(100),
      Object.assign(new Error('x'), { name: 'BrokenCircuitError' }),
      Object.assign(new Error('x'), { statusCode: 429 }),
      new TypeError('bug'),
      notFound,
    ];
    for (const error of errors)
      await throttle.execute(() => Promise.reject(error)).catch(() => undefined);
    expect(throttle.requests).toBe(5);
    expect(throttle.accepts).toBe(2);
  });

  it('takes isAccepted; one that throws counts the call as not accepted, warns once, keeps the error', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const clock = new VirtualClock();
    const throttle = new AdaptiveThrottle({
      clock,
      random: () => 0.999,
      isAccepted: () => {
        throw new Error('classifier bug');
      },
    });
    for (let i = 0; i < 2; i++)
      await expect(throttle.execute(() => Promise.reject(notFound))).rejects.toBe(notFound);
    expect(throttle.accepts).toBe(0);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    const everyError = new AdaptiveThrottle({ clock, isAccepted: () => true });
    await everyError.execute(() => Promise.reject(overloaded)).catch(() => undefined);
    expect(everyError.accepts).toBe(1);
  });

  it('passes the signal and deadline on, and rejects an aborted call without counting it', async () => {
    const clock = new VirtualClock();
    const throttle = new AdaptiveThrottle({ clock });
    let seen: AdaptiveContext | undefined;
    await throttle.execute((context) => {
      seen = context;
    });
    expect(seen?.signal).toBe(neverAborted);
    const controller = new AbortController();
    await throttle.execute(
      (context) => {
        seen = context;
      },
      { signal: controller.signal, deadline: 500 },
    );
    expect(seen).toEqual({ signal: controller.signal, deadline: 500 });
    controller.abort(new Error('gone'));
    await expect(throttle.execute(() => 1, { signal: controller.signal })).rejects.toThrow('gone');
    expect(throttle.requests).toBe(2);
  });

  it('rejects, never throws, for a bad fn or bad options', async () => {
    const throttle = new AdaptiveThrottle({ clock: new VirtualClock() });
    await expect(throttle.execute('nope' as never)).rejects.toThrow(TypeError);
    await expect(throttle.execute(() => 1, { timeoutMs: 5 } as never)).rejects.toThrow(
      /unknown option "timeoutMs"/,
    );
    await expect(throttle.execute(() => 1, { deadline: 'soon' as never })).rejects.toThrow(
      /options\.deadline must be a time on the policy's clock \(a number\)/,
    );
    const thrown = new Error('sync');
    await expect(
      throttle.execute(() => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(throttle.requests).toBe(1);
  });

  it('emits reject and probabilityChange, and a throwing listener changes nothing', async () => {
    const clock = new VirtualClock();
    const throttle = new AdaptiveThrottle({ clock, random: () => 0, k: 1 });
    const changes: { from: number; to: number }[] = [];
    const rejects: number[] = [];
    throttle.events.on('probabilityChange', ({ from, to }) => changes.push({ from, to }));
    throttle.events.on('reject', ({ probability }) => rejects.push(probability));
    throttle.events.on('reject', () => {
      throw new Error('listener bug');
    });
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    await throttle.execute(() => Promise.reject(overloaded)).catch(() => undefined);
    const error: unknown = await throttle.execute(() => 1).catch((e: unknown) => e);
    warn.mockRestore();
    expect(isThrottledError(error)).toBe(true);
    expect(rejects).toEqual([0.5]);
    expect(changes).toEqual([{ from: 0, to: 0.5 }]);
    await clock.advance(130_000);
    await throttle.execute(() => 1);
    expect(changes.at(-1)).toEqual({ from: 0.5, to: 0 });
  });

  it('composes with wrap: a timeout inside counts as not accepted', async () => {
    const clock = new VirtualClock();
    const throttle = new AdaptiveThrottle({ clock });
    const policy = wrap(throttle, new TimeoutPolicy(100, { clock }));
    const call = policy.execute(
      ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    );
    const settled = expect(call).rejects.toBeInstanceOf(TimeoutError);
    await clock.advance(100);
    await settled;
    expect([throttle.requests, throttle.accepts]).toEqual([1, 0]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('validates its options at construction', () => {
    expect(() => new AdaptiveThrottle({ k: 0.5 })).toThrow('k must be in [1, ');
    expect(() => new AdaptiveThrottle({ windowMs: 0 })).toThrow(
      'windowMs must be a finite number > 0, got 0',
    );
    expect(() => new AdaptiveThrottle({ isAccepted: 1 as never })).toThrow(
      'isAccepted must be a function, got 1',
    );
    expect(() => new AdaptiveThrottle({ random: 'x' as never })).toThrow(TypeError);
    expect(() => new AdaptiveThrottle({ name: '' })).toThrow('name must be a non-empty string');
    expect(() => new AdaptiveThrottle({ window: 1 } as never)).toThrow(
      'unknown option "window" (did you mean "windowMs"?)',
    );
    expect(() => new AdaptiveThrottle({ clock: {} as never })).toThrow(/clock must be a Clock/);
    expect(new AdaptiveThrottle({ name: 'users' })).toMatchObject({
      name: 'users',
      k: 2,
      windowMs: 120_000,
    });
  });
});

describe('ThrottledError', () => {
  it('has its name, its probability, no stack frames, and a guard', () => {
    const error = new ThrottledError(0.25);
    expect(error.name).toBe('ThrottledError');
    expect(error.probability).toBe(0.25);
    expect(error).toBeInstanceOf(Error);
    expect(isThrottledError(error)).toBe(true);
    expect(isThrottledError(new Error('x'))).toBe(false);
    expect(isThrottledError(null)).toBe(false);
  });
});
