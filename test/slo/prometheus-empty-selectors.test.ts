// A selector that matches no series is zero events, not a missing ratio: a service whose every
// request fails has no "good" series, and a clean one has no "bad" series. Prometheus must page on
// the first and read a full budget on the second, as the in-process tracker does.
import { describe, expect, it } from 'vitest';
import { toPrometheusRules, type PrometheusSloSpec } from '../../src/slo/index.js';
import { PROMTOOL_TEST_HEAD, PROMTOOL_TIMEOUT, promtool, runPromtool } from './promtool.js';

const ids = (slo: string) => `sloth_id="shop-${slo}", sloth_service="shop", sloth_slo="${slo}"`;

/** Runs `promtool test rules` on the spec's rules, with total traffic and `checks`. */
function promtoolTest(spec: PrometheusSloSpec, checks: string[]): string {
  const result = runPromtool(
    promtool!,
    {
      'rules.yml': toPrometheusRules([spec]),
      'test.yml': [
        ...PROMTOOL_TEST_HEAD,
        "      - series: 'requests_total'",
        "        values: '0+1000x30'",
        ...checks,
      ].join('\n'),
    },
    ['test', 'rules', 'test.yml'],
  );
  expect(result.ok, result.output).toBe(true);
  return result.output;
}

describe.skipIf(promtool === undefined)(
  'Prometheus rules when a selector matches nothing',
  PROMTOOL_TIMEOUT,
  () => {
    it('pages when no request is good (the good series does not exist)', () => {
      const spec: PrometheusSloSpec = {
        slo: { name: 'down', objective: 0.999 },
        service: 'shop',
        total: 'requests_total',
        good: 'requests_good_total',
      };
      expect(
        promtoolTest(spec, [
          '    promql_expr_test:',
          '      - expr: slo:sli_error:ratio_rate5m',
          '        eval_time: 10m',
          '        exp_samples:',
          `          - labels: 'slo:sli_error:ratio_rate5m{${ids('down')}, sloth_window="5m"}'`,
          '            value: 1',
          '    alert_rule_test:',
          '      - eval_time: 10m',
          '        alertname: SloErrorBudgetBurn',
          '        exp_alerts:',
          '          - exp_labels:',
          '              sloth_id: shop-down',
          '              sloth_service: shop',
          '              sloth_slo: down',
          '              severity: page',
          '              sloth_severity: page',
          '            exp_annotations:',
          '              title: "(page) shop down SLO error budget burn rate is too fast."',
          '              summary: "shop down SLO error budget burn rate is over expected."',
        ]),
      ).toMatch(/SUCCESS/);
    });

    it('reads a full budget when no request is bad (the bad series does not exist)', () => {
      const spec: PrometheusSloSpec = {
        slo: { name: 'clean', objective: 0.999 },
        service: 'shop',
        total: 'requests_total',
        bad: 'requests_failed_total',
      };
      expect(
        promtoolTest(spec, [
          '    promql_expr_test:',
          '      - expr: slo:period_error_budget_remaining:ratio',
          '        eval_time: 10m',
          '        exp_samples:',
          `          - labels: 'slo:period_error_budget_remaining:ratio{${ids('clean')}, sloth_window="30d"}'`,
          '            value: 1',
        ]),
      ).toMatch(/SUCCESS/);
    });
  },
);
