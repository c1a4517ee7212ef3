// Query-template SLIs (Sloth's `events` SLIs): PromQL with a {{.window}} placeholder instead of
// series selectors. The rules must read like Sloth's, be refused with a precise message when a
// template is wrong, and fire exactly the alerts the selector form fires on the same series.

import { describe, expect, it } from 'vitest';
import { toPrometheusRules, type PrometheusSloSpec } from '../../src/slo/index.js';
import { PROMTOOL_TEST_HEAD, PROMTOOL_TIMEOUT, promtool, runPromtool } from './promtool.js';
import {
  alertCase,
  burnAlert,
  counterSeries,
  trackerStates,
  type Scenario,
} from './prometheus-scenario.js';

const TOTAL = 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))';
const BAD = 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))';

const queries: PrometheusSloSpec = {
  slo: { name: 'availability', objective: 0.999 },
  service: 'checkout',
  totalQuery: TOTAL,
  badQuery: BAD,
};

/** The `expr` lines of the recording rule `record` in `yaml`. */
function exprOf(yaml: string, record: string): string[] {
  const start = yaml.indexOf(`- record: "${record}"`);
  expect(start, record).toBeGreaterThanOrEqual(0);
  const lines = yaml.slice(start).split('\n').slice(2);
  return lines
    .slice(
      0,
      lines.findIndex((line) => !line.startsWith('          ')),
    )
    .map((line) => line.slice(10));
}

const rules = (spec: unknown) => toPrometheusRules([spec as PrometheusSloSpec]);

describe('query-template SLIs', () => {
  it("record each window's error ratio as Sloth does, (bad) / (total), with the window in place", () => {
    const yaml = rules(queries);
    for (const window of ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d']) {
      expect(exprOf(yaml, `slo:sli_error:ratio_rate${window}`)).toEqual([
        `(sum(rate(http_requests_total{job="checkout",code=~"5.."}[${window}])) or vector(0))`,
        '/',
        `(sum(rate(http_requests_total{job="checkout"}[${window}])))`,
      ]);
    }
    expect(yaml).not.toMatch(/\{\{\s*\.window/);
    // Everything past the ratios is the selector form's: the same metadata and alerts.
    const selectors = rules({
      ...queries,
      totalQuery: undefined,
      badQuery: undefined,
      total: 'x',
      bad: 'y',
    });
    const tail = (text: string) => text.slice(text.indexOf('- record: "slo:objective:ratio"'));
    expect(tail(yaml)).toBe(tail(selectors));
  });

  it('record the good form as (total - good) / total, the same arithmetic as with selectors', () => {
    const yaml = rules({
      ...queries,
      badQuery: undefined,
      goodQuery: 'sum(rate(http_requests_total{job="checkout",code!~"5.."}[{{ .window }}]))',
    });
    expect(exprOf(yaml, 'slo:sli_error:ratio_rate1h')).toEqual([
      '(',
      '  (sum(rate(http_requests_total{job="checkout"}[1h])))',
      '  -',
      '  (sum(rate(http_requests_total{job="checkout",code!~"5.."}[1h])) or vector(0))',
      ')',
      '/',
      '(sum(rate(http_requests_total{job="checkout"}[1h])))',
    ]);
  });

  it('write a query of several lines, or one that may end in a comment, as an indented block', () => {
    const yaml = rules({
      ...queries,
      totalQuery: `\r\n  sum(\r\n\trate(http_requests_total[{{.window}}]) # every request\r\n)\n`,
      badQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}])) # server errors',
    });
    expect(exprOf(yaml, 'slo:sli_error:ratio_rate5m')).toEqual([
      '(',
      '  sum(rate(http_requests_total{code=~"5.."}[5m])) # server errors',
      '  or vector(0)',
      ')',
      '/',
      '(',
      '  sum(',
      '  \trate(http_requests_total[5m]) # every request',
      '  )',
      ')',
    ]);
  });

  it('guard low traffic with the total query times the window: its events', () => {
    const yaml = rules({ ...queries, slo: { ...queries.slo, minimumEvents: 50 } });
    expect(yaml).toContain(
      'and on ()\n' +
        '              (sum(sum(rate(http_requests_total{job="checkout"}[5m]))) * 300 >= 50)\n' +
        '              and on ()\n' +
        '              (sum(sum(rate(http_requests_total{job="checkout"}[1h]))) * 3600 >= 50)',
    );
    const block = rules({
      ...queries,
      slo: { ...queries.slo, minimumEvents: 50 },
      totalQuery: 'sum(rate(requests_total[{{.window}}])) # all',
    });
    expect(block).toContain(
      [
        '              (',
        '                sum(',
        '                  sum(rate(requests_total[30m])) # all',
        '                ) * 1800 >= 50',
        '              )',
      ].join('\n'),
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'selectors mixed with queries',
      { total: 'x' },
      'slos[0] mixes series selectors (total) with query templates (totalQuery, badQuery): ' +
        'give total and good or bad, or totalQuery and goodQuery or badQuery',
    ],
    [
      'a bad selector with a total query',
      { badQuery: undefined, bad: 'y' },
      'slos[0] mixes series selectors (bad) with query templates (totalQuery)',
    ],
    [
      'no total query',
      { totalQuery: undefined },
      `slos[0].totalQuery must be a PromQL query with a {{.window}} range, such as ` +
        `'sum(rate(http_requests_total{job="api"}[{{.window}}]))', got undefined`,
    ],
    ['both good and bad queries', { goodQuery: TOTAL }, 'exactly one of goodQuery and badQuery'],
    [
      'neither good nor bad query',
      { badQuery: undefined },
      'slos[0] must give exactly one of goodQuery and badQuery',
    ],
    ['a blank query', { badQuery: ' \n ' }, 'slos[0].badQuery must be a PromQL query'],
    ['a query that is not a string', { goodQuery: 5, badQuery: undefined }, 'got 5'],
    [
      'no window placeholder',
      { totalQuery: 'sum(rate(x[5m]))' },
      'slos[0].totalQuery must use {{.window}} as its range, as in rate(...[{{.window}}]), ' +
        'got "sum(rate(x[5m]))"',
    ],
    [
      'another template field',
      { badQuery: 'sum(rate(x{job="{{.service}}"}[{{.window}}]))' },
      'slos[0].badQuery: only {{.window}} can be templated, got "{{.service}}"',
    ],
    [
      'a template action',
      { badQuery: 'sum(rate(x[{{.window}}])) {{- if .x}}' },
      'only {{.window}} can be templated, got "{{- if .x}}"',
    ],
    [
      'a stray opening of a template',
      { badQuery: 'sum(rate(x[{{.window}}])) {{' },
      'only {{.window}} can be templated, got "{{"',
    ],
    [
      'a control character',
      { totalQuery: 'sum(rate(x[{{.window}}]))\u0000' },
      'slos[0].totalQuery must not hold control characters',
    ],
    [
      'a line separator, which YAML reads as a line break',
      { totalQuery: 'sum(rate(x[{{.window}}]))\u2028' },
      'must not hold control characters',
    ],
    [
      'an unclosed parenthesis',
      { totalQuery: 'sum(rate(x[{{.window}}])' },
      'slos[0].totalQuery has an unclosed "(" from line 1, column 4',
    ],
    [
      'a parenthesis that closes the rule around the query',
      { badQuery: 'sum(rate(x[{{.window}}]))) or (vector(1)' },
      'slos[0].badQuery has an unmatched ")" at line 1, column 26',
    ],
    [
      'a mismatched bracket on a later line',
      { totalQuery: 'sum(\n  rate(x[{{.window}})]\n)' },
      'has an unmatched ")" at line 2, column 21',
    ],
    [
      'an unterminated string',
      { totalQuery: 'sum(rate(x{job="a}[{{.window}}]))' },
      'slos[0].totalQuery has an unterminated " string',
    ],
  ])('refuse %s, naming the field', (_, change, message) => {
    expect(() => rules({ ...queries, ...change })).toThrow(TypeError);
    expect(() => rules({ ...queries, ...change })).toThrow(message);
  });

  it('read brackets in strings and comments as text', () => {
    const yaml = rules({
      ...queries,
      totalQuery: 'sum(rate(x{path=~"/a(b|\\"c)", q=\'[\'}[{{.window}}])) # ) closes nothing',
      badQuery: 'sum(rate(x{path=`\\`}[{{.window}}]))',
    });
    expect(yaml).toContain("q='['}[5m])) # ) closes nothing");
  });

  it('suggest the closest name for a misspelt query field', () => {
    expect(() => rules({ ...queries, totalQuery: undefined, totalQeury: TOTAL })).toThrow(
      new TypeError('unknown option "slos[0].totalQeury" (did you mean "slos[0].totalQuery"?)'),
    );
  });
});

describe.skipIf(promtool === undefined)(
  'query-template rules in promtool',
  PROMTOOL_TIMEOUT,
  () => {
    it('pass promtool check rules in every form', () => {
      const slos: PrometheusSloSpec[] = [
        queries,
        {
          slo: { name: 'good', objective: 0.99, minimumEvents: 20 },
          service: 'checkout',
          totalQuery: TOTAL,
          goodQuery: 'sum(rate(http_requests_total{code!~"5.."}[{{ .window }}]))',
        },
        {
          ...queries,
          slo: { name: 'blocks', objective: 0.999, minimumEvents: 20 },
          totalQuery: 'sum(\n\trate(http_requests_total[{{.window}}]) # all\n)',
          badQuery: 'sum(rate(http_requests_total{code="500"}[{{.window}}])) # 500s',
          alerting: { absent: {}, budgetExhausted: {} },
        },
      ];
      const result = runPromtool(promtool!, { 'rules.yml': toPrometheusRules(slos) }, [
        'check',
        'rules',
        'rules.yml',
      ]);
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/SUCCESS: 53 rules found/);
    });

    it('fire the same alerts as selectors on the same series, and as the tracker', async () => {
      // Two clean hours, 20 minutes at 20 % errors, clean again (as in prometheus-outage.test.ts).
      const scenario: Scenario = {
        minutes: 300,
        perMinute: 1_000,
        badIn: (minute) => (minute > 120 && minute <= 140 ? 200 : 0),
      };
      const rate = (metric: string) => `sum(rate(${metric}[{{.window}}]))`;
      const forms: Record<string, Partial<PrometheusSloSpec>> = {
        selectors: { total: 'requests_total', good: 'requests_good_total' },
        bad: {
          totalQuery: rate('requests_total'),
          badQuery: `${rate('requests_total')} - ${rate('requests_good_total')}`,
        },
        good: { totalQuery: rate('requests_total'), goodQuery: rate('requests_good_total') },
      };
      // A guard only the day-long ticket windows reach decides which tiers fire for `*-100000`.
      const specs = [
        ['selectors', 1],
        ['selectors', 100_000],
        ['bad', 1],
        ['good', 100_000],
      ].map(([form, minimumEvents]) => ({
        ...forms[form as string],
        slo: {
          name: `${form}-${minimumEvents}`,
          objective: 0.999,
          minimumEvents: minimumEvents as number,
        },
        service: 'shop',
      }));
      const states = await trackerStates(
        scenario,
        specs.map((spec) => spec.slo),
      );
      const seen = new Set(states.flatMap((state) => state.alerts));
      expect(seen).toEqual(
        new Set([
          ...['selectors-1', 'bad-1'].flatMap((slo) => [`${slo}/page`, `${slo}/ticket`]),
          ...['selectors-100000', 'good-100000'].map((slo) => `${slo}/ticket`),
        ]),
      );
      const same = (slo: string) =>
        `abs(slo:sli_error:ratio_rate{{W}}{sloth_slo="${slo}"} - ignoring (sloth_id, sloth_slo) ` +
        'slo:sli_error:ratio_rate{{W}}{sloth_slo="selectors-1"})';
      const ratioCases = [130, 200].flatMap((minute) =>
        ['5m', '1h', '3d', '30d'].flatMap((window) =>
          ['bad-1', 'good-100000'].flatMap((slo) => [
            `      - eval_time: ${minute}m`,
            `        expr: '${same(slo).replaceAll('{{W}}', window)}'`,
            '        exp_samples:',
            `          - labels: '{sloth_service="shop", sloth_window="${window}"}'`,
            '            value: 0',
          ]),
        ),
      );
      const result = runPromtool(
        promtool!,
        {
          'rules.yml': toPrometheusRules(specs),
          'test.yml': [
            ...PROMTOOL_TEST_HEAD,
            ...counterSeries(scenario),
            '    alert_rule_test:',
            ...states.flatMap((state) =>
              alertCase(
                state.minute,
                'SloErrorBudgetBurn',
                state.alerts.map((alert) => burnAlert(...(alert.split('/') as [string, string]))),
              ),
            ),
            '    promql_expr_test:',
            ...ratioCases,
            '',
          ].join('\n'),
        },
        ['test', 'rules', 'test.yml'],
      );
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/SUCCESS/);
    });
  },
);
