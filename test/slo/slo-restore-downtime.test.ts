// A snapshot carries the wall time it was taken at; a restore ages its events by the downtime, so
// that an outage which ended before the restart is not replayed as if it were happening now.

import { afterEach, describe, expect, it } from 'vitest';
import { SloTracker, type ActiveAlert, type SloSnapshot } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NEW_YEAR = Date.UTC(2026, 0, 1);
const WINDOWS = [5 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, DAY, 3 * DAY, 30 * DAY];

const trackers: SloTracker[] = [];
function tracker(clock: VirtualClock, initialState?: SloSnapshot): SloTracker {
  const slo = new SloTracker({
    name: 'checkout',
    objective: 0.999,
    clock,
    ...(initialState && { initialState }),
  });
  trackers.push(slo);
  return slo;
}
afterEach(() => {
  for (const slo of trackers.splice(0)) slo.close();
});

/** Two clean hours, then 3 minutes of 100 % errors: the process stops mid-outage, paging. */
async function shutDownMidOutage() {
  const clock = new VirtualClock(0, { wallStartMs: NEW_YEAR });
  const slo = tracker(clock);
  for (let minute = 0; minute < 120; minute++) {
    await clock.advance(MINUTE);
    slo.record(true, 1_000);
  }
  for (let minute = 0; minute < 3; minute++) {
    await clock.advance(MINUTE);
    slo.record(false, 1_000);
  }
  expect(slo.activeAlerts().map((a) => a.alert.severity)).toEqual(['page']);
  const snapshot = JSON.parse(JSON.stringify(slo.snapshot())) as SloSnapshot;
  expect(snapshot.takenAtMs).toBe(NEW_YEAR + 123 * MINUTE);
  return { original: slo, clock, snapshot };
}

/** A new process, `downtimeMs` of wall time after the snapshot, with its own monotonic clock. */
async function restart(snapshot: SloSnapshot, downtimeMs: number) {
  const clock = new VirtualClock(5_000, { wallStartMs: snapshot.takenAtMs! + downtimeMs });
  const slo = tracker(clock, snapshot);
  const starts: ActiveAlert[] = [];
  slo.events.on('alertStart', (alert) => starts.push(alert));
  await clock.advance(0);
  return { slo, clock, starts };
}

const reads = (slo: SloTracker) => ({
  burnRates: WINDOWS.map((w) => slo.burnRate(w)),
  slis: WINDOWS.map((w) => slo.sli(w)),
  budget: slo.budget(),
  totals: slo.totals(),
});

describe('restoring a snapshot after downtime', () => {
  it('two days after a shutdown mid-outage, does not replay the outage: burnRate(5 min) is 0 and no alert starts', async () => {
    const { snapshot } = await shutDownMidOutage();
    const { slo, starts, clock } = await restart(snapshot, 2 * DAY);
    expect(slo.burnRate(5 * MINUTE)).toBe(0);
    expect(slo.burnRate(6 * HOUR)).toBe(0);
    await clock.advance(10 * MINUTE);
    expect(starts).toEqual([]);
    expect(slo.activeAlerts()).toEqual([]);
    expect(slo.warnings).toEqual([]);
    // Still in the 30-day period: the budget remembers what the outage spent.
    expect(slo.budget()).toMatchObject({ total: 123_000, bad: 3_000 });
    expect(slo.totals()).toEqual({ good: 120_000, total: 123_000 });
  });

  it('2 minutes after a shutdown mid-outage, still sees the outage, and pages', async () => {
    const { snapshot } = await shutDownMidOutage();
    const { slo, starts } = await restart(snapshot, 2 * MINUTE);
    expect(slo.burnRate(5 * MINUTE)).toBe(1_000);
    expect(starts.map((a) => a.alert.severity)).toEqual(['page']);
  });

  it('10 minutes after, keeps in each window only what still falls inside it, as a process left running would', async () => {
    const { original, clock, snapshot } = await shutDownMidOutage();
    const { slo } = await restart(snapshot, 10 * MINUTE);
    await clock.advance(10 * MINUTE);
    expect(reads(slo)).toEqual(reads(original));
    expect(slo.burnRate(5 * MINUTE)).toBe(0);
    // The last hour: 47 clean minutes and the 3 of the outage, 6 % errors.
    expect(slo.burnRate(HOUR)).toBeCloseTo(60, 9);
  });

  it('past the whole period, restores no events but keeps the lifetime totals', async () => {
    const { snapshot } = await shutDownMidOutage();
    const { slo } = await restart(snapshot, 31 * DAY);
    expect(slo.budget()).toMatchObject({ total: 0, bad: 0 });
    expect(slo.totals()).toEqual({ good: 120_000, total: 123_000 });
    expect(slo.warnings).toEqual([]);
  });

  it('from the future (the wall clock reads earlier than the snapshot), restores as empty with a warning', async () => {
    const { snapshot } = await shutDownMidOutage();
    const { slo, starts } = await restart(snapshot, -HOUR);
    expect(slo.warnings).toEqual([
      expect.stringMatching(/^initialState was taken 3600000 ms after now by the wall clock/),
    ]);
    expect(reads(slo).burnRates).toEqual(WINDOWS.map(() => 0));
    expect(slo.budget().total).toBe(0);
    expect(slo.totals()).toEqual({ good: 120_000, total: 123_000 });
    expect(starts).toEqual([]);
  });

  it('of the first format, which has no wall time and so cannot be aged, restores as empty with a warning', async () => {
    const { snapshot } = await shutDownMidOutage();
    const rest: { -readonly [K in keyof SloSnapshot]?: SloSnapshot[K] } = { ...snapshot };
    delete rest.takenAtMs;
    const old = { ...rest, version: 1 } as unknown as SloSnapshot;
    const clock = new VirtualClock(0, { wallStartMs: snapshot.takenAtMs! + MINUTE });
    const slo = tracker(clock, old);
    const starts: ActiveAlert[] = [];
    slo.events.on('alertStart', (alert) => starts.push(alert));
    await clock.advance(0);
    expect(slo.warnings).toEqual([
      expect.stringMatching(
        /^initialState does not record when it was taken \(a version-1 snapshot/,
      ),
    ]);
    expect(slo.budget().total).toBe(0);
    expect(slo.totals()).toEqual({ good: 120_000, total: 123_000 });
    expect(starts).toEqual([]);
    // Version 2 without the wall time (taken on a clock that had none) restores the same way; a
    // wall time that is there must be one.
    const unknown = tracker(new VirtualClock(), { ...rest, version: 2 } as unknown as SloSnapshot);
    expect(unknown.warnings).toHaveLength(1);
    expect(() =>
      tracker(new VirtualClock(), { ...rest, version: 2, takenAtMs: null } as never),
    ).toThrow(/initialState\.takenAtMs must be a time in milliseconds since the Unix epoch/);
  });

  it('reads the wall time from a clock without wallNow() as Date.now()', () => {
    const clock = { now: () => 0, setTimer: () => () => undefined };
    const slo = new SloTracker({ name: 'plain', objective: 0.9, clock });
    const before = Date.now();
    const { takenAtMs } = slo.snapshot();
    expect(takenAtMs).toBeGreaterThanOrEqual(before);
    expect(takenAtMs).toBeLessThanOrEqual(Date.now());
  });
});

describe('a snapshot taken on a clock whose wall time is unknown', () => {
  it('leaves takenAtMs out, and restores as empty with a warning instead of failing', () => {
    const virtual = new VirtualClock();
    const broken = {
      now: () => virtual.now(),
      setTimer: virtual.setTimer.bind(virtual),
      wallNow: (): number => {
        throw new Error('no wall clock here');
      },
    };
    const slo = new SloTracker({ name: 'x', objective: 0.99, clock: broken });
    slo.record(false);
    const snapshot = JSON.parse(JSON.stringify(slo.snapshot())) as SloSnapshot;
    slo.close();
    expect(snapshot).not.toHaveProperty('takenAtMs');
    const restored = new SloTracker({
      name: 'x',
      objective: 0.99,
      clock: new VirtualClock(0, { wallStartMs: 5 }),
      initialState: snapshot,
    });
    expect(restored.totals()).toEqual({ good: 0, total: 1 });
    expect(restored.sli()).toBe(1);
    expect(restored.warnings).toEqual([
      expect.stringMatching(/^initialState does not record when it was taken/),
    ]);
    restored.close();
  });
});

describe('the warning of a snapshot that cannot be aged', () => {
  it('says in full why the tracker starts empty, for each cause', async () => {
    const { snapshot } = await shutDownMidOutage();
    const rest: { -readonly [K in keyof SloSnapshot]?: SloSnapshot[K] } = { ...snapshot };
    delete rest.takenAtMs;
    const noWallTime = tracker(new VirtualClock(), rest as SloSnapshot);
    expect(noWallTime.warnings).toEqual([
      'initialState does not record when it was taken (a version-1 snapshot, or one taken on a ' +
        'clock with no wall time): its events cannot be aged by the time since, so the tracker ' +
        'starts empty (lifetime totals kept)',
    ]);
    const nanWall = new SloTracker({
      name: 'checkout',
      objective: 0.999,
      clock: { now: () => 0, wallNow: () => Number.NaN, setTimer: () => () => undefined },
      initialState: snapshot,
    });
    expect(nanWall.warnings).toEqual([
      "initialState cannot be aged: the clock's wall time reads NaN, so the tracker starts " +
        'empty (lifetime totals kept)',
    ]);
    nanWall.close();
    const { slo: fromTheFuture } = await restart(snapshot, -HOUR);
    expect(fromTheFuture.warnings).toEqual([
      'initialState was taken 3600000 ms after now by the wall clock (a clock set back, or ' +
        "another host's snapshot), so its events cannot be aged: the tracker starts empty " +
        '(lifetime totals kept)',
    ]);
  });
});
