import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SloTracker,
  type BurnRateAlert,
  type PrometheusSloSpec,
  type SloAlerting,
  type SloOptions,
} from '../../../src/slo/index.js';
import {
  parseSloSpec,
  toOpenSlo,
  type OpenSloFleet,
  type SloDefinition,
} from '../../../src/slo/spec/index.js';
import { VirtualClock } from '../../../src/testing/index.js';

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

/** The fleet side of a definition, as toOpenSlo takes it. */
function fleetOf(definition: SloDefinition): OpenSloFleet {
  const { slo, ...fleet } = definition.prometheus;
  expect(slo).toBe(definition.options);
  return {
    ...fleet,
    ...(definition.description === undefined ? {} : { description: definition.description }),
  };
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
const labelName = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const labels = fc.dictionary(labelName, fc.string({ maxLength: 12 }), {
  minKeys: 1,
  maxKeys: 3,
});

/** A tier whose windows fit in `periodMs`, in whole minutes (the short one in seconds at most). */
function tier(periodMs: number): fc.Arbitrary<BurnRateAlert> {
  return fc
    .record({
      severity: fc.constantFrom<'page' | 'ticket'>('page', 'ticket'),
      burnRate: fc.integer({ min: 1, max: 500 }).map((n) => n / 10),
      longMinutes: fc.integer({ min: 2, max: periodMs / MINUTE }),
      twelfth: fc.boolean(),
      shortSeconds: fc.integer({ min: 1, max: 3_600 }),
    })
    .map(({ severity, burnRate, longMinutes, twelfth, shortSeconds }) => {
      const longWindowMs = longMinutes * MINUTE;
      const shortWindowMs = twelfth
        ? longWindowMs / 12
        : Math.min(shortSeconds * 1_000, longWindowMs - 1_000);
      return { severity, burnRate, longWindowMs, shortWindowMs };
    });
}

/** A definition toOpenSlo can write: options and the fleet side, canonical as the reader gives them. */
const definition = fc
  .record({
    name,
    objective: fc.integer({ min: 1, max: 99_999 }).map((n) => n / 100_000),
    windowDays: fc.integer({ min: 3, max: 60 }),
    latencyThresholdMs: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
    minimumEvents: fc.option(fc.integer({ min: 1, max: 1_000 }), { nil: undefined }),
    service: name,
    selectors: fc.boolean(),
    good: fc.boolean(),
    labels: fc.option(labels, { nil: undefined }),
    alertName: fc.option(fc.constantFrom('CheckoutBurn', 'SloBurn'), { nil: undefined }),
  })
  .chain((base) =>
    fc.record({
      base: fc.constant(base),
      alerts: fc.option(
        fc.oneof(
          fc.constant(false as const),
          fc.array(tier(base.windowDays * DAY), { maxLength: 5 }),
        ),
        { nil: undefined },
      ),
      page: fc.record({ labels: fc.option(labels, { nil: undefined }), forMinutes: fc.nat(10) }),
      ticket: fc.record({ labels: fc.option(labels, { nil: undefined }), forMinutes: fc.nat(10) }),
      absent: fc.boolean(),
    }),
  )
  .map(({ base, alerts, page, ticket, absent }) => {
    const tiers = alerts === false || alerts === undefined || alerts.length === 0 ? [] : alerts;
    const options: SloOptions = {
      name: base.name,
      objective: base.objective,
      windowMs: base.windowDays * DAY,
      ...(base.latencyThresholdMs === undefined
        ? {}
        : { latencyThresholdMs: base.latencyThresholdMs }),
      ...(alerts === undefined ? {} : { alerts: tiers.length > 0 ? tiers : false }),
      ...(base.minimumEvents === undefined ? {} : { minimumEvents: base.minimumEvents }),
    };
    const rule = (severity: 'page' | 'ticket', given: typeof page) => {
      if (!tiers.some((t) => t.severity === severity)) return {};
      const r = {
        ...(given.labels === undefined ? {} : { labels: given.labels }),
        ...(given.forMinutes === 0 ? {} : { forMs: given.forMinutes * MINUTE }),
      };
      return Object.keys(r).length > 0 ? { [severity]: r } : {};
    };
    const alerting: SloAlerting = {
      ...rule('page', page),
      ...rule('ticket', ticket),
      ...(absent && tiers.length > 0 ? { absent: {} } : {}),
    };
    const template = (metric: string) => `sum(rate(${metric}{job="x"}[{{.window}}]))`;
    const queries = base.selectors
      ? { total: 'requests_total', [base.good ? 'good' : 'bad']: 'requests_total{code="5xx"}' }
      : {
          totalQuery: template('requests_total'),
          [base.good ? 'goodQuery' : 'badQuery']: template('requests_failed_total'),
        };
    const prometheus: PrometheusSloSpec = {
      slo: options,
      service: base.service,
      ...queries,
      ...(base.labels === undefined ? {} : { labels: base.labels }),
      ...(base.alertName === undefined ? {} : { alertName: base.alertName }),
      ...(Object.keys(alerting).length > 0 ? { alerting } : {}),
    };
    return { options, prometheus };
  });

describe('toOpenSlo', () => {
  it('round-trips: spec -> options -> spec -> options gives the same text and the same options', () => {
    fc.assert(
      fc.property(definition, ({ options, prometheus }) => {
        const { slo, ...fleet } = prometheus;
        expect(slo).toBe(options);
        const first = toOpenSlo(options, fleet);
        const [read] = parseSloSpec(first, { file: 'first.yaml' });
        expect(read!.options).toEqual(options);
        expect(read!.prometheus).toEqual(prometheus);
        const second = toOpenSlo(read!.options, fleetOf(read!));
        expect(second).toBe(first);
        const [again] = parseSloSpec(second);
        expect(again!.options).toEqual(read!.options);
        expect(again!.prometheus).toEqual(read!.prometheus);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('writes a tracker: its name, objective, period and tiers', () => {
    const tracker = new SloTracker({
      name: 'checkout',
      objective: 0.999,
      windowMs: 28 * DAY,
      clock: new VirtualClock(),
    });
    const text = toOpenSlo(tracker, {
      service: 'shop',
      total: 'requests_total',
      bad: 'errors_total',
    });
    tracker.close();
    const [read] = parseSloSpec(text);
    expect(read!.options).toEqual({
      name: 'checkout',
      objective: 0.999,
      windowMs: 28 * DAY,
      alerts: tracker.alerts,
    });
    expect(text).toContain('  timeWindow:\n    - duration: 4w\n      isRolling: true\n');
  });

  it('writes back the minimum events and latency threshold a tracker was made with', () => {
    const options = {
      name: 'search-latency',
      objective: 0.99,
      latencyThresholdMs: 250,
      minimumEvents: 20,
    };
    const tracker = new SloTracker({ ...options, clock: new VirtualClock() });
    expect([tracker.minimumEvents, tracker.latencyThresholdMs]).toEqual([20, 250]);
    const text = toOpenSlo(tracker, {
      service: 'shop',
      total: 'requests_total',
      bad: 'slow_total',
    });
    tracker.close();
    const [read] = parseSloSpec(text);
    expect(read!.options).toEqual({
      ...options,
      windowMs: tracker.windowMs,
      alerts: tracker.alerts,
    });
  });

  it('writes the description, and multi-line queries as blocks', () => {
    const text = toOpenSlo(
      { name: 'latency', objective: 0.99 },
      {
        service: 'search',
        description: 'Fast searches.',
        totalQuery: 'sum(\n  rate(all_total[{{.window}}])\n)',
        goodQuery: 'sum(rate(fast_total[{{.window}}]))',
      },
    );
    expect(text).toContain('  description: Fast searches.\n');
    expect(text).toContain('query: |-\n');
    const [read] = parseSloSpec(text);
    expect(read!.description).toBe('Fast searches.');
    expect(read!.prometheus.totalQuery).toBe('sum(\n  rate(all_total[{{.window}}])\n)');
  });

  it('refuses what OpenSLO cannot hold, naming it', () => {
    const slo = { name: 'a', objective: 0.99 };
    const fleet = { service: 's', total: 't', bad: 'b' };
    const alerts: BurnRateAlert[] = [
      { severity: 'page', burnRate: 14.4, longWindowMs: 3_600_000, shortWindowMs: 300_000 },
    ];
    const cases: [SloOptions | typeof slo, OpenSloFleet, RegExp][] = [
      [{ ...slo, windowMs: 90_000 }, fleet, /slo\.alerts\[0\]\.longWindowMs must be at most/],
      [
        { ...slo, windowMs: 3 * DAY + 1_000, alerts },
        fleet,
        /slo\.windowMs must be a whole number of minutes/,
      ],
      [
        { ...slo, latencyThresholdMs: 0.5 },
        fleet,
        /slo\.latencyThresholdMs must be a whole number of milliseconds/,
      ],
      [
        { ...slo, alerts },
        { ...fleet, alerting: { budgetExhausted: {} } },
        /budgetExhausted cannot be written/,
      ],
      [
        { ...slo, alerts },
        { ...fleet, alerting: { absent: { forMs: 1 } } },
        /absent: OpenSLO v1 holds only whether it is on/,
      ],
      [
        { ...slo, alerts: false },
        { ...fleet, alerting: { absent: {} } },
        /absent needs an alert tier/,
      ],
      [
        { ...slo, alerts },
        { ...fleet, alerting: { page: false } },
        /page is false but slo\.alerts\[0\] is a page tier/,
      ],
      [
        { ...slo, alerts },
        { ...fleet, alerting: { page: { annotations: { a: 'b' } } } },
        /no place for an alert's name or annotations/,
      ],
      [
        { ...slo, alerts },
        { ...fleet, alerting: { page: { forMs: 90_000 } } },
        /fleet\.alerting\.page\.forMs must be a whole number of minutes/,
      ],
      [
        { ...slo, alerts: [{ ...alerts[0]!, shortWindowMs: 1_500.5 }] },
        fleet,
        /shortWindowMs must be a whole number of milliseconds/,
      ],
      [{ ...slo, objective: 2 }, fleet, /slo\.objective must be in \(0, 1\), got 2/],
      [slo, { ...fleet, total: 'rate(x[5m])' }, /fleet\.total must be a series selector/],
      [slo, { ...fleet, description: '' }, /fleet\.description must be a non-empty string/],
    ];
    for (const [options, given, pattern] of cases) {
      expect(() => toOpenSlo(options, given)).toThrow(pattern);
    }
    expect(() => toOpenSlo(null as never, fleet)).toThrow(
      /slo must be SloOptions or an SloTracker/,
    );
    expect(() => toOpenSlo(slo, null as never)).toThrow(/fleet must be an OpenSloFleet object/);
  });
});
