// Snapshots are checked field by field: times the bucket arithmetic cannot hold, counts that are
// not safe integers, and tiers that contradict each other are refused, naming the field.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SloTracker, type SloSnapshot } from '../../src/slo/index.js';
import { manualClock } from './reference-model.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };

function restore(initialState: unknown, windowMs = 30 * DAY, time = 0): SloTracker {
  return new SloTracker({
    name: 'v',
    objective: 0.99,
    windowMs,
    alerts: false,
    clock: manualClock(time, 1_000_000),
    initialState: initialState as SloSnapshot,
  });
}

/** A 30-day tracker's snapshot after a day of traffic, as JSON carries it. */
function daySnapshot(): Mutable<SloSnapshot> {
  const clock = manualClock(0, 1_000_000);
  const slo = new SloTracker({ name: 'v', objective: 0.99, alerts: false, clock });
  for (let minute = 0; minute < 24 * 60; minute += 7) {
    clock.time = minute * 60_000;
    slo.record(true, 90);
    slo.record(false, minute % 3);
  }
  return JSON.parse(JSON.stringify(slo.snapshot())) as Mutable<SloSnapshot>;
}

describe('SloSnapshot validation', () => {
  it('rejects times beyond what the bucket arithmetic holds (elapsedMs: 1e21) with a RangeError naming the field', () => {
    const good = daySnapshot();
    for (const elapsedMs of [1e21, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, 2 ** 53]) {
      expect(() => restore({ ...good, elapsedMs })).toThrow(RangeError);
      expect(() => restore({ ...good, elapsedMs })).toThrow(/^initialState\.elapsedMs must be/);
    }
    for (const takenAtMs of [1e21, Number.POSITIVE_INFINITY, -1e17, '0']) {
      expect(() => restore({ ...good, takenAtMs })).toThrow(RangeError);
      expect(() => restore({ ...good, takenAtMs })).toThrow(/^initialState\.takenAtMs must be/);
    }
  });

  it('accepts the latest time it allows, and the restored tracker keeps counting', () => {
    const good = daySnapshot();
    const limit = Math.floor(Number.MAX_SAFE_INTEGER / 2);
    expect(() => restore({ ...good, elapsedMs: limit + 1 })).toThrow(RangeError);
    const clock = manualClock(0, good.takenAtMs);
    const slo = new SloTracker({
      name: 'v',
      objective: 0.99,
      alerts: false,
      clock,
      initialState: { ...good, elapsedMs: limit },
    });
    const before = slo.budget().bad;
    for (let step = 0; step < 50; step++) {
      clock.time += 7 * HOUR;
      slo.record(false, 1);
      expect(slo.burnRate(HOUR)).toBe(100);
    }
    expect(slo.budget().bad).toBe(before + 50);
  });

  it('rejects counts that are not safe integers >= 0, or more good than total, with a TypeError naming the field path', () => {
    const good = daySnapshot();
    const withCount = (tier: number, bucket: number, field: 1 | 2, value: unknown) => {
      const copy = structuredClone(good);
      (copy.tiers[tier]!.buckets[bucket] as unknown[])[field] = value;
      return copy;
    };
    const cases: [unknown, RegExp][] = [
      [
        { ...good, totals: { good: 1e308, total: 1e308 } },
        /^initialState\.totals\.good must be a safe integer >= 0, got 1e\+308$/,
      ],
      [
        { ...good, totals: { good: 1, total: 2.5 } },
        /^initialState\.totals\.total must be a safe integer/,
      ],
      [
        { ...good, totals: { good: 2, total: 1 } },
        /^initialState\.totals\.good must be at most totals\.total \(1\), got 2$/,
      ],
      [
        withCount(2, 0, 1, 1e308),
        /^initialState\.tiers\[2\]\.buckets\[0\]\[1\] \(total\) must be a safe integer >= 0, got 1e\+308$/,
      ],
      [
        withCount(1, 3, 2, -1),
        /^initialState\.tiers\[1\]\.buckets\[3\]\[2\] \(bad\) must be a safe integer >= 0, got -1$/,
      ],
      [
        withCount(0, 0, 1, '90'),
        /^initialState\.tiers\[0\]\.buckets\[0\]\[1\] \(total\) must be a safe integer >= 0, got "90"$/,
      ],
      [
        withCount(0, 0, 2, 1_000),
        /^initialState\.tiers\[0\]\.buckets\[0\]\[2\] \(bad\) must be at most its total/,
      ],
    ];
    for (const [state, message] of cases) {
      expect(() => restore(state)).toThrow(TypeError);
      expect(() => restore(state)).toThrow(message);
    }
  });

  it('rejects tiers that contradict each other (sli(5 min) = 0 with sli(1 day) = 1), naming them', () => {
    const good = daySnapshot();
    // The last hour all bad while the last day, which contains it, holds no bad event at all.
    const allBad = structuredClone(good);
    allBad.tiers[0]!.buckets = allBad.tiers[0]!.buckets.map(([age, total]) => [age, total, total]);
    allBad.tiers[1]!.buckets = allBad.tiers[1]!.buckets.map(([age, total]) => [age, total, 0]);
    allBad.tiers[2]!.buckets = allBad.tiers[2]!.buckets.map(([age, total]) => [age, total, 0]);
    allBad.totals = { good: 0, total: good.totals.total };
    expect(() => restore(allBad)).toThrow(TypeError);
    expect(() => restore(allBad)).toThrow(
      /^initialState\.tiers\[0\] and initialState\.tiers\[1\] contradict each other: over the same time, initialState\.tiers\[0\] holds more bad/,
    );
    // The last day's newest bucket emptied, while the last hour holds events in it.
    const dayForgets = structuredClone(good);
    dayForgets.tiers[1]!.buckets = dayForgets.tiers[1]!.buckets.slice(1);
    expect(() => restore(dayForgets)).toThrow(/tiers\[0\] and initialState\.tiers\[1\] contradict/);
    // The period's last hour holds events the last day does not.
    const periodInvents = structuredClone(good);
    const [age, total, bad] = periodInvents.tiers[2]!.buckets[0]!;
    periodInvents.tiers[2]!.buckets[0] = [age, total + 1_000, bad];
    periodInvents.totals = { good: good.totals.good + 1_000, total: good.totals.total + 1_000 };
    expect(() => restore(periodInvents)).toThrow(
      /^initialState\.tiers\[1\] and initialState\.tiers\[2\] contradict each other: over the same time, initialState\.tiers\[2\] holds more/,
    );
    // Any tier holding more events than were ever recorded.
    const moreThanEver = structuredClone(good);
    moreThanEver.totals = { good: 0, total: 10 };
    expect(() => restore(moreThanEver)).toThrow(
      /^initialState\.tiers\[0\]\.buckets hold \d+ events, \d+ bad, more than the lifetime initialState\.totals/,
    );
  });

  it('names the other malformed fields, and restores as empty what a NaN wall clock or the arithmetic cannot age', () => {
    const good = daySnapshot();
    expect(() => restore({ ...good, name: 7 })).toThrow(
      /^initialState\.name must be a string, got 7$/,
    );
    // One bad event in the period's last hour, none in the last day.
    const moreBadInPeriod = structuredClone(good);
    for (const tier of moreBadInPeriod.tiers) {
      tier.buckets = tier.buckets.map(([age, total]) => [age, total, 0]);
    }
    const [age, total] = moreBadInPeriod.tiers[2]!.buckets[0]!;
    moreBadInPeriod.tiers[2]!.buckets[0] = [age, total, 1];
    expect(() => restore(moreBadInPeriod)).toThrow(/initialState\.tiers\[2\] holds more bad/);
    const nanWall = new SloTracker({
      name: 'v',
      objective: 0.99,
      alerts: false,
      clock: { now: () => 0, wallNow: () => Number.NaN, setTimer: () => () => undefined },
      initialState: good,
    });
    expect(nanWall.warnings).toEqual([expect.stringMatching(/wall time reads NaN/)]);
    expect(nanWall.budget().total).toBe(0);
    const limit = Math.floor(Number.MAX_SAFE_INTEGER / 2);
    const late = restore({ ...good, elapsedMs: limit, takenAtMs: 1_000_000 - HOUR });
    expect(late.warnings).toEqual([expect.stringMatching(/pass what the bucket arithmetic holds/)]);
    expect(late.totals()).toEqual(good.totals);
  });

  it('restores every snapshot the tracker takes, whatever its period and clock readings', () => {
    const step = fc.oneof(
      fc.record({ good: fc.boolean(), count: fc.integer({ min: 0, max: 1_000 }) }),
      fc.record({
        advance: fc.oneof(
          fc.double({ min: 0, max: 1e4, noNaN: true }),
          fc.double({ min: 0, max: 1e9, noNaN: true }),
        ),
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 1_000, max: 1e10 }),
          // Periods of 100 ms or more: the finest buckets (1/259 200 of the period) then keep every
          // reading below 1.1e12 ms within 2^53 buckets; beyond, the windows refuse the clock.
          fc.double({ min: 100, max: 1e10, noNaN: true }),
          fc.constantFrom(30 * DAY, 7 * DAY, 28 * DAY, HOUR),
        ),
        fc.double({ min: 0, max: 1e12, noNaN: true }),
        fc.array(step, { maxLength: 60 }),
        (windowMs, start, steps) => {
          const clock = manualClock(start, 1_000_000);
          const slo = new SloTracker({
            name: 'p',
            objective: 0.99,
            windowMs,
            alerts: false,
            clock,
          });
          for (const s of steps) {
            if ('advance' in s) clock.time += s.advance;
            else slo.record(s.good, s.count);
            if ('good' in s && s.count % 3 === 0) slo.sli(windowMs);
          }
          const snapshot = JSON.parse(JSON.stringify(slo.snapshot())) as SloSnapshot;
          const restored = new SloTracker({
            name: 'p',
            objective: 0.99,
            windowMs,
            alerts: false,
            clock: manualClock(0, snapshot.takenAtMs),
            initialState: snapshot,
          });
          expect(restored.budget()).toEqual(slo.budget());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects a snapshot with any one count corrupted, naming its path', () => {
    const good = daySnapshot();
    const bucketPaths = good.tiers.flatMap((tier, t) =>
      tier.buckets.map((_, b) => [t, b] as const),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...bucketPaths),
        fc.constantFrom(1 as const, 2 as const),
        fc.constantFrom<unknown>(
          -1,
          0.5,
          Number.NaN,
          2 ** 53,
          1e308,
          Number.POSITIVE_INFINITY,
          '1',
          null,
          10n,
        ),
        ([t, b], field, value) => {
          const copy = structuredClone(good);
          (copy.tiers[t]!.buckets[b] as unknown[])[field] = value;
          const path = `initialState.tiers[${t}].buckets[${b}][${field}]`;
          expect(() => restore(copy)).toThrow(TypeError);
          expect(() => restore(copy)).toThrow(path);
        },
      ),
    );
  });
});

describe('SloSnapshot validation messages', () => {
  it('names each malformed field with its exact message', () => {
    const good = daySnapshot();
    const withTier = (index: number, tier: unknown) => {
      const copy = structuredClone(good) as unknown as { tiers: unknown[] };
      copy.tiers[index] = tier;
      return copy;
    };
    const withBucket = (bucket: unknown) => {
      const copy = structuredClone(good);
      (copy.tiers[0]!.buckets as unknown[])[0] = bucket;
      return copy;
    };
    const cases: [unknown, ErrorConstructor, string][] = [
      ['abc', TypeError, 'initialState must be an SloSnapshot object, got "abc"'],
      [[good], TypeError, 'initialState must be an SloSnapshot object, got an array of 1'],
      [
        { ...good, takenAtMs: Number.NaN },
        RangeError,
        'initialState.takenAtMs must be a time in milliseconds since the Unix epoch, ' +
          'within ±8640000000000000, got NaN',
      ],
      [
        { ...good, takenAtMs: -8.64e15 - 1 },
        RangeError,
        'initialState.takenAtMs must be a time in milliseconds since the Unix epoch, ' +
          'within ±8640000000000000, got -8640000000000001',
      ],
      [
        { ...good, totals: null },
        TypeError,
        'initialState.totals must be { good, total }, got null',
      ],
      [{ ...good, totals: 5 }, TypeError, 'initialState.totals must be { good, total }, got 5'],
      [
        withTier(1, null),
        TypeError,
        'initialState.tiers[1] must be { bucketMs, buckets }, got null',
      ],
      [withTier(1, 5), TypeError, 'initialState.tiers[1] must be { bucketMs, buckets }, got 5'],
      [
        withBucket('abc'),
        TypeError,
        'initialState.tiers[0].buckets[0] must be [age, total, bad], got "abc"',
      ],
      [
        withBucket([0, 1]),
        TypeError,
        'initialState.tiers[0].buckets[0] must be [age, total, bad], got an array of 2',
      ],
      [
        withBucket([360, 1, 0]),
        TypeError,
        'initialState.tiers[0].buckets[0][0] (age) must be an integer from 0 to 359, greater ' +
          'than the age before it, got 360',
      ],
    ];
    for (const [state, type, message] of cases) {
      let thrown: unknown;
      try {
        restore(state);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, message).toBeInstanceOf(type);
      expect((thrown as Error).message).toBe(message);
    }
  });

  it('accepts a wall time at the very edge of what a Date holds, either side of the epoch', () => {
    const good = daySnapshot();
    for (const takenAtMs of [8.64e15, -8.64e15]) {
      expect(() => restore({ ...good, takenAtMs })).not.toThrow();
    }
  });
});

describe('SloSnapshot validation against the lifetime totals and the finest bucket', () => {
  it('rejects buckets holding more events, or more bad events, than the lifetime totals record', () => {
    const good = daySnapshot();
    // The last day (tiers[1]) holds every event of the day of traffic.
    const [events, bad] = good.tiers[1]!.buckets.reduce(
      ([t, b], [, total, badCount]) => [t + total, b + badCount],
      [0, 0],
    );
    expect(good.totals).toEqual({ good: events - bad, total: events });
    // As many events as the buckets hold, one bad event fewer.
    expect(() => restore({ ...good, totals: { good: events - bad + 1, total: events } })).toThrow(
      `initialState.tiers[1].buckets hold ${events} events, ${bad} bad, more than the lifetime ` +
        `initialState.totals (${events} events, ${bad - 1} bad)`,
    );
    // As many bad events as the buckets hold, one event fewer.
    expect(() =>
      restore({ ...good, totals: { good: events - bad - 1, total: events - 1 } }),
    ).toThrow(
      `initialState.tiers[1].buckets hold ${events} events, ${bad} bad, more than the lifetime ` +
        `initialState.totals (${events - 1} events, ${bad} bad)`,
    );
  });

  it('limits elapsedMs by the finest bucket when it is under 1 ms (a 1-s period)', () => {
    const slo = new SloTracker({
      name: 'v',
      objective: 0.99,
      windowMs: 1_000,
      alerts: false,
      clock: manualClock(0, 1_000_000),
    });
    const snapshot = slo.snapshot();
    const limit = Math.floor((Number.MAX_SAFE_INTEGER / 2) * (1_000 / 720 / 360));
    expect(() => restore({ ...snapshot, elapsedMs: limit + 1 }, 1_000)).toThrow(
      `initialState.elapsedMs must be a finite number in [0, ${limit}], got ${limit + 1}`,
    );
    expect(() => restore({ ...snapshot, elapsedMs: limit }, 1_000)).not.toThrow();
  });
});

describe('SloSnapshot validation of how the tiers nest', () => {
  const FINE = 10_000;
  const COARSE = 120_000;
  // Fine bucket 1211 (of 10 s) is the newest, so the finer tier (360 buckets) reaches back to fine
  // bucket 852, which is exactly where coarse bucket 71 (of 2 min) starts.
  const ELAPSED = 1_211 * FINE + 5_000;

  /** One good and one bad event every 10 s over the finer tier's whole reach, and no older. */
  function nestedSnapshot(): Mutable<SloSnapshot> {
    const clock = manualClock(0, 1_000_000);
    const slo = new SloTracker({ name: 'v', objective: 0.99, alerts: false, clock });
    for (let bucket = 852; bucket <= 1_211; bucket++) {
      clock.time = bucket * FINE;
      slo.record(true);
      slo.record(false);
    }
    clock.time = ELAPSED;
    const snapshot = JSON.parse(JSON.stringify(slo.snapshot())) as Mutable<SloSnapshot>;
    expect(snapshot.tiers[0]!.buckets).toHaveLength(360);
    expect(snapshot.tiers[0]!.buckets[359]).toEqual([359, 2, 1]);
    return snapshot;
  }

  /** Adds `total` events, `bad` of them bad, to the bucket of `age` in `tier`, and to the totals. */
  function add(snapshot: Mutable<SloSnapshot>, tier: number, age: number, total: number, bad = 0) {
    const buckets = snapshot.tiers[tier]!.buckets;
    const at = buckets.findIndex(([a]) => a === age);
    if (at === -1) buckets.push([age, total, bad]);
    else buckets[at] = [age, buckets[at]![1] + total, buckets[at]![2] + bad];
    buckets.sort((a, b) => a[0] - b[0]);
    snapshot.totals = {
      good: snapshot.totals.good + total - bad,
      total: snapshot.totals.total + total,
    };
  }

  const contradict = (what: string, more: number, less: number, slot: number, pair = [0, 1]) =>
    `initialState.tiers[${pair[0]}] and initialState.tiers[${pair[1]}] contradict each other: ` +
    `over the same time, ${what} (${more} events against ${less}, ` +
    `from ${slot} buckets of ${pair[1] === 1 ? COARSE : 3_600_000} ms back)`;

  it('loads the snapshot the tests below corrupt', () => {
    const snapshot = nestedSnapshot();
    expect(() => restore(snapshot, 30 * DAY, ELAPSED)).not.toThrow();
  });

  it('rejects good events in the finer tier that the coarser one lacks, in its newest bucket', () => {
    const snapshot = nestedSnapshot();
    add(snapshot, 0, 0, 1_000);
    // Coarse bucket 100 holds fine buckets 1200 to 1211: 24 events; 24 more in bucket 99.
    expect(() => restore(snapshot, 30 * DAY, ELAPSED)).toThrow(
      contradict('initialState.tiers[0] holds more', 1_024, 48, 0),
    );
  });

  it('rejects events in the coarser tier that the finer one lacks, in its newest bucket', () => {
    const snapshot = nestedSnapshot();
    add(snapshot, 1, 0, 1_000);
    snapshot.tiers[2]!.buckets[0]![1] += 1_000;
    expect(() => restore(snapshot, 30 * DAY, ELAPSED)).toThrow(
      contradict('initialState.tiers[1] holds more', 1_024, 48, 1),
    );
  });

  it('rejects an event in the finer tier’s oldest bucket that the coarser one lacks', () => {
    const more = nestedSnapshot();
    add(more, 0, 359, 1);
    expect(() => restore(more, 30 * DAY, ELAPSED)).toThrow(
      contradict('initialState.tiers[0] holds more', 721, 720, 29),
    );
    const moreBad = nestedSnapshot();
    moreBad.tiers[0]!.buckets[359] = [359, 2, 2];
    moreBad.totals = { good: moreBad.totals.good - 1, total: moreBad.totals.total };
    expect(() => restore(moreBad, 30 * DAY, ELAPSED)).toThrow(
      contradict('initialState.tiers[0] holds more bad', 361, 360, 29),
    );
  });

  it('rejects events in the coarser bucket just newer than the finer tier’s oldest, which the finer one lacks', () => {
    const snapshot = nestedSnapshot();
    // Coarse bucket 72 (age 28), within hour 2 (age 1 of the 1-h tier).
    add(snapshot, 1, 28, 30);
    snapshot.tiers[2]!.buckets = snapshot.tiers[2]!.buckets.map(([age, total, bad]) =>
      age === 1 ? [age, total + 30, bad] : [age, total, bad],
    );
    expect(() => restore(snapshot, 30 * DAY, ELAPSED)).toThrow(
      contradict('initialState.tiers[1] holds more', 726, 720, 29),
    );
  });
});
