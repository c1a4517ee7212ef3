import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SloTracker,
  defaultBurnRateAlerts,
  type ActiveAlert,
  type SloBudgetEvent,
  type SloOptions,
} from '../../src/slo/index.js';
import type { Clock } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const [fastPage, slowPage, fastTicket] = defaultBurnRateAlerts as [
  (typeof defaultBurnRateAlerts)[0],
  (typeof defaultBurnRateAlerts)[0],
  (typeof defaultBurnRateAlerts)[0],
];

const trackers: SloTracker[] = [];
function track(options: SloOptions): SloTracker {
  const slo = new SloTracker(options);
  trackers.push(slo);
  return slo;
}
afterEach(() => {
  for (const slo of trackers.splice(0)) slo.close();
});

/** Every alert event, with the clock time it was emitted at. */
function recordEvents(slo: SloTracker, clock: VirtualClock, budget = false) {
  const log: { event: string; at: number; alert?: ActiveAlert; budget?: SloBudgetEvent }[] = [];
  slo.events.on('alertStart', (alert) => log.push({ event: 'start', at: clock.now(), alert }));
  slo.events.on('alertEnd', (alert) => log.push({ event: 'end', at: clock.now(), alert }));
  slo.events.on('alertUpdate', (alert) => log.push({ event: 'update', at: clock.now(), alert }));
  if (!budget) return log;
  slo.events.on('budgetExhausted', (payload) =>
    log.push({ event: 'exhausted', at: clock.now(), budget: payload }),
  );
  slo.events.on('budgetRecovered', (payload) =>
    log.push({ event: 'recovered', at: clock.now(), budget: payload }),
  );
  return log;
}

/** `steps` batches of `good` good and `bad` bad events, one every `everyMs`, after each advance. */
async function traffic(
  slo: SloTracker,
  clock: VirtualClock,
  steps: number,
  everyMs: number,
  good: number,
  bad: number,
): Promise<void> {
  for (let i = 0; i < steps; i++) {
    await clock.advance(everyMs);
    slo.record(true, good);
    if (bad > 0) slo.record(false, bad);
  }
}

describe('the SRE Workbook example', () => {
  it('1.44 % errors for an hour of a 99.9 % SLO burns at 14.4, spends 2 % and pages', async () => {
    const clock = new VirtualClock();
    const slo = track({ name: 'workbook', objective: 0.999, clock });
    const log = recordEvents(slo, clock);
    // Steady traffic for the whole 30 days: 3.6 million events an hour, recorded hourly for the
    // first 719 hours, then in 10-s batches of 10 000 for the last hour, 144 of them bad (1.44 %).
    await traffic(slo, clock, 719, HOUR, 3_600_000, 0);
    expect(log).toEqual([]);
    await traffic(slo, clock, 359, 10 * SECOND, 10_000 - 144, 144);
    expect(slo.activeAlerts()).toEqual([]);
    await traffic(slo, clock, 1, 10 * SECOND, 10_000 - 144, 144);

    expect(clock.now()).toBe(30 * DAY);
    expect(slo.burnRate(HOUR)).toBeCloseTo(14.4, 9);
    expect(slo.burnRate(5 * MINUTE)).toBeCloseTo(14.4, 9);
    const budget = slo.budget();
    expect(budget.total).toBe(720 * 3_600_000);
    expect(budget.bad).toBe(360 * 144);
    expect(budget.consumed).toBeCloseTo(0.02, 12);
    expect(budget.remaining).toBeCloseTo(0.98, 12);
    // At 14.4x the 98 % left lasts 0.98 * 30 days / 14.4 = 49 hours.
    expect(budget.exhaustionMs).toBeCloseTo(49 * HOUR, -1);

    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ event: 'start', at: 30 * DAY });
    expect(log[0]!.alert).toEqual<ActiveAlert>({
      slo: 'workbook',
      alert: fastPage,
      since: 30 * DAY,
      longBurnRate: expect.closeTo(14.4, 9) as number,
      shortBurnRate: expect.closeTo(14.4, 9) as number,
    });
    expect(slo.activeAlerts()).toEqual([log[0]!.alert]);

    // Clean traffic from here: the 5-min window drops below 14.4 with the first clean batch.
    await traffic(slo, clock, 1, 10 * SECOND, 10_000, 0);
    expect(log.map((e) => e.event)).toEqual(['start', 'end']);
    expect(log[1]).toMatchObject({ event: 'end', at: 30 * DAY + 10 * SECOND });
    expect(log[1]!.alert!.since).toBe(30 * DAY);
    expect(log[1]!.alert!.shortBurnRate).toBeLessThan(14.4);
    expect(slo.activeAlerts()).toEqual([]);
  });

  it('a hard outage is one page until the 6x tier is clean (the hand-over is an alertUpdate), then one ticket', async () => {
    const clock = new VirtualClock();
    const slo = track({ name: 'outage', objective: 0.999, clock });
    const log = recordEvents(slo, clock);
    const overlaps: string[][] = [];
    slo.events.on('alertStart', () => {
      const severities = slo.activeAlerts().map((a) => a.alert.severity);
      if (severities.length > 1) overlaps.push(severities);
    });
    await traffic(slo, clock, (6 * HOUR) / (10 * SECOND), 10 * SECOND, 100, 0); // 6 clean hours
    const outageStart = clock.now();
    await traffic(slo, clock, 60, 10 * SECOND, 0, 100); // 10 minutes of 100 % errors
    const lastBad = clock.now();

    // The slowest ticket (1x over 3 d and 6 h) notices first; the fast page silences it when it
    // fires a few batches later.
    const pageStart = log.find((e) => e.event === 'start' && e.alert!.alert.severity === 'page')!;
    expect(pageStart.alert!.alert).toBe(fastPage);
    expect(pageStart.at).toBeLessThanOrEqual(outageStart + 2 * MINUTE);
    const firstPage = log.indexOf(pageStart);
    expect(log[firstPage - 1]).toMatchObject({ event: 'end', at: pageStart.at });
    expect(log[firstPage - 1]!.alert!.alert.severity).toBe('ticket');
    expect(slo.burnRate(6 * HOUR)).toBeGreaterThan(slowPage.burnRate);
    expect(slo.activeAlerts().map((a) => a.alert)).toEqual([fastPage]);
    expect(slo.burnRate(DAY)).toBeGreaterThan(fastTicket.burnRate);

    // The 5-min window holds the last bad batch until 5 minutes after it; then the 6x tier holds
    // the page up, in the same evaluation: an update of the same page, not an end and a start.
    await traffic(slo, clock, 29, 10 * SECOND, 100, 0);
    expect(slo.activeAlerts().map((a) => a.alert)).toEqual([fastPage]);
    await traffic(slo, clock, 1, 10 * SECOND, 100, 0);
    const handOver = log.find((e) => e.event === 'update')!;
    expect(handOver.at).toBe(lastBad + 5 * MINUTE);
    expect(handOver.alert).toMatchObject({ alert: slowPage, since: pageStart.at });
    expect(slo.activeAlerts()).toEqual([handOver.alert]);

    // When the 6x tier is clean the page ends, and one ticket starts in the same evaluation.
    await traffic(slo, clock, 180, 10 * SECOND, 100, 0);
    const pageEnd = log.findIndex((e) => e.event === 'end' && e.alert!.alert.severity === 'page');
    const after = log.slice(pageEnd);
    expect(after.map((e) => [e.event, e.alert!.alert.severity, e.at - log[pageEnd]!.at])).toEqual([
      ['end', 'page', 0],
      ['start', 'ticket', 0],
    ]);
    expect(log[pageEnd]!.alert).toMatchObject({ alert: slowPage, since: pageStart.at });
    expect(slo.activeAlerts().map((a) => a.alert)).toEqual([fastTicket]);
    // One page and two tickets (one before the page, one after) in the whole outage.
    const starts = log.filter((e) => e.event === 'start').map((e) => e.alert!.alert.severity);
    expect(starts).toEqual(['ticket', 'page', 'ticket']);
    expect(overlaps).toEqual([]);
  });

  it('keeps one alert per severity while its tiers take turns, whichever order they are given in', async () => {
    const clock = new VirtualClock();
    const tiers = [
      { severity: 'ticket', burnRate: 2, longWindowMs: 10 * MINUTE, shortWindowMs: MINUTE },
      { severity: 'ticket', burnRate: 5, longWindowMs: 2 * MINUTE, shortWindowMs: 20 * SECOND },
    ] as const;
    const slo = track({ name: 't', objective: 0.9, windowMs: HOUR, alerts: tiers, clock });
    const log = recordEvents(slo, clock);
    await traffic(slo, clock, 6, 10 * SECOND, 0, 10); // 100 % errors: both tiers fire
    expect(log.map((e) => [e.event, e.alert!.alert.burnRate])).toEqual([['start', 5]]);
    await traffic(slo, clock, 3, 10 * SECOND, 10, 0); // the 20-s window is clean: the 2x tier
    expect(log.map((e) => [e.event, e.alert!.alert.burnRate])).toEqual([
      ['start', 5],
      ['update', 2],
    ]);
    expect(log[1]!.alert!.since).toBe(log[0]!.alert!.since);
    expect(slo.activeAlerts()).toEqual([log[1]!.alert]);
    await traffic(slo, clock, 60, 10 * SECOND, 10, 0);
    expect(log.map((e) => e.event)).toEqual(['start', 'update', 'end']);
    expect(log[2]!.alert!.alert).toBe(slo.alerts[0]);
  });
});

describe('silencing', () => {
  // The page's windows are longer than the ticket's: the ticket notices a burn first, and the
  // page, when it fires, still silences it.
  const ticket = Object.freeze({
    severity: 'ticket',
    burnRate: 2,
    longWindowMs: 10 * MINUTE,
    shortWindowMs: MINUTE,
  } as const);
  const page = Object.freeze({
    severity: 'page',
    burnRate: 5,
    longWindowMs: HOUR,
    shortWindowMs: 5 * MINUTE,
  } as const);

  it.each([
    ['ticket first', [ticket, page]],
    ['page first', [page, ticket]],
  ] as const)(
    'a page silences a ticket with shorter windows than its own (%s)',
    async (_, alerts) => {
      const clock = new VirtualClock();
      const slo = track({ name: 's', objective: 0.9, windowMs: DAY, alerts, clock });
      const log = recordEvents(slo, clock);
      await traffic(slo, clock, HOUR / (10 * SECOND), 10 * SECOND, 10, 0); // a clean hour
      await traffic(slo, clock, (40 * MINUTE) / (10 * SECOND), 10 * SECOND, 0, 10); // 100 % errors
      expect(slo.burnRate(HOUR)).toBeGreaterThan(page.burnRate);
      expect(slo.burnRate(10 * MINUTE)).toBeGreaterThan(ticket.burnRate);
      expect(log.map((e) => [e.event, e.alert!.alert.severity])).toEqual([
        ['start', 'ticket'],
        ['end', 'ticket'],
        ['start', 'page'],
      ]);
      expect(log[1]!.at).toBe(log[2]!.at);
      expect(log[2]!.alert!.alert).toBe(page);
      expect(slo.activeAlerts().map((a) => a.alert)).toEqual([page]);
    },
  );
});

describe('alert evaluation', () => {
  const quick: SloOptions['alerts'] = [
    { severity: 'page', burnRate: 5, longWindowMs: MINUTE, shortWindowMs: 10 * SECOND },
  ];

  it('evaluates at most once a second on record and makes up a skipped evaluation', async () => {
    const clock = new VirtualClock();
    const slo = track({ name: 'q', objective: 0.9, windowMs: HOUR, alerts: quick, clock });
    const log = recordEvents(slo, clock);
    slo.record(false);
    expect(log).toEqual([expect.objectContaining({ event: 'start', at: 0 })]);
    await clock.advance(200);
    slo.record(true, 3); // ratio 1/4 < 0.5: the alert should end, but not before the second is out
    expect(slo.activeAlerts()).toHaveLength(1);
    await clock.advance(799);
    expect(log).toHaveLength(1);
    await clock.advance(1);
    expect(log.map((e) => [e.event, e.at])).toEqual([
      ['start', 0],
      ['end', 1_000],
    ]);
  });

  it('ends alerts on the housekeeping timer when traffic stops', async () => {
    const clock = new VirtualClock();
    const slo = track({ name: 'q', objective: 0.9, windowMs: HOUR, alerts: quick, clock });
    const log = recordEvents(slo, clock);
    slo.record(false, 10);
    expect(slo.activeAlerts()).toHaveLength(1);
    // Housekeeping runs every 2 s here (the 10-s short window / 5); the window is empty at 10 s.
    await clock.advance(10 * SECOND - 1);
    expect(slo.activeAlerts()).toHaveLength(1);
    await clock.advance(1);
    expect(log.map((e) => [e.event, e.at])).toEqual([
      ['start', 0],
      ['end', 10 * SECOND],
    ]);
    // With no events left in the period the timer stops; the next record arms it again.
    await clock.advance(HOUR);
    expect(clock.pendingTimers).toBe(0);
    slo.record(true);
    expect(clock.pendingTimers).toBe(1);
  });

  it('close() and Symbol.dispose cancel every timer', async () => {
    const clock = new VirtualClock();
    const slo = new SloTracker({ name: 'c', objective: 0.9, windowMs: HOUR, alerts: quick, clock });
    slo.record(false);
    slo.record(true); // within the second: a catch-up timer as well as housekeeping
    expect(clock.pendingTimers).toBe(2);
    slo.close();
    expect(clock.pendingTimers).toBe(0);
    // Still records, and still evaluates on record, but sets no timer.
    await clock.advance(2 * SECOND);
    slo.record(true, 100);
    slo.record(true);
    expect(slo.activeAlerts()).toEqual([]);
    expect(clock.pendingTimers).toBe(0);
    {
      using disposable = new SloTracker({
        name: 'd',
        objective: 0.9,
        windowMs: HOUR,
        alerts: quick,
        clock,
      });
      disposable.record(true);
      expect(clock.pendingTimers).toBe(1);
    }
    expect(clock.pendingTimers).toBe(0);
  });

  it('with alerts: false, housekeeping goes idle once the period holds no events', async () => {
    const clock = new VirtualClock();
    const delays: number[] = [];
    const timed: Clock = {
      now: () => clock.now(),
      setTimer: (delayMs, callback, options) => {
        delays.push(delayMs);
        return clock.setTimer(delayMs, callback, options);
      },
    };
    const slo = track({
      name: 'idle',
      objective: 0.9,
      windowMs: HOUR,
      alerts: false,
      clock: timed,
    });
    const log = recordEvents(slo, clock, true);
    expect(clock.pendingTimers).toBe(0);
    slo.record(false, 10);
    expect(clock.pendingTimers).toBe(1);
    // Housekeeping runs every 30 s (no tier to be quicker for) while the period holds events...
    await clock.advance(HOUR - 1);
    expect(clock.pendingTimers).toBe(1);
    // ...notices the events leave it (the budget recovers with no traffic), then stops.
    await clock.advance(30 * SECOND);
    expect(log.map((e) => [e.event, e.at])).toEqual([
      ['exhausted', 0],
      ['recovered', HOUR],
    ]);
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(DAY);
    expect(clock.pendingTimers).toBe(0);
    // Good events only: the same, with no budget event at all.
    slo.record(true, 10);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(HOUR + 30 * SECOND);
    expect(clock.pendingTimers).toBe(0);
    expect(log).toHaveLength(2);
    expect(new Set(delays)).toEqual(new Set([30 * SECOND]));
  });

  it('a window with fewer than minimumEvents events never fires', async () => {
    const clock = new VirtualClock();
    const slo = track({
      name: 'low',
      objective: 0.9,
      windowMs: HOUR,
      alerts: quick,
      minimumEvents: 10,
      clock,
    });
    slo.record(false, 9);
    expect(slo.activeAlerts()).toEqual([]);
    expect(slo.burnRate(MINUTE)).toBe(10);
    await clock.advance(SECOND);
    slo.record(false);
    expect(slo.activeAlerts()).toHaveLength(1);
  });

  it('fires at exactly the burn rate and not below it', async () => {
    const clock = new VirtualClock();
    const alerts = [
      { severity: 'ticket', burnRate: 2, longWindowMs: MINUTE, shortWindowMs: 10 * SECOND },
    ] as const;
    const slo = track({ name: 'edge', objective: 0.99, windowMs: HOUR, alerts, clock });
    slo.record(true, 9_801);
    slo.record(false, 199); // 1.99 %: 1.99x
    await clock.advance(SECOND);
    slo.record(true, 0);
    expect(slo.activeAlerts()).toEqual([]);
    slo.record(false, 1); // 200 in 10 001... still below
    await clock.advance(SECOND);
    slo.record(true, 0);
    expect(slo.activeAlerts()).toEqual([]);
    const exact = track({ name: 'edge', objective: 0.99, windowMs: HOUR, alerts, clock });
    exact.record(true, 9_800);
    exact.record(false, 200); // 2 %: exactly 2x
    await clock.advance(SECOND);
    exact.record(true, 0);
    expect(exact.activeAlerts()).toHaveLength(1);
  });

  it('keeps going when a listener throws', async () => {
    const clock = new VirtualClock();
    const slo = track({ name: 'l', objective: 0.9, windowMs: HOUR, alerts: quick, clock });
    const warning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const seen: string[] = [];
    slo.events.on('alertStart', () => {
      throw new Error('listener bug');
    });
    slo.events.on('alertStart', (alert) => seen.push(alert.slo));
    expect(() => slo.record(false)).not.toThrow();
    expect(seen).toEqual(['l']);
    expect(slo.activeAlerts()).toHaveLength(1);
    expect(warning).toHaveBeenCalledTimes(1);
    warning.mockRestore();
  });

  it('lets a listener record and close without losing state', async () => {
    const clock = new VirtualClock();
    const slo = track({ name: 'r', objective: 0.9, windowMs: HOUR, alerts: quick, clock });
    slo.events.on('alertStart', () => {
      slo.record(true, 1);
      slo.close();
    });
    slo.record(false);
    expect(slo.totals()).toEqual({ good: 1, total: 2 });
    expect(slo.activeAlerts()).toHaveLength(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('emits budgetExhausted and budgetRecovered as remaining crosses 0', async () => {
    const clock = new VirtualClock();
    const slo = track({ name: 'b', objective: 0.9, windowMs: HOUR, alerts: false, clock });
    const log = recordEvents(slo, clock, true);
    slo.record(false, 10);
    expect(log).toEqual([
      {
        event: 'exhausted',
        at: 0,
        budget: { slo: 'b', budget: expect.objectContaining({ remaining: -9 }) as unknown },
      },
    ]);
    await clock.advance(30 * MINUTE);
    slo.record(true);
    expect(log).toHaveLength(1);
    // The bad events leave the period 1 h after they came; housekeeping notices, with no traffic.
    await clock.advance(30 * MINUTE + 30 * SECOND);
    expect(log.map((e) => [e.event, e.at])).toEqual([
      ['exhausted', 0],
      ['recovered', HOUR],
    ]);
    expect(log[1]!.budget!.budget).toMatchObject({ total: 1, remaining: 1 });
  });

  it('exhausts the budget exactly when bad events reach the allowance', async () => {
    const clock = new VirtualClock();
    const slo = track({ name: 'b', objective: 0.999, windowMs: HOUR, alerts: false, clock });
    const log = recordEvents(slo, clock, true);
    slo.record(true, 999);
    await clock.advance(SECOND);
    slo.record(false);
    expect(slo.budget()).toMatchObject({ allowedBad: 1, consumed: 1, remaining: 0 });
    expect(log.map((e) => e.event)).toEqual(['exhausted']);
    await clock.advance(SECOND);
    slo.record(true, 1_000);
    expect(log.map((e) => e.event)).toEqual(['exhausted', 'recovered']);
  });
});
