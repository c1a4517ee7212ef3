import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sleep, systemClock } from '../../src/clock/index.js';

// The system clock wraps the platform's timers; vitest's fake timers stand in for them here, so
// nothing waits in real time.
describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads performance.now()', () => {
    const before = performance.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
  });

  // Binding performance.now once would save a few ns per read, but would ignore fake timers that
  // replace the global performance object, as vitest's and sinon's do.
  it('reads the global performance object each time, so that fake timers apply', () => {
    const start = systemClock.now();
    vi.advanceTimersByTime(1_000);
    expect(systemClock.now() - start).toBe(1_000);
  });

  it('fires a timer once after its delay and can cancel it', () => {
    const fired: string[] = [];
    systemClock.setTimer(100, () => fired.push('a'));
    const cancel = systemClock.setTimer(100, () => fired.push('b'));
    cancel();
    cancel();
    vi.advanceTimersByTime(99);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual(['a']);
  });

  it('chains delays longer than setTimeout allows instead of firing at once', () => {
    const day = 86_400_000;
    let fired = false;
    systemClock.setTimer(30 * day, () => (fired = true));
    vi.advanceTimersByTime(25 * day);
    expect(fired).toBe(false);
    vi.advanceTimersByTime(5 * day);
    expect(fired).toBe(true);
  });

  it('cancels a chained timer in its second step', () => {
    const day = 86_400_000;
    let fired = false;
    const cancel = systemClock.setTimer(30 * day, () => (fired = true));
    vi.advanceTimersByTime(26 * day);
    cancel();
    vi.advanceTimersByTime(10 * day);
    expect(fired).toBe(false);
  });

  it('unrefs housekeeping timers only', () => {
    const unref = vi.fn();
    const spy = vi
      .spyOn(globalThis, 'setTimeout')
      .mockImplementation(() => ({ unref }) as unknown as ReturnType<typeof setTimeout>);
    systemClock.setTimer(10, () => undefined);
    expect(unref).not.toHaveBeenCalled();
    systemClock.setTimer(10, () => undefined, { unref: true });
    expect(unref).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it("sets and cancels an unref'd timer where setTimeout returns a number", () => {
    // Browsers and Deno return a number, which has no unref().
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    const spy = vi
      .spyOn(globalThis, 'setTimeout')
      .mockImplementation(() => 7 as unknown as ReturnType<typeof setTimeout>);
    try {
      expect(() => systemClock.setTimer(10, () => undefined, { unref: true })()).not.toThrow();
      expect(spy).toHaveBeenCalledTimes(1);
      expect(clear).toHaveBeenCalledWith(7);
    } finally {
      spy.mockRestore();
      clear.mockRestore();
    }
  });

  it('rejects a negative delay', () => {
    expect(() => systemClock.setTimer(-5, () => undefined)).toThrow(RangeError);
  });

  it('backs sleep by default', async () => {
    let done = false;
    const promise = sleep(50).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(50);
    await promise;
    expect(done).toBe(true);
  });
});
