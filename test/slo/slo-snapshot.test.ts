import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SloTracker, type SloSnapshot } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { manualClock } from './reference-model.js';

const HOUR = 3_600_000;
/** 7.2 hours, so that histories cross every tier quickly. */
const PERIOD = 25_920_000;
const alerts = [
  { severity: 'page', burnRate: 10, longWindowMs: HOUR, shortWindowMs: 300_000 },
] as const;

const action = fc.oneof(
  fc.record({ good: fc.boolean(), count: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ advance: fc.integer({ min: 0, max: PERIOD / 4 }) }),
);
type Action = { good: boolean; count: number } | { advance: number };

function apply(slo: SloTracker, clock: { time: number }, actions: readonly Action[]): void {
  for (const a of actions) {
    if ('advance' in a) clock.time += a.advance;
    else slo.record(a.good, a.count);
  }
}

const WINDOWS = [1_000, 36_000, 300_000, HOUR, 6 * HOUR, PERIOD];

function reads(slo: SloTracker) {
  return {
    sli: WINDOWS.map((w) => slo.sli(w)),
    burn: WINDOWS.map((w) => slo.burnRate(w)),
    budget: slo.budget(),
    totals: slo.totals(),
  };
}

describe('SloTracker snapshots', () => {
  it('restore to the reads the tracker would have after running on through the downtime, in any process', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.oneof(
          fc.constant(0),
          fc.integer({ min: 0, max: 600_000 }),
          fc.integer({ min: 0, max: 2 * PERIOD }),
        ),
        fc.array(action, { maxLength: 30 }),
        fc.array(action, { maxLength: 15 }),
        (start, elsewhere, downtime, before, after) => {
          const clock = manualClock(start, 1_700_000_000_000);
          const options = { name: 's', objective: 0.99, windowMs: PERIOD, alerts } as const;
          const original = new SloTracker({ ...options, clock });
          apply(original, clock, before);
          // Through JSON, as a file would carry it, into a clock with another reading, whose wall
          // time is `downtime` later.
          const snapshot = JSON.parse(JSON.stringify(original.snapshot())) as SloSnapshot;
          const otherClock = manualClock(elsewhere, snapshot.takenAtMs! + downtime);
          const restored = new SloTracker({
            ...options,
            clock: otherClock,
            initialState: snapshot,
          });
          expect(restored.warnings).toEqual([]);
          clock.time += downtime;
          expect(reads(restored)).toEqual(reads(original));
          apply(original, clock, after);
          apply(restored, otherClock, after);
          expect(reads(restored)).toEqual(reads(original));
          expect(restored.snapshot()).toEqual(original.snapshot());
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is small, plain JSON: only non-empty buckets, with ages relative to the snapshot', () => {
    const clock = manualClock(123_456);
    const slo = new SloTracker({ name: 'json', objective: 0.999, clock });
    slo.record(true, 5);
    clock.time += 20_000;
    slo.record(false, 2);
    const snapshot = slo.snapshot();
    expect(snapshot).toEqual<SloSnapshot>({
      version: 3,
      name: 'json',
      windowMs: 30 * 24 * HOUR,
      elapsedMs: 20_000,
      takenAtMs: 143_456,
      totals: { good: 5, total: 7 },
      tiers: [
        {
          bucketMs: 10_000,
          buckets: [
            [0, 2, 2],
            [2, 5, 0],
          ],
        },
        { bucketMs: 120_000, buckets: [[0, 7, 2]] },
        { bucketMs: HOUR, buckets: [[0, 7, 2]] },
      ],
    });
    slo.close();
  });

  it('re-evaluates on the next turn, so listeners added after construction hear the alerts', async () => {
    const clock = new VirtualClock();
    const original = new SloTracker({ name: 'a', objective: 0.9, windowMs: PERIOD, alerts, clock });
    original.record(false, 50);
    expect(original.activeAlerts()).toHaveLength(1);
    const initialState = original.snapshot();
    original.close();
    const restored = new SloTracker({
      name: 'a',
      objective: 0.9,
      windowMs: PERIOD,
      alerts,
      clock,
      initialState,
    });
    const started: number[] = [];
    restored.events.on('alertStart', (alert) => started.push(alert.longBurnRate));
    const exhausted: number[] = [];
    restored.events.on('budgetExhausted', ({ budget }) => exhausted.push(budget.remaining));
    expect(restored.activeAlerts()).toEqual([]);
    await clock.advance(0);
    expect(started).toEqual([10]);
    expect(exhausted).toEqual([-9]);
    expect(restored.activeAlerts()).toHaveLength(1);
    restored.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects a state it cannot load, naming the field', () => {
    const clock = manualClock();
    const base = new SloTracker({ name: 'v', objective: 0.99, windowMs: PERIOD, alerts, clock });
    base.record(true, 3);
    base.record(false, 1);
    const good = base.snapshot();
    const tier0 = good.tiers[0]!;
    const withTier = (buckets: unknown) =>
      ({ ...good, tiers: [{ ...tier0, buckets }, ...good.tiers.slice(1)] }) as unknown;
    const cases: [unknown, RegExp][] = [
      [null, /initialState must not be null/],
      ['{}', /initialState must be an SloSnapshot object/],
      [{ ...good, version: 4 }, /initialState\.version must be 3 \(or 2, .*\), got 4/],
      [{ ...good, windowMs: HOUR }, /initialState\.windowMs must equal windowMs \(25920000\)/],
      [{ ...good, elapsedMs: -1 }, /initialState\.elapsedMs must be a finite number in \[0, /],
      [{ ...good, elapsedMs: Number.NaN }, /initialState\.elapsedMs/],
      [{ ...good, totals: { good: 5, total: 4 } }, /initialState\.totals\.good must be at most/],
      [{ ...good, totals: null }, /initialState\.totals must be/],
      [{ ...good, tiers: good.tiers.slice(1) }, /initialState\.tiers must be an array of 3/],
      [{ ...good, tiers: 'x' }, /initialState\.tiers must be an array of 3/],
      [
        { ...good, tiers: [{ ...tier0, bucketMs: 1 }, ...good.tiers.slice(1)] },
        /initialState\.tiers\[0\]\.bucketMs must be 100, got 1/,
      ],
      [
        { ...good, tiers: [null, ...good.tiers.slice(1)] },
        /initialState\.tiers\[0\] must be \{ bucketMs, buckets \}/,
      ],
      [withTier('x'), /initialState\.tiers\[0\]\.buckets must be an array/],
      [
        withTier([[0, 1, 2]]),
        /initialState\.tiers\[0\]\.buckets\[0\]\[2\] \(bad\) must be at most/,
      ],
      [withTier([[0, -1, 0]]), /buckets\[0\]/],
      [withTier([[360, 1, 0]]), /buckets\[0\]/],
      [withTier([[0.5, 1, 0]]), /buckets\[0\]/],
      [
        withTier([
          [1, 1, 0],
          [1, 1, 0],
        ]),
        /buckets\[1\]/,
      ],
      [withTier(['x']), /buckets\[0\]/],
    ];
    for (const [initialState, message] of cases) {
      expect(
        () =>
          new SloTracker({
            name: 'v',
            objective: 0.99,
            windowMs: PERIOD,
            alerts,
            clock,
            initialState: initialState as SloSnapshot,
          }),
      ).toThrow(message);
    }
  });
});

describe('SloTracker snapshots at a bucket boundary the division rounds', () => {
  it('restores an event the finer tier files one coarser bucket earlier than the coarser tier does', () => {
    // For 7 days, 140 000 ms is 60 finer buckets of 2333.33 ms, but the division reads 59.99...:
    // the event lands in finer bucket 59 (coarser bucket 4 by the finer tier's count) and in
    // coarser bucket 5.
    const windowMs = 7 * 24 * HOUR;
    const finer = windowMs / 720 / 360;
    expect(Math.floor(140_000 / finer)).toBe(59);
    expect(Math.floor(140_000 / (finer * 12))).toBe(5);
    const clock = manualClock(0, 1_000_000);
    const slo = new SloTracker({ name: 'edge', objective: 0.99, windowMs, alerts: false, clock });
    clock.time = 140_000;
    slo.record(false, 3);
    const snapshot = JSON.parse(JSON.stringify(slo.snapshot())) as SloSnapshot;
    const restored = new SloTracker({
      name: 'edge',
      objective: 0.99,
      windowMs,
      alerts: false,
      clock: manualClock(0, snapshot.takenAtMs),
      initialState: snapshot,
    });
    expect(restored.warnings).toEqual([]);
    expect(restored.budget()).toEqual(slo.budget());
    expect(restored.budget().bad).toBe(3);
  });
});
