import { describe, expect, it } from 'vitest';
import { systemClock, wallNow } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';

describe('wallNow', () => {
  it("reads the clock's wall time, moving with virtual time", async () => {
    const clock = new VirtualClock(500, { wallStartMs: 1_000_000 });
    expect(wallNow(clock)).toBe(1_000_000);
    await clock.advance(250);
    expect(wallNow(clock)).toBe(1_000_250);
    expect(clock.now()).toBe(750);
    expect(wallNow(new VirtualClock())).toBe(0);
  });

  it('falls back to Date.now() for a clock without wallNow', () => {
    const before = Date.now();
    const read = wallNow({ now: () => 0, setTimer: () => () => undefined });
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(Date.now());
    expect(Math.abs(wallNow(systemClock) - Date.now())).toBeLessThan(1_000);
  });

  it('rejects a bad wallStartMs and unknown VirtualClock options', () => {
    expect(() => new VirtualClock(0, { wallStartMs: Number.NaN })).toThrow(
      new RangeError(
        `wallStartMs must be a finite number within ±${Number.MAX_SAFE_INTEGER}, got NaN`,
      ),
    );
    expect(() => new VirtualClock(0, { wallStart: 1 } as never)).toThrow(
      'unknown option "wallStart" (did you mean "wallStartMs"?)',
    );
  });
  it('reads a wallNow() that throws or returns no number as NaN, never throwing', () => {
    const base = { now: () => 0, setTimer: () => () => undefined };
    const throwing = {
      ...base,
      wallNow: (): number => {
        throw new Error('no wall clock');
      },
    };
    expect(wallNow(throwing)).toBeNaN();
    expect(wallNow({ ...base, wallNow: () => '2026' as unknown as number })).toBeNaN();
  });
});
