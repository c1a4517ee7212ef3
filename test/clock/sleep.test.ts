import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { neverAborted } from '../../src/internal/never-aborted.js';
import { sleep, type Clock } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';

describe('sleep', () => {
  it('resolves after the delay on the clock, not before', async () => {
    const clock = new VirtualClock();
    let done = false;
    const promise = sleep(100, { clock }).then(() => (done = true));
    await clock.advance(99);
    expect(done).toBe(false);
    await clock.advance(1);
    await promise;
    expect(done).toBe(true);
    expect(clock.now()).toBe(100);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects with the signal reason at once when aborted, cancelling its timer', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const promise = sleep(1_000, { clock, signal: controller.signal });
    expect(clock.pendingTimers).toBe(1);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(promise).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects at once without a timer when the signal is already aborted', async () => {
    const clock = new VirtualClock();
    const reason = new Error('already');
    await expect(sleep(10, { clock, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
  });

  it('removes its abort listener when it resolves', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const promise = sleep(10, { clock, signal: controller.signal });
    await clock.advance(10);
    await promise;
    controller.abort(new Error('late'));
    expect(clock.pendingTimers).toBe(0);
  });

  it('adds no listener to the never-aborting signal that policies hand on', async () => {
    const clock = new VirtualClock();
    const sleeps = Array.from({ length: 20 }, () => sleep(10, { clock, signal: neverAborted }));
    expect(getEventListeners(neverAborted, 'abort')).toHaveLength(0);
    await clock.advance(10);
    await Promise.all(sleeps);
  });

  it.each([-1, Number.NaN, Infinity])('rejects a delay of %s with a RangeError', async (delay) => {
    await expect(sleep(delay, { clock: new VirtualClock() })).rejects.toThrow(
      /delayMs must be a finite number >= 0/,
    );
  });
});

describe('sleep with a wrong or odd signal', () => {
  it('rejects an AbortController with a TypeError naming signal, arming no timer', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    await expect(
      sleep(100, { clock, signal: controller as unknown as AbortSignal }),
    ).rejects.toThrow(
      new TypeError(
        'signal must be an AbortSignal, got an AbortController (pass controller.signal, not the controller)',
      ),
    );
    expect(clock.pendingTimers).toBe(0);
  });

  it('leaves no listener when the clock fires its timer synchronously', async () => {
    const syncClock = {
      now: () => 0,
      setTimer: (_ms: number, callback: () => void) => (callback(), () => undefined),
    };
    const controller = new AbortController();
    await sleep(100, { clock: syncClock, signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener when the clock throws', async () => {
    const badClock = {
      now: () => 0,
      setTimer: () => {
        throw new Error('no timers');
      },
    };
    const controller = new AbortController();
    await expect(sleep(100, { clock: badClock, signal: controller.signal })).rejects.toThrow(
      'no timers',
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

describe("sleep and the caller's signal", () => {
  it("leaves no listener on the caller's signal when it resolves or is aborted", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const { signal } = controller;
    const done = sleep(10, { clock, signal });
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    await clock.advance(10);
    await done;
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    const aborted = sleep(10, { clock, signal });
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels its timer when the signal aborts while the clock is arming it', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const reason = new Error('stop');
    // A clock that lets other code run inside setTimer: the abort arrives before `cancel` exists.
    const arming: Clock = {
      now: () => clock.now(),
      setTimer: (delayMs, callback) => {
        const cancel = clock.setTimer(delayMs, callback);
        controller.abort(reason);
        return cancel;
      },
    };
    const outcome = sleep(100, { clock: arming, signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    // Settled without the clock moving: no wait on a timer that should be gone.
    const pending = new Promise((resolve) => setImmediate(() => resolve('pending')));
    expect(await Promise.race([outcome, pending])).toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
