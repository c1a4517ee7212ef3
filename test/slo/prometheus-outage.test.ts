// The same synthetic outage, fed to Prometheus (promtool test rules, on the generated rules) and to
// in-process trackers: the same alerts must fire, and the recorded ratios must match the tracker's.

import { afterAll, describe, expect, it } from 'vitest';
import {
  SloTracker,
  toPrometheusRules,
  type PrometheusSloSpec,
  type SloOptions,
} from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { PROMTOOL_TEST_HEAD, PROMTOOL_TIMEOUT, promtool, runPromtool } from './promtool.js';

const MINUTE = 60_000;
const MINUTES = 300;
const PER_MINUTE = 1_000;
/** Minutes whose traffic is 20 % bad: a 20-minute outage after two clean hours. */
const isOutage = (minute: number) => minute > 120 && minute <= 140;
const badIn = (minute: number) => (isOutage(minute) ? 200 : 0);

const specs: { spec: PrometheusSloSpec; options: SloOptions }[] = [
  { name: 'availability', minimumEvents: 1 },
  // A guard no 5-min or 30-min window reaches: only the day-long ticket tiers can fire.
  { name: 'guarded', minimumEvents: 100_000 },
].map(({ name, minimumEvents }) => {
  const options = { name, objective: 0.999, minimumEvents };
  return {
    options,
    spec: { slo: options, service: 'shop', total: 'requests_total', good: 'requests_good_total' },
  };
});

const WINDOWS: [string, number][] = [
  ['5m', 5 * MINUTE],
  ['30m', 30 * MINUTE],
  ['1h', 60 * MINUTE],
  ['2h', 120 * MINUTE],
  ['6h', 360 * MINUTE],
  ['1d', 1_440 * MINUTE],
  ['3d', 3 * 1_440 * MINUTE],
  ['30d', 30 * 1_440 * MINUTE],
];

type Severity = 'page' | 'ticket';
/** Per tracker and severity, how many times an event was emitted. */
type Counts = Record<string, Record<Severity, number>>;

interface Expected {
  minute: number;
  alerts: { slo: string; severity: string }[];
  burnRates: Record<string, number[]>;
  remaining: Record<string, number>;
}

/**
 * Feeds the trackers minute by minute (each minute's events in the middle of the minute) and reads
 * them just before each even minute: there every tier's buckets cover exactly the minutes that
 * Prometheus's range selectors cover at that minute.
 */
async function runTrackers(): Promise<{ states: Expected[]; starts: Counts; updates: Counts }> {
  const clock = new VirtualClock();
  const trackers = specs.map(({ options }) => new SloTracker({ ...options, clock }));
  const starts: Counts = {};
  const updates: Counts = {};
  for (const slo of trackers) {
    const started = (starts[slo.name] = { page: 0, ticket: 0 });
    const updated = (updates[slo.name] = { page: 0, ticket: 0 });
    slo.events.on('alertStart', ({ alert }) => started[alert.severity]++);
    slo.events.on('alertUpdate', ({ alert }) => updated[alert.severity]++);
  }
  const states: Expected[] = [];
  for (let minute = 1; minute <= MINUTES; minute++) {
    await clock.advance(minute * MINUTE - MINUTE / 2 - clock.now());
    for (const slo of trackers) {
      slo.record(true, PER_MINUTE - badIn(minute));
      if (badIn(minute) > 0) slo.record(false, badIn(minute));
    }
    if (minute % 2 !== 0) continue;
    await clock.advance(minute * MINUTE - 1 - clock.now());
    states.push({
      minute,
      alerts: trackers.flatMap((slo) => {
        const active = slo.activeAlerts();
        return (['page', 'ticket'] as const).flatMap((severity) => {
          return active.some((a) => a.alert.severity === severity)
            ? [{ slo: slo.name, severity }]
            : [];
        });
      }),
      burnRates: Object.fromEntries(
        trackers.map((slo) => [slo.name, WINDOWS.map(([, ms]) => slo.burnRate(ms))]),
      ),
      remaining: Object.fromEntries(trackers.map((slo) => [slo.name, slo.budget().remaining])),
    });
  }
  for (const slo of trackers) slo.close();
  return { states, starts, updates };
}

function inputSeries(): string {
  let total = 0;
  let good = 0;
  const totals = [0];
  const goods = [0];
  for (let minute = 1; minute <= MINUTES; minute++) {
    total += PER_MINUTE;
    good += PER_MINUTE - badIn(minute);
    totals.push(total);
    goods.push(good);
  }
  return [
    `      - series: 'requests_total'`,
    `        values: '${totals.join(' ')}'`,
    `      - series: 'requests_good_total'`,
    `        values: '${goods.join(' ')}'`,
  ].join('\n');
}

function alertTest(state: Expected): string {
  const alerts = state.alerts.map(({ slo, severity }) =>
    [
      '          - exp_labels:',
      `              sloth_id: shop-${slo}`,
      `              sloth_service: shop`,
      `              sloth_slo: ${slo}`,
      `              severity: ${severity}`,
      `              sloth_severity: ${severity}`,
      '            exp_annotations:',
      `              title: "(${severity}) shop ${slo} SLO error budget burn rate is too fast."`,
      `              summary: "shop ${slo} SLO error budget burn rate is over expected."`,
    ].join('\n'),
  );
  return [
    `      - eval_time: ${state.minute}m`,
    '        alertname: SloErrorBudgetBurn',
    alerts.length === 0 ? '        exp_alerts: []' : `        exp_alerts:\n${alerts.join('\n')}`,
  ].join('\n');
}

/** Each recorded ratio, over the error budget, equals the tracker's burn rate (to 1e-9). */
function ratioTests(state: Expected): string[] {
  return specs.flatMap(({ options: { name } }) => {
    const ids = `sloth_id="shop-${name}", sloth_service="shop", sloth_slo="${name}"`;
    const sample = (labels: string) =>
      `        exp_samples:\n          - labels: '{${labels}}'\n            value: 1`;
    const burn = WINDOWS.map(([window], i) =>
      [
        `      - eval_time: ${state.minute}m`,
        `        expr: 'abs(slo:sli_error:ratio_rate${window}{${ids}} / 0.001 - ${state.burnRates[name]![i]!}) < bool 1e-9'`,
        sample(`${ids}, sloth_window="${window}"`),
      ].join('\n'),
    );
    const remaining = [
      `      - eval_time: ${state.minute}m`,
      `        expr: 'abs(slo:period_error_budget_remaining:ratio{${ids}} - ${state.remaining[name]!}) < bool 1e-9'`,
      // Derived from the 30d ratio with group_left, it keeps that series' window label, as Sloth's.
      sample(`${ids}, sloth_window="30d"`),
    ].join('\n');
    return [...burn, remaining];
  });
}

describe.skipIf(promtool === undefined)(
  'Prometheus rules on a synthetic outage',
  PROMTOOL_TIMEOUT,
  () => {
    const cleanups: (() => void)[] = [];
    afterAll(() => cleanups.forEach((cleanup) => cleanup()));

    it('fire the same alerts as the in-process tracker, from the same ratios', async () => {
      const { states } = await runTrackers();
      // The scenario exercises every case: quiet; a page silencing its own SLO's tickets but not
      // another SLO's; tickets once the pages end.
      const seen = new Set(states.map((s) => s.alerts.map((a) => `${a.slo}/${a.severity}`).join()));
      expect(seen).toEqual(
        new Set(['', 'availability/page,guarded/ticket', 'availability/ticket,guarded/ticket']),
      );

      const ratioMinutes = states.filter((s) => s.minute % 20 === 0);
      const testFile = [
        ...PROMTOOL_TEST_HEAD,
        inputSeries(),
        '    alert_rule_test:',
        ...states.map(alertTest),
        '    promql_expr_test:',
        ...ratioMinutes.flatMap(ratioTests),
        '',
      ].join('\n');
      const result = runPromtool(
        promtool!,
        { 'rules.yml': toPrometheusRules(specs.map((s) => s.spec)), 'test.yml': testFile },
        ['test', 'rules', 'test.yml'],
      );
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/SUCCESS/);
    });

    it('notify as often as the in-process tracker: a hand-over between tiers of one severity is no new alert', async () => {
      const { states, starts, updates } = await runTrackers();
      // Prometheus keeps one alert per severity, so it notifies once per rising edge of that alert;
      // promtool confirms the alert states minute by minute, and the tracker must start as often.
      const result = runPromtool(
        promtool!,
        {
          'rules.yml': toPrometheusRules(specs.map((s) => s.spec)),
          'test.yml': [
            ...PROMTOOL_TEST_HEAD,
            inputSeries(),
            '    alert_rule_test:',
            ...states.map(alertTest),
            '',
          ].join('\n'),
        },
        ['test', 'rules', 'test.yml'],
      );
      expect(result.ok, result.output).toBe(true);
      const firing = (state: Expected, slo: string, severity: Severity) =>
        state.alerts.some((a) => a.slo === slo && a.severity === severity);
      const notifications: Counts = {};
      for (const { options } of specs) {
        const counts = (notifications[options.name] = { page: 0, ticket: 0 });
        for (const severity of ['page', 'ticket'] as const) {
          states.forEach((state, i) => {
            const before = i > 0 && firing(states[i - 1]!, options.name, severity);
            if (firing(state, options.name, severity) && !before) counts[severity]++;
          });
        }
      }
      // A ticket first (the 3-day tier notices before the hour does), silenced by the page, and
      // again once the pages end; one page throughout, whichever tier holds it up.
      expect(notifications).toEqual({
        availability: { page: 1, ticket: 2 },
        guarded: { page: 0, ticket: 1 },
      });
      expect(starts).toEqual(notifications);
      // The 14.4x page handed over to the 6x page when the 5-min window was clean again.
      expect(updates.availability!.page).toBeGreaterThan(0);
    });
  },
);
