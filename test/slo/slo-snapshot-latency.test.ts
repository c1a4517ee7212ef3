// The latency part of a snapshot (version 3) is checked field by field, naming the path; version 2
// snapshots, which have none, are still read.

import { describe, expect, it } from 'vitest';
import { SloTracker, type SloSnapshot } from '../../src/slo/index.js';
import { manualClock } from './reference-model.js';

const HOUR = 3_600_000;

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

function restore(initialState: unknown): SloTracker {
  return new SloTracker({
    name: 'v',
    objective: 0.99,
    alerts: false,
    clock: manualClock(0, 1_000_000 + 117 * 60_000),
    initialState: initialState as SloSnapshot,
  });
}

/** A 30-day tracker's snapshot after two hours of timed calls, as JSON carries it. */
function timedSnapshot(): Mutable<SloSnapshot> {
  const clock = manualClock(0, 1_000_000);
  const slo = new SloTracker({ name: 'v', objective: 0.99, alerts: false, clock });
  for (let minute = 0; minute < 120; minute += 3) {
    clock.time = minute * 60_000;
    slo.recordCall(minute + 0.5, true);
    slo.recordCall(10 * minute, minute % 2 === 0);
  }
  slo.close();
  return JSON.parse(JSON.stringify(slo.snapshot())) as Mutable<SloSnapshot>;
}

describe('SloSnapshot latency', () => {
  it('has the bucket layout and one tier per latency tier, only non-empty slots and buckets', () => {
    const snapshot = timedSnapshot();
    expect(snapshot.version).toBe(3);
    const latency = snapshot.latency!;
    expect(latency).toMatchObject({ relativeError: 0.01, minMs: 0.01, buckets: 1024 });
    expect(latency.tiers.map((tier) => tier.slotMs)).toEqual([60_000, 1_800_000, 12 * HOUR]);
    const [fine] = latency.tiers;
    // The last hour: 20 slots of two calls each.
    expect(fine!.slots).toHaveLength(20);
    expect(fine!.slots[0]).toEqual([0, 2, 1_170 + 117.5, 1_170, expect.any(Array)]);
    expect(restore(snapshot).latency()).toMatchObject({ count: 80, maxMs: 1_170 });
  });

  it('still reads version 2, without latency', () => {
    const rest = timedSnapshot();
    delete rest.latency;
    const slo = restore({ ...rest, version: 2 });
    expect(slo.latency().count).toBe(0);
    expect(slo.budget().total).toBe(80);
    slo.close();
    expect(() => restore({ ...timedSnapshot(), version: 2 })).toThrow(
      /initialState\.latency must be absent before version 3/,
    );
  });

  it('names the field at fault', () => {
    const cases: [(s: Mutable<SloSnapshot>) => void, RegExp][] = [
      [(s) => void (s.latency = 'x' as never), /initialState\.latency must be \{ relativeError/],
      [
        (s) => void (s.latency!.relativeError = 0.02),
        /initialState\.latency\.relativeError must be 0\.01, got 0\.02/,
      ],
      [(s) => void (s.latency!.minMs = 1), /initialState\.latency\.minMs must be 0\.01, got 1/],
      [
        (s) => void (s.latency!.buckets = 2048),
        /initialState\.latency\.buckets must be 1024, got 2048/,
      ],
      [
        (s) => void s.latency!.tiers.pop(),
        /initialState\.latency\.tiers must be an array of 3 tiers/,
      ],
      [
        (s) => void (s.latency!.tiers[1]!.slotMs = 5),
        /initialState\.latency\.tiers\[1\]\.slotMs must be 1800000, got 5/,
      ],
      [
        (s) => void (s.latency!.tiers[0]!.slots = {} as never),
        /initialState\.latency\.tiers\[0\]\.slots must be an array, got \{\}/,
      ],
      [
        (s) => void (s.latency!.tiers[0]!.slots[1] = [1, 2] as never),
        /initialState\.latency\.tiers\[0\]\.slots\[1\] must be \[age, count, sumMs, maxMs, buckets\]/,
      ],
      [
        (s) => void (s.latency!.tiers[0]!.slots[1]![0] = 0),
        /initialState\.latency\.tiers\[0\]\.slots\[1\]\[0\] \(age\) must be an integer from 0 to 59, greater than the age before it, got 0/,
      ],
      [
        (s) => void (s.latency!.tiers[2]!.slots[0]![0] = 60),
        /initialState\.latency\.tiers\[2\]\.slots\[0\]\[0\] \(age\) must be an integer from 0 to 59/,
      ],
      [
        (s) => void (s.latency!.tiers[0]!.slots[0]![1] = 1.5),
        /initialState\.latency\.tiers\[0\]\.slots\[0\]\[1\] \(count\) must be a safe integer >= 0, got 1\.5/,
      ],
      [
        (s) => void (s.latency!.tiers[0]!.slots[0]![1] = 3),
        /initialState\.latency\.tiers\[0\]\.slots\[0\]\[1\] \(count\) must equal the sum of its buckets' counts \(2\), got 3/,
      ],
      [
        (s) => void (s.latency!.tiers[0]!.slots[0]![3] = -1),
        /initialState\.latency\.tiers\[0\]\.slots\[0\]\[3\] \(maxMs\) must be a finite number >= 0, got -1/,
      ],
      [
        (s) => void (s.latency!.tiers[0]!.slots[0]![2] = 1),
        /initialState\.latency\.tiers\[0\]\.slots\[0\]\[2\] \(sumMs\) must be a finite number >= maxMs \(1170\), got 1/,
      ],
      [
        (s) => void (s.latency!.tiers[0]!.slots[0]![4] = null as never),
        /initialState\.latency\.tiers\[0\]\.slots\[0\]\[4\] \(buckets\) must be an array of \[index, count\], got null/,
      ],
      [
        (s) => void ((s.latency!.tiers[0]!.slots[0]![4] as unknown[])[0] = [1024, 1]),
        /initialState\.latency\.tiers\[0\]\.slots\[0\]\[4\]\[0\]\[0\] \(index\) must be an integer from 0 to 1023/,
      ],
      [
        (s) => void ((s.latency!.tiers[0]!.slots[0]![4] as unknown[])[1] = [0, 1]),
        /initialState\.latency\.tiers\[0\]\.slots\[0\]\[4\]\[1\]\[0\] \(index\) must be .* greater than the index before it, got 0/,
      ],
      [
        (s) => void ((s.latency!.tiers[0]!.slots[0]![4] as unknown[])[0] = [5, 0]),
        /initialState\.latency\.tiers\[0\]\.slots\[0\]\[4\]\[0\]\[1\] \(count\) must be >= 1/,
      ],
      [
        (s) => {
          s.latency!.tiers[0]!.slots[0]![1] = 1_000;
          s.latency!.tiers[0]!.slots[0]![4] = [[5, 1_000]];
        },
        /initialState\.latency\.tiers\[0\]\.slots hold 1038 calls, more than the lifetime initialState\.totals\.total \(80\)/,
      ],
    ];
    for (const [mutate, message] of cases) {
      const snapshot = timedSnapshot();
      mutate(snapshot);
      expect(() => restore(snapshot), String(message)).toThrow(message);
    }
  });
});
