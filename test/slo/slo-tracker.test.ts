import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Observer } from '../../src/policy/index.js';
import { SloTracker, type SloBudget } from '../../src/slo/index.js';
import type { Clock } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { ReferenceSlo, manualClock, tiersOf } from './reference-model.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 7.2 hours: tiers of 100 ms over 36 s, 1.2 s over 14.4 min and 36 s over the period. */
const PERIOD = 25_920_000;
/** Tiers that fit the short period, so that evaluations run alongside the reads. */
const alerts = [
  { severity: 'page', burnRate: 14.4, longWindowMs: HOUR, shortWindowMs: 300_000 },
  { severity: 'ticket', burnRate: 3, longWindowMs: 6 * HOUR, shortWindowMs: 1_800_000 },
] as const;

const step = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      good: fc.boolean(),
      count: fc.integer({ min: 0, max: 5 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: PERIOD / 2 }),
      ),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('read' as const),
      windowMs: fc.oneof(
        fc.integer({ min: 1, max: PERIOD }),
        fc.constantFrom(
          ...tiersOf(PERIOD).flatMap((t) => [
            t.coversMs,
            Math.min(PERIOD, t.coversMs + 1),
            t.bucketMs,
          ]),
        ),
      ),
    }),
    weight: 2,
  },
);

describe('SloTracker reads', () => {
  it('agree with a list of timestamped events for any sequence and window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.constantFrom(0.999, 0.99, 0.9, 0.5, 0.9995),
        fc.array(step, { maxLength: 60 }),
        (start, objective, steps) => {
          const clock = manualClock(start);
          const slo = new SloTracker({ name: 'p', objective, windowMs: PERIOD, alerts, clock });
          const model = new ReferenceSlo(PERIOD, Number((1 - objective).toFixed(4)));
          const at = () => clock.time - start;
          for (const s of steps) {
            if (s.kind === 'record') {
              slo.record(s.good, s.count);
              model.record(at(), s.good, s.count);
            } else if (s.kind === 'advance') {
              clock.time += s.ms;
            } else {
              expect(slo.sli(s.windowMs)).toBe(model.sli(s.windowMs, at()));
              expect(slo.burnRate(s.windowMs)).toBe(model.burnRate(s.windowMs, at()));
            }
          }
          expect(slo.budget()).toEqual(model.budget(at()));
          expect(slo.sli()).toBe(model.sli(PERIOD, at()));
          const { good, total } = slo.totals();
          expect(total).toBe(model.events.reduce((sum, e) => sum + e.total, 0));
          expect(good).toBe(model.events.reduce((sum, e) => sum + e.total - e.bad, 0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cover at least the last window minus a bucket and at most the window plus a bucket', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ advance: fc.integer({ min: 0, max: 400_000 }), good: fc.boolean() }), {
          maxLength: 80,
        }),
        fc.integer({ min: 1, max: PERIOD }),
        (events, windowMs) => {
          const clock = manualClock();
          const slo = new SloTracker({
            name: 'p',
            objective: 0.99,
            windowMs: PERIOD,
            alerts,
            clock,
          });
          const model = new ReferenceSlo(PERIOD, 0.01);
          for (const e of events) {
            clock.time += e.advance;
            slo.record(e.good);
            model.record(clock.time, e.good, 1);
          }
          const bucketMs = tiersOf(PERIOD).find((t) => windowMs <= t.coversMs)!.bucketMs;
          // The model's bucket rule keeps the documented promise...
          const read = model.counts(windowMs, clock.time);
          expect(read.total).toBeGreaterThanOrEqual(
            model.exact(windowMs - bucketMs, clock.time).total,
          );
          expect(read.total).toBeLessThanOrEqual(
            model.exact(windowMs + bucketMs, clock.time).total,
          );
          // ...and the tracker follows the model.
          expect(slo.sli(windowMs)).toBe(model.sli(windowMs, clock.time));
          expect(slo.burnRate(windowMs)).toBe(model.burnRate(windowMs, clock.time));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads a window as long as a tier from that tier, the finest that covers it', () => {
    const clock = manualClock();
    const slo = new SloTracker({ name: 'edge', objective: 0.9, windowMs: PERIOD, alerts, clock });
    clock.time = 1_300;
    slo.record(false);
    clock.time = 37_250;
    // 36 s is the fine tier's span: its 100-ms buckets still hold the event 35.95 s ago; thirty
    // 1.2-s buckets of the next tier would have let it go.
    expect(slo.sli(36_000)).toBe(0);
  });

  it('reads 1 and 0 with no events, and a full budget', () => {
    const slo = new SloTracker({ name: 'empty', objective: 0.999, clock: manualClock() });
    expect(slo.sli()).toBe(1);
    expect(slo.sli(HOUR)).toBe(1);
    expect(slo.burnRate(HOUR)).toBe(0);
    expect(slo.budget()).toEqual<SloBudget>({
      total: 0,
      good: 0,
      bad: 0,
      allowedBad: 0,
      consumed: 0,
      remaining: 1,
      exhaustionMs: undefined,
    });
    expect(slo.activeAlerts()).toEqual([]);
    expect(slo.totals()).toEqual({ good: 0, total: 0 });
    expect(slo.warnings).toEqual([]);
    expect(slo.windowMs).toBe(30 * DAY);
    expect(slo.alerts).toHaveLength(4);
  });

  it('forgets events once they leave the period but keeps lifetime totals', () => {
    const clock = manualClock();
    const slo = new SloTracker({ name: 'p', objective: 0.9, windowMs: PERIOD, alerts, clock });
    slo.record(false, 3);
    slo.record(true, 7);
    expect(slo.sli()).toBeCloseTo(0.7, 12);
    clock.time += PERIOD + 1;
    expect(slo.sli()).toBe(1);
    expect(slo.totals()).toEqual({ good: 7, total: 10 });
  });

  it('estimates when the budget runs out at the last hour burn rate', () => {
    const clock = manualClock();
    const slo = new SloTracker({ name: 'e', objective: 0.99, windowMs: 10 * DAY, clock });
    slo.record(true, 980);
    slo.record(false, 20);
    // Burn rate 2 over the last hour; half of the budget spent.
    const budget = slo.budget();
    expect(budget.consumed).toBeCloseTo(2, 12);
    expect(budget.exhaustionMs).toBe(0);
    slo.record(true, 3_000);
    const later = slo.budget();
    expect(later.consumed).toBeCloseTo(0.5, 12);
    expect(later.remaining).toBeCloseTo(0.5, 12);
    expect(later.exhaustionMs).toBeCloseTo((0.5 * 10 * DAY) / 0.5, 0);
  });

  it('reports an overspent budget as exhausted even after a clean hour', async () => {
    const clock = new VirtualClock();
    const slo = new SloTracker({ name: 'spent', objective: 0.99, windowMs: 10 * DAY, clock });
    slo.record(false, 50);
    slo.record(true, 50);
    await clock.advance(HOUR);
    slo.record(true, 10);
    expect(slo.burnRate(HOUR)).toBe(0);
    expect(slo.budget().remaining).toBeLessThan(0);
    expect(slo.budget().exhaustionMs).toBe(0);
    slo.close();
  });

  it('keeps one housekeeping timer when a listener records during housekeeping', async () => {
    const clock = new VirtualClock();
    const slo = new SloTracker({
      name: 'hk',
      objective: 0.9,
      windowMs: HOUR,
      alerts: [{ severity: 'page', burnRate: 5, longWindowMs: 60_000, shortWindowMs: 10_000 }],
      clock,
    });
    slo.events.on('alertEnd', () => slo.record(true));
    slo.record(false, 10);
    expect(slo.activeAlerts()).toHaveLength(1);
    // No traffic: the housekeeping timer ends the alert, and its listener records.
    await clock.advance(2 * 60_000);
    expect(slo.activeAlerts()).toHaveLength(0);
    expect(clock.pendingTimers).toBe(1);
    slo.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('counts latency: recordCall is good only when ok and within the threshold', () => {
    const slo = new SloTracker({
      name: 'latency',
      objective: 0.9,
      latencyThresholdMs: 100,
      clock: manualClock(),
    });
    slo.recordCall(100, true);
    slo.recordCall(101, true);
    slo.recordCall(5, false);
    slo.recordCall(0, true);
    expect(slo.totals()).toEqual({ good: 2, total: 4 });
    const any = new SloTracker({ name: 'any', objective: 0.9, clock: manualClock() });
    any.recordCall(1e9, true);
    expect(any.totals()).toEqual({ good: 1, total: 1 });
  });

  it('exposes its settings and typed events', () => {
    const slo = new SloTracker({ name: 'typed', objective: 0.995, clock: new VirtualClock() });
    expect(slo.name).toBe('typed');
    expect(slo.objective).toBe(0.995);
    expectTypeOf(slo.observe(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(slo.observe(async () => 'x')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(slo.budget().exhaustionMs).toEqualTypeOf<number | undefined>();
    // It fits ballast/policy's observe(), which turns it into a policy.
    expectTypeOf(slo).toExtend<Observer>();
    slo.close();
  });
});

describe('SloTracker timers and budget edges', () => {
  const MINUTE = 60_000;
  /** A tier that fires at 20 % errors (objective 0.9) over 10 min and 2 min. */
  const tenMinutes = [
    { severity: 'page', burnRate: 2, longWindowMs: 10 * MINUTE, shortWindowMs: 2 * MINUTE },
  ] as const;

  it('keeps housekeeping running while the period holds events, so an alert starts as good events age out', async () => {
    const clock = new VirtualClock();
    const slo = new SloTracker({
      name: 'aging',
      objective: 0.9,
      windowMs: HOUR,
      alerts: tenMinutes,
      clock,
    });
    const started: number[] = [];
    slo.events.on('alertStart', () => started.push(clock.now()));
    slo.record(true, 100); // keeps the period's budget far from spent
    await clock.advance(20 * MINUTE);
    slo.record(true, 9);
    await clock.advance(9 * MINUTE);
    slo.record(false, 1); // 10 % over the long window: not yet
    expect(slo.activeAlerts()).toEqual([]);
    // No more traffic: once the 9 good events leave the long window, only the bad one is left.
    await clock.advance(5 * MINUTE);
    expect(started).toHaveLength(1);
    expect(started[0]).toBeGreaterThanOrEqual(30 * MINUTE);
    expect(started[0]).toBeLessThanOrEqual(31 * MINUTE);
    slo.close();
  });

  it('unrefs every timer it sets, so that it never keeps a process alive', async () => {
    const clock = new VirtualClock(0, { wallStartMs: 1_000 });
    const timers: { delayMs: number; unref: boolean | undefined }[] = [];
    const spy: Clock = {
      now: () => clock.now(),
      wallNow: () => clock.wallNow(),
      setTimer: (delayMs, callback, options) => {
        timers.push({ delayMs, unref: options?.unref });
        return clock.setTimer(delayMs, callback, options);
      },
    };
    const slo = new SloTracker({ name: 'u', objective: 0.9, alerts: false, clock: spy });
    slo.record(false); // evaluates now, arms housekeeping
    slo.record(true); // within the second: a catch-up timer
    const restored = new SloTracker({
      name: 'u',
      objective: 0.9,
      alerts: false,
      clock: spy,
      initialState: slo.snapshot(),
    }); // a catch-up on the next turn, and housekeeping
    expect(timers).toHaveLength(4);
    expect(timers.map((t) => t.unref)).toEqual([true, true, true, true]);
    slo.close();
    restored.close();
  });

  it('reports a budget spent to exactly 0 as running out now, even after a quiet hour', () => {
    const clock = manualClock();
    const slo = new SloTracker({ name: 'zero', objective: 0.9, windowMs: 10 * DAY, clock });
    slo.record(true, 9);
    slo.record(false, 1);
    clock.time += 2 * HOUR;
    expect(slo.burnRate(HOUR)).toBe(0);
    expect(slo.budget()).toMatchObject({ remaining: 0, exhaustionMs: 0 });
  });

  it('restores a snapshot aged to exactly the latest tracker time, and starts empty one ms past it', () => {
    const max = Math.floor(Number.MAX_SAFE_INTEGER / 2);
    const source = new SloTracker({
      name: 'far',
      objective: 0.9,
      alerts: false,
      clock: manualClock(),
    });
    source.record(true, 3);
    const snapshot = { ...source.snapshot(), elapsedMs: max - 1_000, takenAtMs: 0 };
    source.close();
    const restore = (wallMs: number) =>
      new SloTracker({
        name: 'far',
        objective: 0.9,
        alerts: false,
        clock: new VirtualClock(0, { wallStartMs: wallMs }),
        initialState: snapshot,
      });
    const exact = restore(1_000);
    expect(exact.warnings).toEqual([]);
    exact.close();
    const past = restore(1_001);
    expect(past.warnings).toEqual([
      `initialState was taken 1001 ms ago, at tracker time ${max - 1_000}: together they pass ` +
        'what the bucket arithmetic holds, so the tracker starts empty (lifetime totals kept)',
    ]);
    expect(past.totals()).toEqual({ good: 3, total: 3 });
    expect(past.sli()).toBe(1);
    past.close();
  });
});

describe('SloTracker catch-up timer', () => {
  it('keeps one catch-up timer however many events arrive within the second, and close() cancels it', async () => {
    const clock = new VirtualClock();
    const slo = new SloTracker({ name: 'c', objective: 0.9, windowMs: PERIOD, alerts, clock });
    slo.record(false); // evaluates now, arms housekeeping
    slo.record(true);
    slo.record(true);
    slo.record(true);
    expect(clock.pendingTimers).toBe(2);
    slo.close();
    expect(clock.pendingTimers).toBe(0);
  });
});
