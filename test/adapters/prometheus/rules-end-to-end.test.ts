// The adapter's own scrapes, fed to Prometheus (promtool test rules) with the rules that
// toPrometheusRules generates through sloSelectors: the rules must read the adapter's series and
// fire the alerts the in-process tracker fires, from the ratios it measures.

import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { instrumentPrometheus, sloSelectors } from '../../../src/adapters/prometheus/index.js';
import { SloTracker, toPrometheusRules } from '../../../src/slo/index.js';
import { VirtualClock } from '../../../src/testing/index.js';
import { PROMTOOL_TEST_HEAD, PROMTOOL_TIMEOUT, promtool, runPromtool } from '../../slo/promtool.js';
import { sample, samples } from '../helpers.js';

const MINUTE = 60_000;
const MINUTES = 150;
const PER_MINUTE = 1_000;
/** A 15-minute outage (20 % bad) after an hour of clean traffic. */
const badIn = (minute: number) => (minute > 60 && minute <= 75 ? 200 : 0);
const IDS = 'sloth_id="shop-checkout", sloth_service="shop", sloth_slo="checkout"';
const WINDOWS: [string, number][] = [
  ['5m', 5 * MINUTE],
  ['30m', 30 * MINUTE],
  ['1h', 60 * MINUTE],
];

interface Scrape {
  readonly minute: number;
  readonly counters: Map<string, number>;
  readonly alerts: { severity: 'page' | 'ticket' }[];
  readonly errorRatios: number[];
}

/**
 * Runs the tracker minute by minute (each minute's events in its middle) and scrapes just before
 * each minute ends, where the tracker's windows cover the same minutes as Prometheus's ranges.
 */
async function run(): Promise<{ scrapes: Scrape[]; eventSeries: string[] }> {
  const clock = new VirtualClock();
  const registry = new Registry();
  const options = { name: 'checkout', objective: 0.999 };
  const slo = new SloTracker({ ...options, clock });
  const metrics = instrumentPrometheus({ slos: [slo] }, { registry });
  const scrape = async (minute: number): Promise<Scrape> => {
    const text = await registry.metrics();
    const all = samples(text);
    const counters = new Map(
      [...all].filter(([series]) => series.startsWith('ballast_slo_events_total')),
    );
    const alerts = (['page', 'ticket'] as const).flatMap((severity) => {
      const gauge = sample(text, `ballast_slo_alert_active{slo="checkout",severity="${severity}"}`);
      const tier = slo.activeAlerts().find((a) => a.alert.severity === severity);
      expect(gauge).toBe(tier === undefined ? 0 : 1);
      return tier === undefined ? [] : [{ severity }];
    });
    const errorRatios = WINDOWS.map(
      ([window]) => 1 - sample(text, `ballast_slo_sli_ratio{slo="checkout",window="${window}"}`),
    );
    return { minute, counters, alerts, errorRatios };
  };
  const scrapes = [await scrape(0)];
  for (let minute = 1; minute <= MINUTES; minute++) {
    await clock.advance(minute * MINUTE - MINUTE / 2 - clock.now());
    slo.record(true, PER_MINUTE - badIn(minute));
    if (badIn(minute) > 0) slo.record(false, badIn(minute));
    await clock.advance(minute * MINUTE - 1 - clock.now());
    scrapes.push(await scrape(minute));
  }
  metrics.detach();
  slo.close();
  return { scrapes, eventSeries: [...scrapes[0]!.counters.keys()] };
}

function alertTest({ minute, alerts }: Scrape): string {
  const expected = alerts.map(({ severity }) =>
    [
      '          - exp_labels:',
      '              sloth_id: shop-checkout',
      '              sloth_service: shop',
      '              sloth_slo: checkout',
      `              severity: ${severity}`,
      `              sloth_severity: ${severity}`,
      '            exp_annotations:',
      `              title: "(${severity}) shop checkout SLO error budget burn rate is too fast."`,
      '              summary: "shop checkout SLO error budget burn rate is over expected."',
    ].join('\n'),
  );
  return [
    `      - eval_time: ${minute}m`,
    '        alertname: SloErrorBudgetBurn',
    expected.length === 0
      ? '        exp_alerts: []'
      : `        exp_alerts:\n${expected.join('\n')}`,
  ].join('\n');
}

function ratioTests({ minute, errorRatios }: Scrape): string[] {
  return WINDOWS.map(([window], i) =>
    [
      `      - eval_time: ${minute}m`,
      `        expr: 'abs(slo:sli_error:ratio_rate${window}{${IDS}} - ${errorRatios[i]!}) < bool 1e-9'`,
      '        exp_samples:',
      `          - labels: '{${IDS}, sloth_window="${window}"}'`,
      '            value: 1',
    ].join('\n'),
  );
}

describe.skipIf(promtool === undefined)(
  'rules from sloSelectors on the adapter series',
  PROMTOOL_TIMEOUT,
  () => {
    it('fire the alerts the tracker fires, from the same error ratios', async () => {
      const { scrapes, eventSeries } = await run();
      expect(eventSeries).toEqual([
        'ballast_slo_events_total{slo="checkout",outcome="good"}',
        'ballast_slo_events_total{slo="checkout",outcome="bad"}',
      ]);
      // The scenario has a quiet time, a page (which silences the tickets), then a ticket alone.
      const seen = new Set(scrapes.map((s) => s.alerts.map((a) => a.severity).join()));
      expect(seen).toEqual(new Set(['', 'page', 'ticket']));

      const even = scrapes.filter((s) => s.minute > 0 && s.minute % 2 === 0);
      const testFile = [
        ...PROMTOOL_TEST_HEAD,
        // Each series exactly as the adapter printed it, with its value at every scrape.
        ...eventSeries.flatMap((series) => [
          `      - series: '${series}'`,
          `        values: '${scrapes.map((s) => s.counters.get(series)!).join(' ')}'`,
        ]),
        '    alert_rule_test:',
        ...even.map(alertTest),
        '    promql_expr_test:',
        ...scrapes.filter((s) => s.minute % 10 === 0 && s.minute >= 60).flatMap(ratioTests),
        '',
      ].join('\n');
      const rules = toPrometheusRules([
        {
          slo: { name: 'checkout', objective: 0.999 },
          service: 'shop',
          ...sloSelectors('checkout'),
        },
      ]);
      const result = runPromtool(promtool!, { 'rules.yml': rules, 'test.yml': testFile }, [
        'test',
        'rules',
        'test.yml',
      ]);
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/SUCCESS/);
    });
  },
);
