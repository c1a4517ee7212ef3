import { describe, expect, it } from 'vitest';
import { BAD, SloWindows, TOTAL, bucketMsFor } from '../../src/slo/slo-windows.js';
import { manualClock } from './reference-model.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PERIOD = 30 * DAY;

describe('bucketMsFor', () => {
  it('reads a window as long as a tier in that tier, and a millisecond more in the next', () => {
    // 30 days: 10-s buckets over the last hour, 2-min buckets over the last day, 1-h buckets over
    // the period.
    expect(bucketMsFor(1, PERIOD)).toBe(10 * SECOND);
    expect(bucketMsFor(HOUR, PERIOD)).toBe(10 * SECOND);
    expect(bucketMsFor(HOUR + 1, PERIOD)).toBe(2 * MINUTE);
    expect(bucketMsFor(DAY, PERIOD)).toBe(2 * MINUTE);
    expect(bucketMsFor(DAY + 1, PERIOD)).toBe(HOUR);
    expect(bucketMsFor(PERIOD, PERIOD)).toBe(HOUR);
  });

  it('scales with the period', () => {
    // 1 hour: 5 s over 13.9 ms buckets, 2 min over 166.7 ms buckets, the hour over 5-s buckets.
    expect(bucketMsFor(5 * SECOND, HOUR)).toBe(HOUR / 720 / 360);
    expect(bucketMsFor(5 * SECOND + 1, HOUR)).toBe(HOUR / 30 / 720);
    expect(bucketMsFor(2 * MINUTE, HOUR)).toBe(HOUR / 30 / 720);
    expect(bucketMsFor(2 * MINUTE + 1, HOUR)).toBe(5 * SECOND);
    expect(bucketMsFor(HOUR, HOUR)).toBe(5 * SECOND);
  });

  it('reads a window longer than the period at the coarsest resolution', () => {
    expect(bucketMsFor(PERIOD + 1, PERIOD)).toBe(HOUR);
    expect(bucketMsFor(2 * PERIOD, PERIOD)).toBe(HOUR);
  });
});

describe('SloWindows', () => {
  it('reads each window from the finest tier that covers it, boundaries included', () => {
    const windows = new SloWindows(PERIOD, manualClock());
    const [fine, medium, coarse] = windows.tiers;
    expect([fine!.windowMs, medium!.windowMs, coarse!.windowMs]).toEqual([HOUR, DAY, PERIOD]);
    expect([fine!.bucketMs, medium!.bucketMs, coarse!.bucketMs]).toEqual([
      10 * SECOND,
      2 * MINUTE,
      HOUR,
    ]);
    expect(windows.tierFor(1)).toBe(fine);
    expect(windows.tierFor(HOUR)).toBe(fine);
    expect(windows.tierFor(HOUR + 1)).toBe(medium);
    expect(windows.tierFor(DAY)).toBe(medium);
    expect(windows.tierFor(DAY + 1)).toBe(coarse);
    expect(windows.tierFor(PERIOD)).toBe(coarse);
    // tierFor and bucketMsFor agree everywhere, so the warnings describe the reads.
    for (const windowMs of [1, HOUR, HOUR + 1, DAY, DAY + 1, PERIOD]) {
      expect(windows.tierFor(windowMs).bucketMs).toBe(bucketMsFor(windowMs, PERIOD));
    }
  });

  it('reads a window as long as the medium tier from its 2-min buckets, not the 1-h ones', () => {
    const clock = manualClock();
    const windows = new SloWindows(PERIOD, clock);
    windows.add(90 * MINUTE, 1, 1);
    // 23 h 59 min later, the event is in the oldest 2-min bucket of the last day; in 1-h buckets,
    // the day would start at 01:00 and leave it out.
    const at = 90 * MINUTE + DAY - MINUTE;
    expect(windows.sum(TOTAL, DAY, at)).toBe(1);
    expect(windows.sum(BAD, DAY, at)).toBe(1);
    expect(windows.tiers[2]!.sum(TOTAL, DAY, at)).toBe(0);
  });
});
