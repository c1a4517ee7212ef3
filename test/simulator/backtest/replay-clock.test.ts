import { describe, expect, it } from 'vitest';
import { ReplayClock } from '../../../src/simulator/backtest/replay-clock.js';

describe('ReplayClock', () => {
  it('fires the timers due on the way, in order, each at its own time, and skips cancelled ones', () => {
    const clock = new ReplayClock(1_000);
    const fired: [string, number][] = [];
    clock.setTimer(30, () => fired.push(['b', clock.now()]));
    clock.setTimer(10, () => {
      fired.push(['a', clock.now()]);
      clock.setTimer(5, () => fired.push(['a+5', clock.now()]));
    });
    const cancel = clock.setTimer(20, () => fired.push(['cancelled', clock.now()]));
    cancel();
    clock.setTimer(100, () => fired.push(['later', clock.now()]));
    clock.advanceTo(1_050);
    expect(fired).toEqual([
      ['a', 1_010],
      ['a+5', 1_015],
      ['b', 1_030],
    ]);
    expect([clock.now(), clock.wallNow()]).toEqual([1_050, 1_050]);
    clock.advanceTo(1_040); // never back
    expect(clock.now()).toBe(1_050);
  });
});
