import { describe, expect, it } from 'vitest';
import {
  defaultBurnRateAlerts,
  toPrometheusRules,
  type PrometheusSloSpec,
} from '../../src/slo/index.js';
import { PROMTOOL_TIMEOUT, promtool, promtoolSkipReason, runPromtool } from './promtool.js';

const DAY = 86_400_000;

const availability: PrometheusSloSpec = {
  slo: { name: 'availability', objective: 0.999 },
  service: 'checkout',
  total: 'http_requests_total{job="checkout"}',
  good: 'http_requests_total{job="checkout",code!~"5.."}',
  labels: { team: 'payments' },
};

const latency: PrometheusSloSpec = {
  slo: {
    name: 'latency',
    objective: 0.99,
    windowMs: 28 * DAY,
    minimumEvents: 50,
    alerts: [
      { severity: 'page', burnRate: 10, longWindowMs: 3_600_000, shortWindowMs: 300_000 },
      { severity: 'ticket', burnRate: 2, longWindowMs: DAY, shortWindowMs: 7_200_000 },
    ],
  },
  service: 'checkout',
  total: 'http_request_duration_seconds_count',
  good: 'http_request_duration_seconds_bucket{le="0.3"}',
};

const errorsOnly: PrometheusSloSpec = {
  slo: { name: 'jobs', objective: 0.95, windowMs: 7 * DAY, alerts: false },
  service: 'worker',
  total: 'jobs_total',
  bad: 'jobs_failed_total',
  labels: { note: 'quotes " and \\ and a\nnewline and \u0085' },
  alertName: 'WorkerJobsBurn',
};

const thirtySeconds: PrometheusSloSpec = {
  slo: {
    name: 'queue',
    objective: 0.9,
    windowMs: 3_600_000,
    alerts: [{ severity: 'page', burnRate: 2, longWindowMs: 360_000, shortWindowMs: 30_000 }],
  },
  service: 'worker',
  total: 'jobs_total',
  bad: 'jobs_failed_total',
};

/** The rule names and labels of every rule, as a compact list. */
function records(yaml: string): string[] {
  return [...yaml.matchAll(/- (record|alert): "([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`);
}

describe('toPrometheusRules', () => {
  it('records the error ratio of every window as a ratio of sums, plus Sloth metadata', () => {
    const yaml = toPrometheusRules([availability]);
    expect(records(yaml)).toEqual([
      ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map(
        (w) => `record slo:sli_error:ratio_rate${w}`,
      ),
      'record slo:objective:ratio',
      'record slo:error_budget:ratio',
      'record slo:time_period:days',
      'record slo:current_burn_rate:ratio',
      'record slo:period_burn_rate:ratio',
      'record slo:period_error_budget_remaining:ratio',
      'record sloth_slo_info',
      'alert SloErrorBudgetBurn',
      'alert SloErrorBudgetBurn',
    ]);
    expect(yaml).toContain(
      [
        '      - record: "slo:sli_error:ratio_rate1h"',
        '        expr: |-',
        '          (',
        '            sum(rate(http_requests_total{job="checkout"}[1h]))',
        '            -',
        '            (sum(rate(http_requests_total{job="checkout",code!~"5.."}[1h])) or vector(0))',
        '          )',
        '          /',
        '          sum(rate(http_requests_total{job="checkout"}[1h]))',
        '        labels:',
        '          sloth_id: "checkout-availability"',
        '          sloth_service: "checkout"',
        '          sloth_slo: "availability"',
        '          team: "payments"',
        '          sloth_window: "1h"',
      ].join('\n'),
    );
    // The period too is a ratio of sums over the whole period, not an average of 5-min ratios.
    expect(yaml).toContain('sum(rate(http_requests_total{job="checkout"}[30d]))');
    expect(yaml).not.toMatch(/avg|sum_over_time|count_over_time/);
    expect(yaml).toContain('vector(0.001)');
    expect(yaml).toContain('vector(30)');
    expect(yaml).toContain('sloth_objective: "99.9"');
  });

  it('alerts with severity labels, both windows at or above each threshold, tickets unless a page', () => {
    const yaml = toPrometheusRules([availability]);
    const [page, ticket] = yaml.split('- alert: ').slice(1) as [string, string];
    expect(page).toContain('severity: "page"');
    expect(page).toContain('sloth_severity: "page"');
    expect(page).toMatch(
      /ratio_rate5m\{[^}]+\} >= 0\.0144\)\n\s+and ignoring \(sloth_window\)\n\s+\(slo:sli_error:ratio_rate1h\{[^}]+\} >= 0\.0144\)/,
    );
    expect(page).toMatch(/ratio_rate30m\{[^}]+\} >= 0\.006\)/);
    expect(page).not.toContain('unless');
    expect(ticket).toContain('severity: "ticket"');
    expect(ticket).toMatch(/ratio_rate2h\{[^}]+\} >= 0\.003\)/);
    expect(ticket).toMatch(
      /ratio_rate6h\{[^}]+\} >= 0\.001\)\n\s+and ignoring \(sloth_window\)\n\s+\(slo:sli_error:ratio_rate3d/,
    );
    expect(ticket).toContain(') unless ignoring (sloth_window) (');
    expect(ticket.indexOf('unless')).toBeLessThan(ticket.indexOf('ratio_rate5m'));
  });

  it('follows the spec: period, windows, the low-traffic guard, bad counters, names and labels', () => {
    const yaml = toPrometheusRules([latency, errorsOnly]);
    expect(records(yaml).filter((r) => r.startsWith('record slo:sli_error'))).toEqual([
      ...['5m', '1h', '2h', '1d', '28d'].map((w) => `record slo:sli_error:ratio_rate${w}`),
      ...['5m', '7d'].map((w) => `record slo:sli_error:ratio_rate${w}`),
    ]);
    expect(yaml).toContain('vector(28)');
    expect(yaml).toContain(
      'and on ()\n              (sum(increase(http_request_duration_seconds_count[5m])) >= 50)',
    );
    expect(yaml).toContain(
      '(sum(rate(jobs_failed_total[5m])) or vector(0))\n          /\n          sum(rate(jobs_total[5m]))',
    );
    expect(yaml).not.toContain('WorkerJobsBurn'); // alerts: false
    expect(yaml).toContain('note: "quotes \\" and \\\\ and a\\nnewline and \\u0085"');
    const named = toPrometheusRules([
      { ...errorsOnly, slo: { ...errorsOnly.slo, alerts: defaultBurnRateAlerts } },
    ]);
    expect(records(named)).toContain('alert WorkerJobsBurn');
    expect(toPrometheusRules([])).toContain('groups: []');
  });

  it('starts with a header saying the file is generated, and gives each SLO its own group', () => {
    const yaml = toPrometheusRules([availability, latency]);
    expect(yaml.split('\n').slice(0, 4)).toEqual([
      '# Generated by ballast (toPrometheusRules). Do not edit by hand.',
      'groups:',
      '  - name: "ballast-slo-checkout-availability"',
      '    rules:',
    ]);
    expect(yaml).toContain('\n  - name: "ballast-slo-checkout-latency"\n    rules:\n');
    expect(yaml.endsWith('\n')).toBe(true);
    expect(toPrometheusRules([])).toBe(
      '# Generated by ballast (toPrometheusRules). Do not edit by hand.\ngroups: []\n',
    );
  });

  it('labels every rule with the sloth_* labels, and describes the SLO in sloth_slo_info', () => {
    const yaml = toPrometheusRules([availability]);
    const ids = [
      '          sloth_id: "checkout-availability"',
      '          sloth_service: "checkout"',
      '          sloth_slo: "availability"',
      '          team: "payments"',
    ];
    expect(yaml).toContain(
      [
        '      - record: "sloth_slo_info"',
        '        expr: |-',
        '          vector(1)',
        '        labels:',
        ...ids,
        '          sloth_mode: "ballast"',
        '          sloth_spec: "ballast/v1"',
        '          sloth_objective: "99.9"',
      ].join('\n'),
    );
    const filter =
      '{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}';
    expect(yaml).toContain(
      [
        '      - record: "slo:current_burn_rate:ratio"',
        '        expr: |-',
        `          slo:sli_error:ratio_rate5m${filter}`,
        '          / on(sloth_id, sloth_slo, sloth_service) group_left',
        `          slo:error_budget:ratio${filter}`,
        '        labels:',
        ...ids,
        '      - record:',
      ].join('\n'),
    );
    // Every recording rule carries the id labels; only the ratios carry sloth_window.
    const recording = yaml
      .split('      - ')
      .slice(1)
      .filter((r) => r.startsWith('record:'));
    expect(recording).toHaveLength(15);
    for (const rule of recording) {
      expect(rule).toContain(ids.join('\n'));
      expect(rule.includes('sloth_window:')).toBe(
        rule.startsWith('record: "slo:sli_error:ratio_rate'),
      );
    }
    for (const severity of ['page', 'ticket']) {
      expect(yaml).toContain(
        [
          '        labels:',
          '          sloth_id: "checkout-availability"',
          `          severity: "${severity}"`,
          `          sloth_severity: "${severity}"`,
          '        annotations:',
          `          title: "(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast."`,
          '          summary: "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected."',
        ].join('\n'),
      );
    }
  });

  it('alerts on ticket-only tiers without an unless clause, and on page-only tiers without a ticket', () => {
    const tickets = defaultBurnRateAlerts.filter((a) => a.severity === 'ticket');
    const pages = defaultBurnRateAlerts.filter((a) => a.severity === 'page');
    const ticketOnly = toPrometheusRules([
      { ...availability, slo: { ...availability.slo, alerts: tickets } },
    ]);
    const alerts = ticketOnly.split('- alert: ').slice(1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('severity: "ticket"');
    expect(alerts[0]).toMatch(/ratio_rate2h\{[^}]+\} >= 0\.003\)/);
    expect(ticketOnly).not.toContain('unless');
    expect(ticketOnly).not.toMatch(/\(\s*\)/);
    const pageOnly = toPrometheusRules([
      { ...availability, slo: { ...availability.slo, alerts: pages } },
    ]);
    expect(pageOnly.split('- alert: ').slice(1)).toHaveLength(1);
    expect(pageOnly).toContain('severity: "page"');
    expect(pageOnly).not.toContain('ticket');
    expect(pageOnly).not.toContain('unless');
  });

  it('records a period equal to an alert window once', () => {
    // 3 days: the period is also the slowest ticket's long window.
    const yaml = toPrometheusRules([
      { ...availability, slo: { ...availability.slo, windowMs: 3 * DAY } },
    ]);
    expect(records(yaml).filter((r) => r.startsWith('record slo:sli_error'))).toEqual(
      ['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => `record slo:sli_error:ratio_rate${w}`),
    );
    expect(yaml).toMatch(
      /record: "slo:period_burn_rate:ratio"\n.*\n\s+slo:sli_error:ratio_rate3d\{/,
    );
    expect(yaml).toContain('vector(3)');
  });

  it('writes a 30-s window in seconds, as PromQL durations go', () => {
    const yaml = toPrometheusRules([thirtySeconds]);
    expect(records(yaml).filter((r) => r.startsWith('record slo:sli_error'))).toEqual(
      ['30s', '5m', '6m', '1h'].map((w) => `record slo:sli_error:ratio_rate${w}`),
    );
    expect(yaml).toContain('sum(rate(jobs_total[30s]))');
    expect(yaml).toContain('sloth_window: "30s"');
    expect(yaml).toMatch(/\(slo:sli_error:ratio_rate30s\{[^}]+\} >= 0\.2\)/);
    expect(yaml).not.toMatch(/\d+000ms/);
  });

  it.each<[string, unknown, RegExp]>([
    ['a non-array', 'x', /slos must be an array of PrometheusSloSpec, got "x"/],
    ['a null spec', [null], /slos\[0\] must be a PrometheusSloSpec object/],
    [
      'a bad objective',
      [{ ...availability, slo: { name: 'a', objective: 2 } }],
      /slos\[0\]\.slo\.objective must be in \(0, 1\)/,
    ],
    [
      'no slo name',
      [{ ...availability, slo: { objective: 0.9 } }],
      /slos\[0\]\.slo\.name must be a non-empty string/,
    ],
    [
      'no service',
      [{ ...availability, service: '' }],
      /slos\[0\]\.service must be a non-empty string/,
    ],
    [
      'both good and bad',
      [{ ...availability, bad: 'errors_total' }],
      /slos\[0\] must give exactly one of good and bad/,
    ],
    ['neither good nor bad', [{ ...availability, good: undefined }], /exactly one of good and bad/],
    [
      'an expression as selector',
      [{ ...availability, total: 'rate(x[5m])' }],
      /slos\[0\]\.total must be a series selector/,
    ],
    [
      'a selector with a newline',
      [{ ...availability, good: 'x{a="1"}\n' + '{b="2"}' }],
      /slos\[0\]\.good must be a series selector/,
    ],
    [
      'an empty selector',
      [{ ...availability, total: ' ' }],
      /slos\[0\]\.total must be a series selector/,
    ],
    [
      'a bad label name',
      [{ ...availability, labels: { 'a-b': 'x' } }],
      /slos\[0\]\.labels\.a-b: not a valid Prometheus label name/,
    ],
    [
      'a reserved label name',
      [{ ...availability, labels: { __name__: 'x' } }],
      /not a valid Prometheus label name/,
    ],
    [
      'a label the rules set',
      [{ ...availability, labels: { severity: 'x' } }],
      /slos\[0\]\.labels\.severity: the rules set this label themselves/,
    ],
    [
      'a sloth label',
      [{ ...availability, labels: { sloth_id: 'x' } }],
      /the rules set this label themselves/,
    ],
    [
      'a non-string label',
      [{ ...availability, labels: { team: 1 } }],
      /slos\[0\]\.labels\.team must be a string, got 1/,
    ],
    [
      'a bad alert name',
      [{ ...availability, alertName: 'a b' }],
      /slos\[0\]\.alertName must be a Prometheus name/,
    ],
    [
      'a window PromQL cannot express',
      [{ ...availability, slo: { name: 'a', objective: 0.9, windowMs: 30 * DAY + 0.5 } }],
      /slos\[0\]\.slo\.windowMs must be a whole number of milliseconds for PromQL/,
    ],
    [
      'a fractional alert window',
      [
        {
          ...availability,
          slo: {
            name: 'a',
            objective: 0.9,
            alerts: [
              { severity: 'page', burnRate: 2, longWindowMs: 3_600_000, shortWindowMs: 0.5 },
            ],
          },
        },
      ],
      /slos\[0\]\.slo\.alerts\[0\]\.shortWindowMs must be a whole number/,
    ],
    [
      'a repeated id',
      [availability, { ...availability }],
      /slos\[1\] repeats sloth_id "checkout-availability"/,
    ],
  ])('rejects %s', (_, slos, message) => {
    expect(() => toPrometheusRules(slos as PrometheusSloSpec[])).toThrow(message);
  });

  it('rejects unknown and null fields of a spec and of its SLO, with the closest valid name', () => {
    expect(() => toPrometheusRules([{ ...availability, servce: 'x' } as never])).toThrow(
      new TypeError('unknown option "slos[0].servce" (did you mean "slos[0].service"?)'),
    );
    expect(() =>
      toPrometheusRules([
        { ...availability, slo: { name: 'a', objective: 0.9, window: DAY } } as never,
      ]),
    ).toThrow(
      new TypeError('unknown option "slos[0].slo.window" (did you mean "slos[0].slo.windowMs"?)'),
    );
    expect(() => toPrometheusRules([{ ...availability, labels: null } as never])).toThrow(
      /slos\[0\]\.labels must not be null/,
    );
    expect(() =>
      toPrometheusRules([
        { ...availability, slo: { name: 'a', objective: 0.9, windowMs: null } } as never,
      ]),
    ).toThrow(/slos\[0\]\.slo\.windowMs must not be null/);
    expect(() => toPrometheusRules([{ ...availability, service: 10n } as never])).toThrow(
      /slos\[0\]\.service must be a non-empty string, got 10n/,
    );
    expect(() =>
      toPrometheusRules([{ ...availability, labels: { team: Symbol('t') } } as never]),
    ).toThrow(/slos\[0\]\.labels\.team must be a string, got Symbol\(t\)/);
  });

  it('keeps the error type of the SLO checks', () => {
    expect(() =>
      toPrometheusRules([{ ...availability, slo: { name: '', objective: 0.9 } }]),
    ).toThrow(TypeError);
    expect(() =>
      toPrometheusRules([{ ...availability, slo: { name: 'a', objective: 9 } }]),
    ).toThrow(RangeError);
  });
});

describe.skipIf(promtool === undefined)('promtool check rules', PROMTOOL_TIMEOUT, () => {
  it('accepts every generated file', () => {
    const only = (severity: 'page' | 'ticket'): PrometheusSloSpec => ({
      ...availability,
      slo: {
        ...availability.slo,
        alerts: defaultBurnRateAlerts.filter((a) => a.severity === severity),
      },
    });
    for (const slos of [
      [availability],
      [availability, latency, errorsOnly],
      [],
      [only('ticket')],
      [only('page')],
      [{ ...availability, slo: { ...availability.slo, windowMs: 3 * DAY } }],
      [thirtySeconds],
    ]) {
      const result = runPromtool(promtool!, { 'rules.yml': toPrometheusRules(slos) }, [
        'check',
        'rules',
        'rules.yml',
      ]);
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/SUCCESS/);
    }
  });

  it('rejects a broken file, so the check can fail', () => {
    const broken = toPrometheusRules([availability]).replace('sum(rate(', 'sum(rate((');
    const result = runPromtool(promtool!, { 'rules.yml': broken }, ['check', 'rules', 'rules.yml']);
    expect(result.ok).toBe(false);
  });
});

const skipReason = promtoolSkipReason();
if (skipReason !== undefined) {
  if (process.env.CI !== undefined && process.env.CI !== '') {
    it('has promtool in CI', () => {
      throw new Error(`${skipReason} (CI is set, so this fails instead of skipping)`);
    });
  } else {
    console.warn(`Skipping the promtool tests: ${skipReason}`);
  }
}
