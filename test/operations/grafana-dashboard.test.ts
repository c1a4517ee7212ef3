import { describe, expect, it } from 'vitest';
import { grafanaDashboard } from '../../src/operations/index.js';
import { PROMTOOL_TIMEOUT, promtool, runPromtool } from '../slo/promtool.js';
import { dashboardQueries } from './dashboard-queries.js';
import { inputSeries, runScenario } from './scenario.js';

const MINUTE = 60_000;

function recordingRules(queries: readonly { expr: string }[]): string {
  const lines = ['groups:', '  - name: dashboard', '    rules:'];
  queries.forEach(({ expr }, i) => {
    lines.push(`      - record: panel_query_${i}`, `        expr: ${JSON.stringify(expr)}`);
  });
  return `${lines.join('\n')}\n`;
}

/** A promtool test: at each minute, every query returns at least one sample. */
function nonEmptyTest(
  series: string[],
  queries: readonly { expr: string }[],
  at: readonly number[],
): string {
  const cases = at.flatMap((minute) =>
    queries.flatMap(({ expr }) => [
      `      - eval_time: ${minute}m`,
      `        expr: ${JSON.stringify(`count(${expr}) > bool 0`)}`,
      '        exp_samples:',
      "          - labels: '{}'",
      '            value: 1',
    ]),
  );
  return [
    'rule_files: []',
    'evaluation_interval: 1m',
    'tests:',
    '  - interval: 1m',
    '    input_series:',
    ...series,
    '    promql_expr_test:',
    ...cases,
    '',
  ].join('\n');
}

describe('grafanaDashboard', () => {
  it('is a Grafana 10/11 dashboard with datasource, job, slo, breaker and policy variables', () => {
    const dashboard = grafanaDashboard();
    expect(dashboard).toMatchObject({ uid: 'ballast', title: 'ballast', schemaVersion: 39 });
    const variables = dashboard.templating.list.map((v) => v.name);
    expect(variables).toEqual(['datasource', 'job', 'slo', 'breaker', 'policy']);
    // Every panel queries the datasource variable and has a unique id inside the 24-column grid.
    const ids = new Set<number>();
    for (const panel of dashboard.panels as {
      id: number;
      type: string;
      gridPos: { x: number; w: number };
      datasource?: { uid: string };
    }[]) {
      expect(ids.has(panel.id)).toBe(false);
      ids.add(panel.id);
      expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
      if (panel.type !== 'row')
        expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
    const titles = dashboard.panels.map((p) => p.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Error budget remaining',
        'SLI against the objective',
        'Burn-rate alerts firing',
        'Breaker state',
        'Calls by outcome',
        'Rejections',
        'Retries',
        'Give-ups by reason',
        'Retries per call',
        'Burn rate, page tier: 14.4x over 1h and 5m',
        'Burn rate, ticket tier: 1x over 3d and 6h',
      ]),
    );
    // JSON through and through.
    expect(JSON.parse(JSON.stringify(dashboard))).toEqual(dashboard);
  });

  it('draws each tier of the given SLOs at its threshold, for the SLOs that have it', () => {
    const dashboard = grafanaDashboard({
      slos: [
        { name: 'checkout', objective: 0.999 },
        {
          name: 'search.v2',
          objective: 0.99,
          windowMs: 7 * 24 * 60 * MINUTE,
          alerts: [
            {
              severity: 'page',
              burnRate: 10,
              longWindowMs: 60 * MINUTE,
              shortWindowMs: 5 * MINUTE,
            },
          ],
        },
      ],
    });
    const burn = dashboard.panels.filter((p) => String(p.title).startsWith('Burn rate,')) as {
      title: string;
      targets: { expr: string }[];
      fieldConfig: { defaults: { thresholds: { steps: { value: number | null }[] } } };
    }[];
    expect(burn.map((p) => p.title)).toEqual([
      'Burn rate, page tier: 14.4x over 1h and 5m',
      'Burn rate, page tier: 6x over 6h and 30m',
      'Burn rate, ticket tier: 3x over 1d and 2h',
      'Burn rate, ticket tier: 1x over 3d and 6h',
      'Burn rate, page tier: 10x over 1h and 5m',
    ]);
    expect(burn[0]!.targets[0]!.expr).toContain('slo=~"checkout"');
    expect(burn[4]!.targets[0]!.expr).toContain('slo=~"search\\\\.v2"');
    expect(burn[4]!.fieldConfig.defaults.thresholds.steps.map((s) => s.value)).toEqual([null, 10]);
    const sli = dashboard.panels.find((p) => p.title === 'SLI against the objective') as {
      targets: { expr: string }[];
    };
    expect(sli.targets[0]!.expr).toContain('window=~"30d|7d"');
  });

  it('rejects bad options, naming them', () => {
    expect(() => grafanaDashboard({ titel: 'x' } as never)).toThrow(/"titel".*"title"/);
    expect(() => grafanaDashboard({ uid: 'has space' })).toThrow(/uid must be 1 to 40/);
    expect(() => grafanaDashboard({ prefix: '1bad' })).toThrow(/prefix must start/);
    expect(() => grafanaDashboard({ title: '' })).toThrow(/title must be a non-empty string/);
    expect(() => grafanaDashboard({ slos: {} as never })).toThrow(
      /slos must be an array, got \{\}/,
    );
    expect(() => grafanaDashboard({ slos: [7 as never] })).toThrow(
      /slos\[0\] must be an SLO definition, got 7/,
    );
    expect(() =>
      grafanaDashboard({ slos: [{ name: 'a', objective: 0.9, alerts: {} as never }] }),
    ).toThrow(/slos\[0\]\.alerts must be an array/);
    expect(() =>
      grafanaDashboard({ slos: [{ name: 'a', objective: 0.9, alerts: [null as never] }] }),
    ).toThrow(/slos\[0\]\.alerts\[0\] must be a burn-rate tier, got null/);
    expect(() => grafanaDashboard({ slos: [{ name: 'a', objective: 0.9, windowMs: 0 }] })).toThrow(
      /slos\[0\]\.windowMs must be a finite number > 0, got 0/,
    );
    expect(() => grafanaDashboard({ slos: [{ name: 'a', objective: 1 }] })).toThrow(
      /slos\[0\]\.objective must be in \(0, 1\), got 1/,
    );
    expect(() =>
      grafanaDashboard({
        slos: [
          {
            name: 'a',
            objective: 0.9,
            alerts: [{ severity: 'page', burnRate: -1, longWindowMs: 1, shortWindowMs: 1 }],
          },
        ],
      }),
    ).toThrow(/slos\[0\]\.alerts\[0\]\.burnRate must be a finite number > 0, got -1/);
  });
});

describe.skipIf(promtool === undefined)(
  'grafanaDashboard queries, on the adapter series',
  PROMTOOL_TIMEOUT,
  () => {
    it('are valid PromQL (promtool check rules)', () => {
      for (const options of [
        {},
        { prefix: 'shop_', slos: [{ name: 'checkout', objective: 0.999 }] },
      ]) {
        const queries = dashboardQueries(grafanaDashboard(options));
        const result = runPromtool(promtool!, { 'rules.yml': recordingRules(queries) }, [
          'check',
          'rules',
          'rules.yml',
        ]);
        expect(result.ok, result.output).toBe(true);
        expect(result.output).toMatch(new RegExp(`SUCCESS: ${queries.length} rules found`));
      }
    });

    it('each return samples on the series a real service exports (promtool test rules)', async () => {
      const scraped = await runScenario({ prefix: 'shop_' });
      // The outage did what the panels are there to show.
      expect(scraped.alertsFired.has('page')).toBe(true);
      const max = (series: string) => Math.max(...scraped.values.get(series)!.map((v) => v ?? 0));
      expect(
        max(
          'shop_breaker_calls_total{job="shop",instance="shop-0:9464",breaker="payments",outcome="rejected"}',
        ),
      ).toBeGreaterThan(0);
      expect(
        max(
          'shop_retry_give_ups_total{job="shop",instance="shop-0:9464",policy="payments",reason="budget"}',
        ),
      ).toBeGreaterThan(0);
      expect(
        max('shop_timeout_total{job="shop",instance="shop-0:9464",policy="payments"}'),
      ).toBeGreaterThan(0);

      const queries = dashboardQueries(
        grafanaDashboard({ prefix: 'shop_', slos: [{ name: 'checkout', objective: 0.999 }] }),
      );
      expect(queries.length).toBeGreaterThan(20);
      const test = nonEmptyTest(inputSeries(scraped), queries, [20, 45, 80]);
      const result = runPromtool(promtool!, { 'test.yml': test }, ['test', 'rules', 'test.yml']);
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/SUCCESS/);
    });
  },
);
