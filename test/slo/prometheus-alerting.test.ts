// The `alerting` block of a PrometheusSloSpec: per-severity names, labels, annotations and `for:`,
// alerts left out, and the opt-in "SLO data absent" and "error budget exhausted" alerts.

import { describe, expect, it } from 'vitest';
import {
  defaultBurnRateAlerts,
  toPrometheusRules,
  type PrometheusSloSpec,
} from '../../src/slo/index.js';
import { PROMTOOL_TEST_HEAD, PROMTOOL_TIMEOUT, promtool, runPromtool } from './promtool.js';
import {
  alertCase,
  burnAlert,
  counterSeries,
  trackerStates,
  type ExpectedAlert,
  type Scenario,
} from './prometheus-scenario.js';

const spec: PrometheusSloSpec = {
  slo: { name: 'availability', objective: 0.999 },
  service: 'checkout',
  total: 'http_requests_total{job="checkout"}',
  bad: 'http_requests_total{job="checkout",code=~"5.."}',
  labels: { team: 'payments' },
};

const FILTER =
  '{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}';

const rules = (given: unknown) => toPrometheusRules([given as PrometheusSloSpec]);

/** Each alerting rule of `yaml`, from its `- alert:` line to the next rule. */
function alertsOf(yaml: string): string[] {
  return yaml
    .split('      - ')
    .filter((rule) => rule.startsWith('alert: '))
    .map((rule) => rule.split('\n  - name:')[0]!);
}

describe('alerting', () => {
  it('names, labels, annotates and delays each severity, over the rules’ own', () => {
    const [page, ticket] = alertsOf(
      rules({
        ...spec,
        alertName: 'CheckoutBurn',
        alerting: {
          page: {
            name: 'CheckoutPage',
            labels: { severity: 'critical', routing_key: 'checkout' },
            annotations: { summary: 'Checkout is burning its budget', runbook_url: 'https://rb/1' },
            forMs: 120_000,
          },
          ticket: { labels: { channel: '#checkout' }, forMs: 5_400_000 },
        },
      }),
    ) as [string, string];
    expect(page).toMatch(/^alert: "CheckoutPage"\n/);
    expect(page).toContain(
      [
        '        for: "2m"',
        '        labels:',
        '          sloth_id: "checkout-availability"',
        '          severity: "critical"',
        '          sloth_severity: "page"',
        '          routing_key: "checkout"',
        '        annotations:',
        '          title: "(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast."',
        '          summary: "Checkout is burning its budget"',
        '          runbook_url: "https://rb/1"',
      ].join('\n'),
    );
    expect(ticket).toMatch(/^alert: "CheckoutBurn"\n/);
    expect(ticket).toContain('        for: "90m"\n        labels:\n');
    expect(ticket).toContain(
      '          sloth_severity: "ticket"\n          channel: "#checkout"\n',
    );
    expect(ticket).toContain('unless ignoring (sloth_window)');
  });

  it('leaves out an alert given false; without a page, tickets are no longer held quiet', () => {
    const noPage = alertsOf(rules({ ...spec, alerting: { page: false } }));
    expect(noPage).toHaveLength(1);
    expect(noPage[0]).toContain('severity: "ticket"');
    expect(noPage[0]).not.toContain('unless');
    expect(noPage[0]).not.toContain('>= 0.0144');
    const noTicket = alertsOf(rules({ ...spec, alerting: { ticket: false } }));
    expect(noTicket).toHaveLength(1);
    expect(noTicket[0]).toContain('severity: "page"');
    expect(alertsOf(rules({ ...spec, alerting: { page: false, ticket: false } }))).toEqual([]);
    // Given but with no tiers of its severity, an alert has nothing to fire on.
    const tickets = defaultBurnRateAlerts.filter((a) => a.severity === 'ticket');
    const ticketsOnly = rules({
      ...spec,
      slo: { ...spec.slo, alerts: tickets },
      alerting: { page: { name: 'Never' } },
    });
    expect(ticketsOnly).not.toContain('Never');
  });

  it('writes the absent alert on the total series, or the total query over the shortest window', () => {
    const [selector] = alertsOf(
      rules({ ...spec, alerting: { page: false, ticket: false, absent: {} } }),
    );
    expect(selector).toBe(
      [
        'alert: "SloDataAbsent"',
        '        expr: |-',
        '          absent(http_requests_total{job="checkout"})',
        '          * on () group_left (sloth_id, sloth_service, sloth_slo)',
        `          sloth_slo_info${FILTER}`,
        '        for: "1m"',
        '        labels:',
        '          sloth_id: "checkout-availability"',
        '          sloth_service: "checkout"',
        '          sloth_slo: "availability"',
        '          team: "payments"',
        '          severity: "page"',
        '        annotations:',
        '          title: "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO has no data."',
        '          summary: "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO events are missing: its burn-rate alerts cannot fire."',
        '',
      ].join('\n'),
    );
    const [query] = alertsOf(
      rules({
        slo: {
          name: 'queue',
          objective: 0.9,
          windowMs: 3_600_000,
          alerts: [{ severity: 'page', burnRate: 2, longWindowMs: 360_000, shortWindowMs: 30_000 }],
        },
        service: 'worker',
        totalQuery: 'sum(rate(jobs_total[{{.window}}]))',
        badQuery: 'sum(rate(jobs_failed_total[{{.window}}]))',
        alerting: { page: false, absent: { name: 'QueueNoData', labels: { severity: 'info' } } },
      }),
    );
    expect(query).toContain('alert: "QueueNoData"\n        expr: |-\n');
    expect(query).toContain('          absent(sum(rate(jobs_total[30s])))\n');
    expect(query).toContain('          severity: "info"\n');
  });

  it.each<[string, PrometheusSloSpec['slo'], string | undefined]>([
    ['99.9 % with the default tiers: 14.4 x 0.1 % of 1 h is 52 s', spec.slo, '1m'],
    ['99 %: 14.4 x 1 % of 1 h is 8.6 min', { name: 'a', objective: 0.99 }, '9m'],
    ['95 %: 14.4 x 5 % of 1 h is 43.2 min', { name: 'a', objective: 0.95 }, '44m'],
    ['no tiers at all', { name: 'a', objective: 0.9, alerts: false }, '1m'],
    [
      'a ticket tier alone: 2 x 1 % of 1 d',
      {
        name: 'a',
        objective: 0.99,
        alerts: [{ severity: 'ticket', burnRate: 2, longWindowMs: 86_400_000, shortWindowMs: 1 }],
      },
      '29m',
    ],
  ])(
    'waits for the absent alert as long as the fastest tier on a total outage: %s',
    (_, slo, wait) => {
      const [absent] = alertsOf(
        rules({ ...spec, slo, alerting: { page: false, ticket: false, absent: {} } }),
      );
      expect(absent).toContain(`        for: "${wait}"\n`);
    },
  );

  it('writes no for: when forMs is 0', () => {
    const [absent] = alertsOf(
      rules({ ...spec, alerting: { absent: { forMs: 0 }, ticket: false, page: false } }),
    );
    expect(absent).not.toContain('for:');
  });

  it('writes the exhausted alert on the budget left', () => {
    const [exhausted] = alertsOf(
      rules({ ...spec, alerting: { page: false, ticket: false, budgetExhausted: {} } }),
    );
    expect(exhausted).toBe(
      [
        'alert: "SloErrorBudgetExhausted"',
        '        expr: |-',
        `          slo:period_error_budget_remaining:ratio${FILTER} <= 0`,
        '        labels:',
        '          sloth_id: "checkout-availability"',
        '          severity: "ticket"',
        '        annotations:',
        '          title: "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget is exhausted."',
        '          summary: "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO has spent its error budget for the period."',
        '',
      ].join('\n'),
    );
  });

  it.each<[string, unknown, Error]>([
    [
      'alerting that is not an object',
      true,
      new TypeError('slos[0].alerting must be an object, got true'),
    ],
    [
      'a misspelt alert',
      { pgae: {} },
      new TypeError(
        'unknown option "slos[0].alerting.pgae" (did you mean "slos[0].alerting.page"?)',
      ),
    ],
    [
      'true for an alert',
      { absent: true },
      new TypeError(
        'slos[0].alerting.absent must be an SloAlertRule object (such as {}) or false, got true',
      ),
    ],
    [
      'an array for an alert',
      { page: [] },
      new TypeError(
        'slos[0].alerting.page must be an SloAlertRule object (such as {}) or false, got an array of 0',
      ),
    ],
    [
      'null for an alert',
      { ticket: null },
      new TypeError(
        'slos[0].alerting.ticket must not be null (omit it, or pass undefined, for the default)',
      ),
    ],
    [
      'Prometheus’s `for` instead of forMs',
      { page: { for: '5m' } },
      new TypeError(
        'unknown option "slos[0].alerting.page.for" (did you mean "slos[0].alerting.page.forMs"?)',
      ),
    ],
    [
      'a name with a dash',
      { absent: { name: 'slo-absent' } },
      new TypeError('slos[0].alerting.absent.name must be a Prometheus name, got "slo-absent"'),
    ],
    [
      'a sloth label',
      { page: { labels: { sloth_severity: 'high' } } },
      new TypeError(
        'slos[0].alerting.page.labels.sloth_severity: the rules set this label themselves',
      ),
    ],
    [
      'the alertname label',
      { ticket: { labels: { alertname: 'x' } } },
      new TypeError(
        'slos[0].alerting.ticket.labels.alertname: the rules set this label themselves',
      ),
    ],
    [
      'a reserved label name',
      { page: { labels: { __meta: 'x' } } },
      new TypeError('slos[0].alerting.page.labels.__meta: not a valid Prometheus label name'),
    ],
    [
      'a label that is a number',
      { page: { labels: { team: 5 } } },
      new TypeError('slos[0].alerting.page.labels.team must be a string, got 5'),
    ],
    [
      'labels that are an array',
      { page: { labels: ['team'] } },
      new TypeError('slos[0].alerting.page.labels must be an object of strings, got an array of 1'),
    ],
    [
      'an annotation name with a dash',
      { budgetExhausted: { annotations: { 'runbook-url': 'x' } } },
      new TypeError(
        'slos[0].alerting.budgetExhausted.annotations.runbook-url: not a valid annotation name',
      ),
    ],
    [
      'an annotation that is not a string',
      { page: { annotations: { summary: ['a'] } } },
      new TypeError(
        'slos[0].alerting.page.annotations.summary must be a string, got an array of 1',
      ),
    ],
    [
      'annotations that are a string',
      { page: { annotations: 'x' } },
      new TypeError('slos[0].alerting.page.annotations must be an object of strings, got "x"'),
    ],
    [
      'a negative forMs',
      { page: { forMs: -1 } },
      new RangeError(
        'slos[0].alerting.page.forMs must be a whole number of milliseconds from 0 to 9223372036854, got -1',
      ),
    ],
    [
      'a fractional forMs',
      { absent: { forMs: 1.5 } },
      new RangeError(
        'slos[0].alerting.absent.forMs must be a whole number of milliseconds from 0 to 9223372036854, got 1.5',
      ),
    ],
    [
      'a forMs longer than a Prometheus duration holds',
      { ticket: { forMs: 2 ** 53 } },
      new RangeError(
        'slos[0].alerting.ticket.forMs must be a whole number of milliseconds from 0 to 9223372036854, got 9007199254740992',
      ),
    ],
    [
      'a forMs in Prometheus notation',
      { page: { forMs: '5m' } },
      new RangeError(
        'slos[0].alerting.page.forMs must be a whole number of milliseconds from 0 to 9223372036854, got "5m"',
      ),
    ],
  ])('rejects %s, naming the field', (_, alerting, error) => {
    expect(() => rules({ ...spec, alerting })).toThrow(error);
    expect(() => rules({ ...spec, alerting })).toThrow(error.constructor);
  });

  it('accepts a severity of its own, an annotation with a template, a duration in ms', () => {
    const yaml = rules({
      ...spec,
      alerting: {
        page: {
          labels: { severity: '' },
          annotations: { value: '{{ $value | humanize }}' },
          forMs: 1_500,
        },
      },
    });
    expect(yaml).toContain('          severity: ""\n');
    expect(yaml).toContain('          value: "{{ $value | humanize }}"\n');
    expect(yaml).toContain('        for: "1500ms"\n');
  });
});

/** Runs `promtool test rules` on `slos` with `lines` after the test head. */
function promtoolTest(slos: readonly PrometheusSloSpec[], lines: readonly string[]): void {
  const result = runPromtool(
    promtool!,
    {
      'rules.yml': toPrometheusRules(slos),
      'test.yml': [...PROMTOOL_TEST_HEAD, ...lines, ''].join('\n'),
    },
    ['test', 'rules', 'test.yml'],
  );
  expect(result.ok, result.output).toBe(true);
  expect(result.output).toMatch(/SUCCESS/);
}

const absentAlert = (slo: string, extra: Record<string, string> = {}): ExpectedAlert => ({
  labels: {
    sloth_id: `shop-${slo}`,
    sloth_service: 'shop',
    sloth_slo: slo,
    team: 'core',
    severity: 'page',
    ...extra,
  },
  annotations: {
    title: `shop ${slo} SLO has no data.`,
    summary: `shop ${slo} SLO events are missing: its burn-rate alerts cannot fire.`,
  },
});

describe.skipIf(promtool === undefined)('alerting rules in promtool', PROMTOOL_TIMEOUT, () => {
  it('pass promtool check rules with every option, and label names that are PromQL keywords', () => {
    const result = runPromtool(
      promtool!,
      {
        'rules.yml': toPrometheusRules([
          {
            ...spec,
            labels: {
              and: 'x',
              on: 'y',
              bool: 'z',
              offset: 'w',
              group_left: 'v',
              inf: 'u',
              NaN: 't',
            },
            alerting: {
              page: {
                name: 'P',
                labels: { severity: 'critical' },
                annotations: { runbook_url: 'u' },
                forMs: 60_000,
              },
              ticket: { forMs: 1_500 },
              absent: { annotations: { description: 'Missing: {{ $labels.sloth_slo }}' } },
              budgetExhausted: { forMs: 300_000 },
            },
          },
          { ...spec, service: 'other', alerting: { page: false, absent: {}, budgetExhausted: {} } },
        ]),
      },
      ['check', 'rules', 'rules.yml'],
    );
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/SUCCESS: 37 rules found/);
  });

  it('fire the absent alert once the total series vanish and for: has passed, not before', () => {
    // 1 000 requests a minute up to minute 30, then the series go stale (the target is gone).
    const slo = (name: string, sli: Partial<PrometheusSloSpec>): PrometheusSloSpec => ({
      ...sli,
      slo: { name, objective: 0.999, alerts: false },
      service: 'shop',
      labels: { team: 'core' },
      alerting: { absent: { forMs: 180_000 } },
    });
    const at = (minute: number, alerts: ExpectedAlert[]) =>
      alertCase(minute, 'SloDataAbsent', alerts);
    promtoolTest(
      [
        slo('selectors', { total: 'requests_total{job="shop"}', bad: 'requests_failed_total' }),
        slo('queries', {
          totalQuery: 'sum(rate(requests_total{job="shop"}[{{.window}}]))',
          badQuery: 'sum(rate(requests_failed_total[{{.window}}]))',
        }),
      ],
      [
        `      - series: 'requests_total{job="shop"}'`,
        "        values: '0+1000x30 stale'",
        '    alert_rule_test:',
        // No bad series at any time: a clean service has data.
        ...at(30, []),
        // Stale at 31: absent() of the series at once, held for 3 minutes.
        ...at(33, []),
        ...at(34, [absentAlert('selectors', { job: 'shop' })]),
        // The 5-min rate lasts while its range holds two samples (30 and before): until 35.
        ...at(37, [absentAlert('selectors', { job: 'shop' })]),
        ...at(38, [absentAlert('selectors', { job: 'shop' }), absentAlert('queries')]),
      ],
    );
  });

  it('fire the exhausted alert while the budget is spent, as the tracker does, and never without traffic', async () => {
    // A 1-h period at 99 %: 100 requests a minute allow 60 bad an hour; 5 minutes of 25 bad spend
    // it, and it recovers once they leave the hour.
    const scenario: Scenario = {
      minutes: 120,
      perMinute: 100,
      badIn: (minute) => (minute > 30 && minute <= 35 ? 25 : 0),
    };
    const options = {
      name: 'hourly',
      objective: 0.99,
      windowMs: 3_600_000,
      alerts: false,
    } as const;
    const states = await trackerStates(scenario, [options]);
    const minutes = states.filter((s) => s.exhausted.length > 0).map((s) => s.minute);
    // Spent from minute 32 (50 bad of 3 200, 32 allowed) until the first bad minutes leave the hour.
    expect(minutes[0]).toBe(32);
    expect(minutes.at(-1)).toBe(92);
    expect(minutes).toHaveLength(31);
    const exhausted = (slo: string): ExpectedAlert => ({
      labels: {
        sloth_id: `shop-${slo}`,
        sloth_service: 'shop',
        sloth_slo: slo,
        sloth_window: '1h',
        severity: 'ticket',
      },
      annotations: {
        title: `shop ${slo} SLO error budget is exhausted.`,
        summary: `shop ${slo} SLO has spent its error budget for the period.`,
      },
    });
    const slo = (name: string, total: string): PrometheusSloSpec => ({
      slo: { ...options, name },
      service: 'shop',
      total,
      good: 'requests_good_total',
      alerting: { page: false, ticket: false, budgetExhausted: {} },
    });
    promtoolTest(
      [
        slo('hourly', 'requests_total'),
        // No traffic: a counter that stands still (0 / 0), or none at all.
        slo('idle', 'idle_total'),
        slo('missing', 'missing_total'),
      ],
      [
        ...counterSeries(scenario),
        `      - series: 'idle_total'`,
        "        values: '7x120'",
        '    alert_rule_test:',
        ...states.flatMap((state) =>
          alertCase(state.minute, 'SloErrorBudgetExhausted', state.exhausted.map(exhausted)),
        ),
      ],
    );
  });

  it('keep ticket alerts right without a page alert: every ticket tier fires, none held quiet', async () => {
    // The outage of prometheus-outage.test.ts: two clean hours, 20 minutes at 20 % errors.
    const scenario: Scenario = {
      minutes: 300,
      perMinute: 1_000,
      badIn: (minute) => (minute > 120 && minute <= 140 ? 200 : 0),
    };
    const tickets = defaultBurnRateAlerts.filter((a) => a.severity === 'ticket');
    // What the rules without a page alert must do is what a tracker without page tiers does.
    const states = await trackerStates(scenario, [
      { name: 'paged', objective: 0.999 },
      { name: 'unpaged', objective: 0.999, alerts: tickets },
    ]);
    // The case that matters: a page fires, and the unpaged SLO's ticket with it.
    expect(states.some((s) => s.alerts.join() === 'paged/page,unpaged/ticket')).toBe(true);
    const slo = (name: string): PrometheusSloSpec => ({
      slo: { name, objective: 0.999 },
      service: 'shop',
      total: 'requests_total',
      good: 'requests_good_total',
    });
    promtoolTest(
      [slo('paged'), { ...slo('unpaged'), alerting: { page: false } }],
      [
        ...counterSeries(scenario),
        '    alert_rule_test:',
        ...states.flatMap((state) =>
          alertCase(
            state.minute,
            'SloErrorBudgetBurn',
            state.alerts.map((alert) => burnAlert(...(alert.split('/') as [string, string]))),
          ),
        ),
      ],
    );
  });
});
