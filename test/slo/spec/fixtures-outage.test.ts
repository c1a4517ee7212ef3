// Every valid spec fixture, both ways: its rules pass `promtool check rules`, and on one synthetic
// outage `promtool test rules` sees exactly the alerts that in-process trackers, built from the
// same definitions, fire.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toPrometheusRules } from '../../../src/slo/index.js';
import { parseSloSpec, type SloDefinition } from '../../../src/slo/spec/index.js';
import { PROMTOOL_TEST_HEAD, promtool, runPromtool } from '../promtool.js';
import {
  alertCase,
  trackerStates,
  type ExpectedAlert,
  type Scenario,
} from '../prometheus-scenario.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/slo-spec');
const TIMEOUT = { timeout: 60_000 } as const;

/** A 20-minute outage, 20 % bad, after two clean hours. */
const scenario: Scenario = {
  minutes: 300,
  perMinute: 1_000,
  badIn: (minute) => (minute > 120 && minute <= 140 ? 200 : 0),
};

type Kind = 'good' | 'bad' | 'total';

/** The series each fixture's queries read, and which count each one carries. */
const SERIES: Readonly<Record<string, readonly (readonly [string, Kind])[]>> = {
  'openslo-availability.yaml': [
    ['http_requests_total{job="checkout",code="200"}', 'good'],
    ['http_requests_total{job="checkout",code="503"}', 'bad'],
  ],
  'openslo-latency.yaml': [
    ['http_request_duration_seconds_bucket{job="search",le="0.3"}', 'good'],
    ['http_request_duration_seconds_count{job="search"}', 'total'],
  ],
  'sloth-multi.yaml': [
    ['http_requests_total{job="catalog",code="200"}', 'good'],
    ['http_requests_total{job="catalog",code="500"}', 'bad'],
    ['http_request_duration_seconds_bucket{job="catalog",le="0.4"}', 'good'],
    ['http_request_duration_seconds_count{job="catalog"}', 'total'],
    ['http_requests_total{job="reviews",code="200"}', 'good'],
    ['http_requests_total{job="reviews",code="502"}', 'bad'],
  ],
  'openslo-alert-policy.yaml': [
    ['payments_total{outcome="success"}', 'good'],
    ['payments_total{outcome="declined_by_us"}', 'bad'],
  ],
  'sloth-alerting.yaml': [
    ['ledger_writes_total{result="ok"}', 'good'],
    ['ledger_writes_total{result="error"}', 'bad'],
  ],
};

function inputSeries(series: readonly (readonly [string, Kind])[]): string[] {
  const counts: Record<Kind, number[]> = { good: [0], bad: [0], total: [0] };
  for (let minute = 1; minute <= scenario.minutes; minute++) {
    const bad = scenario.badIn(minute);
    counts.good.push(counts.good.at(-1)! + scenario.perMinute - bad);
    counts.bad.push(counts.bad.at(-1)! + bad);
    counts.total.push(counts.total.at(-1)! + scenario.perMinute);
  }
  return series.flatMap(([selector, kind]) => [
    `      - series: '${selector}'`,
    `        values: '${counts[kind].join(' ')}'`,
  ]);
}

type Severity = 'page' | 'ticket';

/** The burn-rate alert the rules write for a definition and severity, or undefined for none. */
function alertOf(
  definition: SloDefinition,
  severity: Severity,
): { name: string; forMinutes: number; expected: ExpectedAlert } | undefined {
  const spec = definition.prometheus;
  const rule = spec.alerting?.[severity] ?? {};
  if (rule === false) return undefined;
  const slo = definition.options.name;
  const labels = {
    sloth_id: `${spec.service}-${slo}`,
    sloth_service: spec.service,
    sloth_slo: slo,
    ...spec.labels,
    severity,
    sloth_severity: severity,
    ...rule.labels,
  };
  const about = `${spec.service} ${slo} SLO`;
  return {
    name: rule.name ?? spec.alertName ?? 'SloErrorBudgetBurn',
    forMinutes: (rule.forMs ?? 0) / 60_000,
    expected: {
      labels,
      annotations: {
        title: `(${severity}) ${about} error budget burn rate is too fast.`,
        summary: `${about} error budget burn rate is over expected.`,
        ...rule.annotations,
      },
    },
  };
}

const fixtures = Object.keys(SERIES);

describe('spec fixtures', () => {
  it.each(fixtures)('%s reads', (file) => {
    const definitions = parseSloSpec(readFileSync(join(FIXTURES, file), 'utf8'), { file });
    expect(definitions.length).toBeGreaterThan(0);
  });
});

describe.skipIf(promtool === undefined)('spec fixtures on Prometheus', TIMEOUT, () => {
  it.each(fixtures)('%s: the rules pass promtool check rules', (file) => {
    const definitions = parseSloSpec(readFileSync(join(FIXTURES, file), 'utf8'), { file });
    const rules = toPrometheusRules(definitions.map((d) => d.prometheus));
    const result = runPromtool(promtool!, { 'rules.yml': rules }, ['check', 'rules', 'rules.yml']);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it.each(fixtures)(
    '%s: an outage fires the same alerts in Prometheus as in the trackers',
    async (file) => {
      const definitions = parseSloSpec(readFileSync(join(FIXTURES, file), 'utf8'), { file });
      // Named by index: two services may have SLOs of the same name.
      const states = await trackerStates(
        scenario,
        definitions.map((d, i) => ({ ...d.options, name: String(i) })),
      );
      const firing = (index: number, severity: Severity, at: number) =>
        states[at]?.alerts.includes(`${index}/${severity}`) ?? false;
      expect(states.some((state) => state.alerts.length > 0)).toBe(true);
      if (file === 'openslo-alert-policy.yaml') {
        // Its page waits 2 minutes (alertAfter): the page must fire for the wait to be tested.
        expect(states.some((state) => state.alerts.includes('0/page'))).toBe(true);
      }

      const cases: string[] = [];
      const names = new Set<string>();
      const alerts = definitions.flatMap((definition, index) =>
        (['page', 'ticket'] as const).flatMap((severity) => {
          const alert = alertOf(definition, severity);
          if (alert === undefined) return [];
          names.add(alert.name);
          return [{ ...alert, index, severity }];
        }),
      );
      states.forEach((state, at) => {
        for (const name of names) {
          const expected = alerts
            .filter((alert) => alert.name === name)
            .filter((alert) => {
              // With `for:`, Prometheus fires once the condition has held that long: the tracker
              // fired at every state (one each two minutes) over that time.
              for (let back = 0; back <= alert.forMinutes / 2; back++) {
                if (!firing(alert.index, alert.severity, at - back)) return false;
              }
              return true;
            })
            .map((alert) => alert.expected);
          cases.push(...alertCase(state.minute, name, expected));
        }
      });
      const result = runPromtool(
        promtool!,
        {
          'rules.yml': toPrometheusRules(definitions.map((d) => d.prometheus)),
          'test.yml': [
            ...PROMTOOL_TEST_HEAD,
            ...inputSeries(SERIES[file]!),
            '    alert_rule_test:',
            ...cases,
            '',
          ].join('\n'),
        },
        ['test', 'rules', 'test.yml'],
      );
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/SUCCESS/);
    },
  );
});
