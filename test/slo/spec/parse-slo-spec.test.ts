import { describe, expect, it } from 'vitest';
import { defaultBurnRateAlerts, SloTracker, toPrometheusRules } from '../../../src/slo/index.js';
import {
  formatSpecProblem,
  isSloSpecError,
  parseSloSpec,
  sloFromSpec,
  SloSpecError,
  type SpecProblem,
} from '../../../src/slo/spec/index.js';
import { VirtualClock } from '../../../src/testing/index.js';

/** The problems `run` throws, formatted. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (isSloSpecError(error)) return error.problems.map(formatSpecProblem);
    throw error;
  }
  throw new Error('no SloSpecError thrown');
}

const problems = (text: string) => problemsOf(() => parseSloSpec(text, { file: 'slo.yaml' }));

const SLOTH = `version: "prometheus/v1"
service: "checkout"
labels:
  owner: "payments"
slos:
  - name: "availability"
    objective: 99.9
    description: "Checkouts succeed."
    labels:
      tier: "1"
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
`;

/** An OpenSLO SLO with `spec` lines replaced or added. */
function openSlo(extra = '', objectives = '    - target: 0.999'): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
spec:
  service: checkout
  indicator:
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{code=~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total
  budgetingMethod: Occurrences
  objectives:
${objectives}
${extra}`;
}

describe('parseSloSpec, Sloth prometheus/v1', () => {
  it('gives tracker options and the toPrometheusRules input', () => {
    const [slo, ...rest] = parseSloSpec(SLOTH, { file: 'checkout.yaml' });
    expect(rest).toEqual([]);
    expect(slo!.options).toEqual({ name: 'availability', objective: 0.999 });
    expect(slo!.prometheus).toEqual({
      slo: slo!.options,
      service: 'checkout',
      totalQuery: 'sum(rate(http_requests_total[{{.window}}]))',
      badQuery: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
      labels: { owner: 'payments', tier: '1' },
    });
    expect(slo!.description).toBe('Checkouts succeed.');
    expect(slo!.source).toEqual({
      format: 'prometheus/v1',
      file: 'checkout.yaml',
      document: 0,
      path: 'slos[0]',
      line: 6,
    });
    // Both sides take them as they are.
    const tracker = new SloTracker({ ...slo!.options, clock: new VirtualClock() });
    expect(tracker.alerts).toEqual(defaultBurnRateAlerts);
    tracker.close();
    expect(toPrometheusRules([slo!.prometheus])).toContain('sloth_id: "checkout-availability"');
  });

  it('reads percentages as decimals: 99.9 is 0.999, not 0.9990000000000001', () => {
    const objectives = [99.9, 99.99, 99.95, 95, 99.999, 12.3456789];
    for (const objective of objectives) {
      const [slo] = parseSloSpec(SLOTH.replace('99.9', String(objective)));
      expect(slo!.options.objective).toBe(Number(`${objective}e-2`));
    }
  });

  it('maps alerting: name, shared and per-severity labels and annotations, disable', () => {
    const text = `${SLOTH}    alerting:
      name: CheckoutBurn
      labels: { category: availability, severity: high }
      annotations: { summary: fast, runbook: "https://runbooks/x" }
      page_alert:
        labels: { severity: critical }
      ticket_alert:
        annotations: { summary: slow }
`;
    const [slo] = parseSloSpec(text);
    expect(slo!.prometheus.alertName).toBe('CheckoutBurn');
    expect(slo!.prometheus.alerting).toEqual({
      page: {
        labels: { category: 'availability', severity: 'critical' },
        annotations: { summary: 'fast', runbook: 'https://runbooks/x' },
      },
      ticket: {
        labels: { category: 'availability', severity: 'high' },
        annotations: { summary: 'slow', runbook: 'https://runbooks/x' },
      },
    });
    expect(slo!.options.alerts).toBeUndefined();
  });

  it('takes a disabled alert out of the tracker too', () => {
    const disable = (which: string) => parseSloSpec(`${SLOTH}    alerting:\n${which}`)[0]!;
    const noTicket = disable('      ticket_alert: { disable: true }\n');
    expect(noTicket.options.alerts).toEqual(
      defaultBurnRateAlerts.filter((a) => a.severity === 'page'),
    );
    expect(noTicket.prometheus.alerting).toEqual({ page: {}, ticket: false });
    const none = disable(
      '      page_alert: { disable: true }\n      ticket_alert: { disable: true }\n',
    );
    expect(none.options.alerts).toBe(false);
    expect(disable('      name: X\n').prometheus.alerting).toBeUndefined();
  });

  it('reads several documents and several SLOs, in order', () => {
    const second = SLOTH.replace('checkout', 'search').replace('availability', 'latency');
    const slos = parseSloSpec(`${SLOTH}---\n${second}`);
    expect(
      slos.map((s) => `${s.prometheus.service}/${s.options.name}/${s.source.document}`),
    ).toEqual(['checkout/availability/0', 'search/latency/1']);
  });

  it('refuses plugins and a missing SLI, naming the field and why', () => {
    const text = `version: prometheus/v1
service: x
slo_plugins: { chain: [] }
slos:
  - name: a
    objective: 99
    plugins: { chain: [] }
    sli:
      plugin: { id: x }
  - name: b
    objective: 99
    sli:
      raw: x
  - name: c
    objective: 99
`;
    expect(problems(text)).toEqual([
      expect.stringMatching(/^slo\.yaml:3:1 slo_plugins: refused: Sloth's SLO plugins are Go code/),
      expect.stringMatching(/^slo\.yaml:7:5 slos\[0\]\.plugins: refused/),
      expect.stringMatching(/^slo\.yaml:9:7 slos\[0\]\.sli\.plugin: refused/),
      'slo.yaml:13:12 slos[1].sli.raw: must be a mapping, got "x"',
      'slo.yaml:14:5 slos[2].sli: must have events (or raw)',
    ]);
  });

  it('reports wrong types and values with their path and position', () => {
    const text = `version: prometheus/v1
service: [x]
labels: { a: 1 }
slos:
  - name: ""
    objective: "high"
    sli: { events: { error_query: 3, total_query: x } }
    alerting:
      name: [a]
      page_alert: { disable: "yes" }
      ticket_alert: 7
  - objective: 100
`;
    expect(problems(text)).toEqual(
      [
        'slo.yaml:2:1 service: must be a non-empty string, got a list',
        'slo.yaml:3:14 labels.a: must be a string, got 1',
        'slo.yaml:5:11 slos[0].name: must be a non-empty string, got ""',
        'slo.yaml:6:16 slos[0].objective: must be a number, got "high"',
        'slo.yaml:7:35 slos[0].sli.events.error_query: must be a non-empty string, got 3',
        'slo.yaml:9:7 slos[0].alerting.name: must be a non-empty string, got a list',
        'slo.yaml:10:30 slos[0].alerting.page_alert.disable: must be true or false, got "yes"',
        'slo.yaml:11:21 slos[0].alerting.ticket_alert: must be a mapping, got 7',
        'slo.yaml:12:5 slos[1].name: is required',
        'slo.yaml:12:16 slos[1].objective: must be a percentage in (0, 100), such as 99.9, got 100',
        'slo.yaml:12:5 slos[1].sli: must have events (or raw)',
      ].sort(byPosition),
    );
  });

  it("reports what toPrometheusRules refuses at the spec's own field", () => {
    const label = SLOTH.replace('tier: "1"', 'tier-name: "1"');
    expect(problems(label)).toEqual([
      'slo.yaml:10:18 slos[0].labels.tier-name: not a valid Prometheus label name',
    ]);
    const query = SLOTH.replace('[{{.window}}]))\n', '[{{.window}}])\n');
    expect(problems(query)).toEqual([
      expect.stringMatching(
        /^slo\.yaml:13:22 slos\[0\]\.sli\.events\.error_query: has an unclosed "\(" from line 1/,
      ),
    ]);
    const reserved = `${SLOTH}    alerting:\n      page_alert: { labels: { sloth_id: x } }\n`;
    expect(problems(reserved)).toEqual([
      expect.stringMatching(
        /^slo\.yaml:16:41 slos\[0\]\.alerting\.page_alert\.labels\.sloth_id: the rules set this label/,
      ),
    ]);
    const name = `${SLOTH}    alerting:\n      name: "not a name"\n`;
    expect(problems(name)).toEqual([
      'slo.yaml:16:13 slos[0].alerting.name: must be a Prometheus name, got "not a name"',
    ]);
  });

  it('reads sli.raw as the error ratio itself, over a total of one', () => {
    const text = SLOTH.replace(
      /events:\n.*\n.*\n/,
      'raw:\n        error_ratio_query: 1 - avg_over_time(probe_success[{{.window}}])\n',
    );
    const [slo] = parseSloSpec(text);
    expect(slo!.prometheus).toMatchObject({
      badQuery: '1 - avg_over_time(probe_success[{{.window}}])',
      totalQuery: '(\n1 - avg_over_time(probe_success[{{.window}}])\n) * 0 + 1',
    });
    expect(toPrometheusRules([slo!.prometheus])).toContain(
      [
        '          (1 - avg_over_time(probe_success[5m]) or vector(0))',
        '          /',
        '          (',
        '            (',
        '            1 - avg_over_time(probe_success[5m])',
        '            ) * 0 + 1',
        '          )',
      ].join('\n'),
    );
    const both = SLOTH.replace('    sli:\n', '    sli:\n      raw: { error_ratio_query: x }\n');
    expect(problems(both)).toEqual([
      'slo.yaml:11:5 slos[0].sli: must have events or raw, not both',
    ]);
  });

  it('refuses two SLOs of one service and name', () => {
    expect(problems(`${SLOTH}---\n${SLOTH}`)).toEqual([
      expect.stringMatching(
        /^slo\.yaml:21:1 slos\[0\]: repeats the service and name \(id "checkout-availability"\) of the SLO in document 1 at slos\[0\]/,
      ),
    ]);
  });

  it('refuses a version it does not read', () => {
    expect(problems(SLOTH.replace('prometheus/v1', 'prometheus/v2'))).toEqual([
      `slo.yaml:1:10 version: ballast reads Sloth's "prometheus/v1" specs, got "prometheus/v2"`,
    ]);
  });
});

describe('parseSloSpec, OpenSLO v1', () => {
  it('reads an SLO with an inline indicator of series selectors', () => {
    const [slo] = parseSloSpec(
      openSlo('  timeWindow:\n    - duration: 2w\n      isRolling: true\n'),
    );
    expect(slo!.options).toEqual({
      name: 'availability',
      objective: 0.999,
      windowMs: 14 * 86_400_000,
    });
    expect(slo!.prometheus).toEqual({
      slo: slo!.options,
      service: 'checkout',
      total: 'http_requests_total',
      bad: 'http_requests_total{code=~"5.."}',
    });
    expect(slo!.source).toMatchObject({ format: 'openslo/v1', path: '', line: 1 });
  });

  it('reads targetPercent, ballast annotations and labels', () => {
    const text = openSlo('', '    - targetPercent: 99.95').replace(
      'metadata:\n  name: availability\n',
      `metadata:
  name: availability
  labels: { team: payments }
  annotations:
    ballast/minimum-events: "20"
    ballast/latency-threshold-ms: "250"
    ballast/alert-name: CheckoutBurn
    other.tool/setting: ignored by ballast
`,
    );
    const [slo] = parseSloSpec(text);
    expect(slo!.options).toEqual({
      name: 'availability',
      objective: 0.9995,
      latencyThresholdMs: 250,
      minimumEvents: 20,
    });
    expect(slo!.prometheus.labels).toEqual({ team: 'payments' });
    expect(slo!.prometheus.alertName).toBe('CheckoutBurn');
  });

  it('reads alert policies into tiers, alertAfter into for:, alertWhenNoData into the absent alert', () => {
    const policy = (severity: string, threshold: number, window: string, extra = '') => `
    - kind: AlertPolicy
      metadata: { name: p-${severity}-${window}, labels: { route: ${severity}s } }
      spec:
        alertWhenNoData: ${severity === 'ticket'}
        conditions:
          - kind: AlertCondition
            metadata: { name: c-${window}${extra} }
            spec:
              severity: ${severity}
              condition: { kind: burnrate, op: gte, threshold: ${threshold}, lookbackWindow: ${window}${severity === 'page' ? ', alertAfter: 2m' : ''} }`;
    const text = openSlo(
      `  alertPolicies:${policy('page', 14.4, '1h')}${policy('page', 6, '6h')}${policy(
        'ticket',
        1,
        '3d',
        ', annotations: { ballast/short-window: 4h }',
      )}\n`,
    );
    const [slo] = parseSloSpec(text);
    expect(slo!.options.alerts).toEqual([
      { severity: 'page', burnRate: 14.4, longWindowMs: 3_600_000, shortWindowMs: 300_000 },
      { severity: 'page', burnRate: 6, longWindowMs: 21_600_000, shortWindowMs: 1_800_000 },
      { severity: 'ticket', burnRate: 1, longWindowMs: 259_200_000, shortWindowMs: 14_400_000 },
    ]);
    expect(slo!.prometheus.alerting).toEqual({
      page: { labels: { route: 'pages' }, forMs: 120_000 },
      ticket: { labels: { route: 'tickets' } },
      absent: {},
    });
  });

  it('reads `alertPolicies: []` as no alerts, and policies that never breach as none', () => {
    expect(parseSloSpec(openSlo('  alertPolicies: []\n'))[0]!.options.alerts).toBe(false);
  });

  it('resolves references to SLI, AlertPolicy and AlertCondition documents; tolerates Service and others', () => {
    const text = `apiVersion: openslo/v1
kind: Service
metadata: { name: checkout }
spec: { description: The shop }
---
apiVersion: openslo/v1
kind: DataSource
metadata: { name: prom }
spec: { type: Prometheus, connectionDetails: { url: "http://prometheus:9090" } }
---
apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata: { name: pager }
spec: { target: pagerduty }
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: errors }
spec:
  ratioMetric:
    good: { metricSource: { metricSourceRef: prom, spec: { query: "sum(rate(ok_total[{{.window}}]))" } } }
    total: { metricSource: { metricSourceRef: prom, spec: { query: "sum(rate(all_total[{{.window}}]))" } } }
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: { name: fast }
spec:
  conditions: [{ conditionRef: fast-burn }]
  notificationTargets: [{ targetRef: pager }]
---
apiVersion: openslo/v1
kind: AlertCondition
metadata: { name: fast-burn }
spec:
  severity: page
  condition: { op: gte, threshold: 14.4, lookbackWindow: 1h }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: availability }
spec:
  service: checkout
  indicatorRef: errors
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
  alertPolicies: [{ alertPolicyRef: fast }]
`;
    const [slo] = parseSloSpec(text);
    expect(slo!.prometheus).toMatchObject({
      totalQuery: 'sum(rate(all_total[{{.window}}]))',
      goodQuery: 'sum(rate(ok_total[{{.window}}]))',
    });
    expect(slo!.options.alerts).toEqual([defaultBurnRateAlerts[0]]);
    expect(slo!.source.document).toBe(6);
  });

  it('refuses calendar windows, timeslices, composite and threshold SLOs, each field with its reason', () => {
    const text = `apiVersion: openslo/v1
kind: SLO
metadata: { name: a }
spec:
  service: s
  indicator:
    spec:
      thresholdMetric: { metricSource: { spec: { query: x } } }
  timeWindow:
    - { duration: 1M, calendar: { startTime: "2024-01-01 00:00:00", timeZone: UTC } }
  budgetingMethod: RatioTimeslices
  objectives:
    - { target: 0.9, op: lt, value: 300, timeSliceWindow: 1m, indicatorRef: b, compositeWeight: 2 }
`;
    const found = problems(text);
    expect(found).toEqual([
      expect.stringMatching(
        /^slo\.yaml:8:7 spec\.indicator\.spec\.thresholdMetric: refused: a thresholdMetric/,
      ),
      expect.stringMatching(
        /^slo\.yaml:10:19 spec\.timeWindow\[0\]\.duration: months vary in length/,
      ),
      expect.stringMatching(
        /^slo\.yaml:10:23 spec\.timeWindow\[0\]\.calendar: refused: calendar-aligned/,
      ),
      expect.stringMatching(
        /^slo\.yaml:11:20 spec\.budgetingMethod: refused: ballast budgets by occurrences/,
      ),
      expect.stringMatching(
        /^slo\.yaml:13:26 spec\.objectives\[0\]\.op: refused: a thresholdMetric/,
      ),
      expect.stringMatching(/^slo\.yaml:13:37 spec\.objectives\[0\]\.value: refused/),
      expect.stringMatching(
        /^slo\.yaml:13:59 spec\.objectives\[0\]\.timeSliceWindow: refused: .*timeslices/,
      ),
      expect.stringMatching(
        /^slo\.yaml:13:77 spec\.objectives\[0\]\.indicatorRef: refused: composite SLOs/,
      ),
      expect.stringMatching(
        /^slo\.yaml:13:97 spec\.objectives\[0\]\.compositeWeight: refused: composite/,
      ),
    ]);
  });

  it('refuses what the alert policies ask that the rules cannot do', () => {
    const condition = (spec: string, annotations = '') => `
    - kind: AlertPolicy
      metadata: { name: p }
      spec:
        conditions:
          - kind: AlertCondition
            metadata: { name: c${annotations} }
            spec: ${spec}`;
    const cases: [string, RegExp][] = [
      [
        '{ severity: page, condition: { op: lte, threshold: 2, lookbackWindow: 1h } }',
        /op: a burn-rate alert fires when .* at or above/,
      ],
      [
        '{ severity: page, condition: { op: gt, threshold: 2, lookbackWindow: 1h } }',
        /op: the tracker and the rules fire at or above the threshold/,
      ],
      [
        '{ severity: sev1, condition: { op: gte, threshold: 2, lookbackWindow: 1h } }',
        /severity: must be page or ticket/,
      ],
      [
        '{ severity: page, condition: { kind: slo, op: gte, threshold: 2, lookbackWindow: 1h } }',
        /kind: must be burnrate/,
      ],
      [
        '{ severity: page, condition: { op: gte, threshold: 0, lookbackWindow: 1h } }',
        /threshold: must be a burn rate > 0/,
      ],
      [
        '{ severity: page, condition: { op: gte, threshold: 2, lookbackWindow: 90s } }',
        /lookbackWindow: must be in m, h, d or w/,
      ],
      ['{ severity: page, condition: { op: gte, threshold: 2 } }', /lookbackWindow: is required/],
      [
        '{ severity: page, condition: { op: gte, threshold: 2, lookbackWindow: 1h } }',
        /annotations\["ballast\/short-window"\]: must be a duration such as 30d/,
      ],
    ];
    cases.forEach(([spec, pattern], index) => {
      const annotations =
        index === cases.length - 1 ? ', annotations: { ballast/short-window: soon }' : '';
      expect(problems(openSlo(`  alertPolicies:${condition(spec, annotations)}\n`))).toEqual([
        expect.stringMatching(pattern),
      ]);
    });
  });

  it('refuses conditions of one severity that wait differently or label differently', () => {
    const policy = (name: string, after: string, route: string) => `
    - kind: AlertPolicy
      metadata: { name: ${name}, labels: { route: ${route} } }
      spec:
        conditions:
          - kind: AlertCondition
            metadata: { name: ${name} }
            spec:
              severity: page
              condition: { op: gte, threshold: 6, lookbackWindow: 6h, alertAfter: ${after} }`;
    expect(
      problems(openSlo(`  alertPolicies:${policy('a', '2m', 'x')}${policy('b', '5m', 'y')}\n`)),
    ).toEqual([
      expect.stringMatching(
        /spec\.alertPolicies\[1\]\.metadata\.labels\.route: differs from another page policy/,
      ),
      expect.stringMatching(
        /alertAfter: every page condition must wait as long .*alertAfter 5m here, alertAfter 2m at/,
      ),
    ]);
  });

  it('refuses missing references, duplicate names and unknown kinds and versions', () => {
    const text = `apiVersion: openslo/v1
kind: SLI
metadata: { name: x }
spec: { ratioMetric: {} }
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: x }
spec: {}
---
apiVersion: openslo/v1alpha
kind: SLO
---
apiVersion: openslo/v1
kind: Dashboard
---
- a list
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: a }
spec:
  service: s
  indicatorRef: missing
  budgetingMethod: Occurrences
  objectives: [{ target: 0.9 }]
  alertPolicies: [{ alertPolicyRef: nope }, { alertPolicyRef: x, kind: AlertPolicy }, { kind: AlertCondition }]
`;
    expect(problems(text)).toEqual([
      'slo.yaml:8:19 metadata.name: another SLI is named "x"',
      `slo.yaml:11:13 apiVersion: ballast reads openslo/v1 (and Sloth's prometheus/v1), got "openslo/v1alpha"`,
      expect.stringMatching(/^slo\.yaml:15:7 kind: must be one of SLO, SLI, AlertPolicy/),
      'slo.yaml:17:1 a document must be a mapping, got a list',
      'slo.yaml:24:17 spec.indicatorRef: no SLI named "missing" in the files read',
      'slo.yaml:27:37 spec.alertPolicies[0].alertPolicyRef: no AlertPolicy named "nope" in the files read',
      'slo.yaml:27:45 spec.alertPolicies[1]: must be either alertPolicyRef or an inline AlertPolicy, not both',
      'slo.yaml:27:95 spec.alertPolicies[2].kind: must be AlertPolicy, got "AlertCondition"',
    ]);
  });

  it('refuses SLIs ballast cannot turn into rules', () => {
    const sli = (ratio: string) =>
      problems(
        openSlo().replace(
          / {6}ratioMetric:[\s\S]*?(?= {2}budgetingMethod)/,
          `      ratioMetric: ${ratio}\n`,
        ),
      );
    const metric = (query: string, type = 'Prometheus') =>
      `{ metricSource: { type: ${type}, spec: { query: '${query}' } } }`;
    expect(sli(`{ raw: ${metric('x')}, rawType: failure }`)).toEqual([
      expect.stringMatching(/:9:7 spec\.indicator\.spec\.ratioMetric: must have total$/),
      expect.stringMatching(/ratioMetric: must have good or bad \(exactly one\)/),
      expect.stringMatching(/ratioMetric\.raw: refused: a precomputed ratio/),
      expect.stringMatching(/ratioMetric\.rawType: refused/),
    ]);
    expect(
      sli(`{ good: ${metric('a')}, bad: ${metric('b')}, total: ${metric('c', 'Datadog')} }`),
    ).toEqual([
      expect.stringMatching(/ratioMetric: must have good or bad/),
      expect.stringMatching(/total\.metricSource\.type: must be Prometheus .*got "Datadog"/),
    ]);
    expect(sli(`{ good: ${metric('sum(rate(a[{{.window}}]))')}, total: ${metric('b')} }`)).toEqual([
      expect.stringMatching(
        /total\.metricSource\.spec\.query: must use \{\{\.window\}\} as the others do/,
      ),
    ]);
    expect(sli(`{ counter: false, good: ${metric('a')}, total: ${metric('b')} }`)).toEqual([
      expect.stringMatching(/ratioMetric\.counter: series selectors must be counters/),
    ]);
    expect(sli(`{ good: ${metric('rate(a[5m])')}, total: ${metric('b')} }`)).toEqual([
      expect.stringMatching(/good\.metricSource\.spec\.query: must be a series selector/),
    ]);
  });

  it('checks objectives, windows and annotations', () => {
    const cases: [string, string, RegExp][] = [
      ['', '    - target: 1', /objectives\[0\]\.target: must be in \(0, 1\), got 1/],
      ['', '    - targetPercent: 0', /targetPercent: must be in \(0, 100\), got 0/],
      [
        '',
        '    - { target: 0.9, targetPercent: 90 }',
        /objectives\[0\]: must give target or targetPercent, not both/,
      ],
      [
        '',
        '    - displayName: x',
        /objectives\[0\]: must give target \(such as 0\.999\) or targetPercent/,
      ],
      [
        '',
        '    - { target: 0.9 }\n    - { target: 0.99 }',
        /objectives: refused: ballast tracks one objective per SLO, got 2/,
      ],
      [
        '  timeWindow: [{ duration: 30d, isRolling: true }, { duration: 7d }]\n',
        '    - target: 0.9',
        /timeWindow: must list exactly one window/,
      ],
      [
        '  timeWindow: [{ duration: thirty days }]\n',
        '    - target: 0.9',
        /duration: must be a duration such as 30d/,
      ],
      [
        '  timeWindow: [{ duration: 1h, isRolling: true }]\n',
        '    - target: 0.9',
        /spec\.timeWindow\[0\]\.duration: is shorter than 3d, the longest window of the default alert tiers/,
      ],
    ];
    for (const [extra, objectives, pattern] of cases) {
      expect(problems(openSlo(extra, objectives))).toEqual([expect.stringMatching(pattern)]);
    }
    const annotated = (key: string, value: string) =>
      problems(
        openSlo().replace(
          '  name: availability\n',
          `  name: availability\n  annotations: { ${key}: "${value}" }\n`,
        ),
      );
    expect(annotated('ballast/minimum-events', '0')).toEqual([
      expect.stringMatching(
        /metadata\.annotations\["ballast\/minimum-events"\]: must be a whole number > 0/,
      ),
    ]);
    expect(annotated('ballast/minimum-event', '3')).toEqual([
      expect.stringMatching(
        /unknown ballast annotation \(did you mean "ballast\/minimum-events"\?\)/,
      ),
    ]);
    expect(
      problems(
        openSlo().replace(
          '  name: availability\n',
          '  name: availability\n  labels: { team: [a, b] }\n',
        ),
      ),
    ).toEqual([expect.stringMatching(/metadata\.labels\.team: a list of values is refused/)]);
  });
});

describe('the rest of what is refused', () => {
  it.each([
    [
      'no conditions',
      openSlo('  alertPolicies:\n    - kind: AlertPolicy\n      spec: { conditions: [] }\n'),
      /conditions: must list exactly one condition/,
    ],
    [
      'an inline policy of another version',
      openSlo(
        '  alertPolicies:\n    - { apiVersion: openslo/v2alpha, kind: AlertPolicy, spec: {} }\n',
      ),
      /alertPolicies\[0\]\.apiVersion: must be openslo\/v1/,
    ],
    [
      'a lookback longer than the period',
      openSlo(
        '  timeWindow: [{ duration: 7d, isRolling: true }]\n  alertPolicies:\n    - kind: AlertPolicy\n      spec:\n        conditions:\n          - kind: AlertCondition\n            spec: { severity: page, condition: { op: gte, threshold: 2, lookbackWindow: 2w } }\n',
      ),
      /lookbackWindow: must be at most the SLO's timeWindow \(1w\)/,
    ],
    [
      'a label that is a mapping',
      openSlo().replace(
        '  name: availability\n',
        '  name: availability\n  labels: { team: { a: b } }\n',
      ),
      /metadata\.labels\.team: must be a string, got a mapping/,
    ],
    [
      'isRolling: false',
      openSlo('  timeWindow: [{ duration: 30d, isRolling: false }]\n'),
      /isRolling: refused: calendar-aligned windows/,
    ],
    [
      'no objectives',
      openSlo('', '    []').replace('  objectives:\n    []', '  objectives: []'),
      /spec\.objectives: must list one objective/,
    ],
    [
      'an SLI without a ratioMetric',
      openSlo().replace(
        / {6}ratioMetric:[\s\S]*?(?= {2}budgetingMethod)/,
        '      description: none\n',
      ),
      /spec\.indicator\.spec: must have a ratioMetric/,
    ],
    [
      'a DataSource of another type',
      `apiVersion: openslo/v1\nkind: DataSource\nmetadata: { name: dd }\nspec: { type: Datadog }\n---\n${openSlo().replace('type: Prometheus', 'metricSourceRef: dd')}`,
      /metricSourceRef: names a DataSource of type "Datadog"/,
    ],
    [
      'a Sloth spec without SLOs',
      'version: prometheus/v1\nservice: x\nslos: []\n',
      /^slo\.yaml:3:1 slos: must list at least one SLO/,
    ],
    [
      'a list where a list is wanted',
      'version: prometheus/v1\nservice: x\nslos: 3\n',
      /slos: must be a list, got 3/,
    ],
    [
      'labels that are not a mapping',
      'version: prometheus/v1\nservice: x\nlabels: [a]\nslos: []\n',
      /labels: must be a mapping of strings, got a list/,
    ],
    [
      'an object without a name',
      'apiVersion: openslo/v1\nkind: SLI\nspec: {}\n',
      /metadata: a name is required/,
    ],
  ])('%s', (_name, text, pattern) => {
    expect(problems(text)).toContainEqual(expect.stringMatching(pattern));
  });
});

describe('untrusted input', () => {
  it('refuses a billion laughs quickly, without expanding it', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(problems(levels.join('\n'))).toEqual([
      expect.stringMatching(
        /^slo\.yaml:3:7 d\[0\]\[0\]: is alias number 101 of its document, which may use 100: refused/,
      ),
    ]);
    // 99 aliases of a list of 1 100: the bound on values stops it.
    const long = `a: &a [${Array(1_100).fill('x').join(', ')}]\nb: [${Array(99).fill('*a').join(', ')}]\n`;
    expect(problems(long)).toEqual([
      expect.stringMatching(
        /^slo\.yaml:1:7 b\[89\]\[907\]: expands to more than 100000 values .*: refused/,
      ),
    ]);
  });

  it('refuses a file over 1 MiB before parsing it, and deep nesting', () => {
    expect(problems(`# ${'x'.repeat(1_048_576)}`)).toEqual([
      'slo.yaml: the file is larger than 1048576 bytes: refused unread',
    ]);
    expect(problems(`${'['.repeat(100)}${']'.repeat(100)}`)).toEqual([
      expect.stringMatching(/is nested more than 64 levels deep: refused/),
    ]);
  });

  it('pollutes nothing with __proto__, constructor and prototype keys', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const text = SLOTH.replace(
      'owner: "payments"',
      '__proto__: "x"\n  constructor: "y"\n  prototype: "z"',
    ).replace(
      'version: "prometheus/v1"',
      'version: "prometheus/v1"\n__proto__: { polluted: true }',
    );
    expect(problems(text)).toEqual([
      'slo.yaml:2:1 __proto__: unknown field (did you mean "version"?)',
      'slo.yaml:5:14 labels.__proto__: not a valid Prometheus label name',
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // In label maps, such keys are labels like any other: Prometheus refuses `__proto__`.
    const labels = SLOTH.replace('owner: "payments"', 'constructor: "y"\n  prototype: "z"');
    const [slo] = parseSloSpec(labels);
    expect(Object.keys(slo!.prometheus.labels!)).toEqual(['constructor', 'prototype', 'tier']);
    expect(Object.getPrototypeOf(slo!.prometheus.labels)).toBe(Object.prototype);
    expect(problems(SLOTH.replace('owner: "payments"', '__proto__: "x"'))).toEqual([
      'slo.yaml:4:14 labels.__proto__: not a valid Prometheus label name',
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it('reports YAML syntax errors with their position, without quoting the file', () => {
    const found = problems('version: "prometheus/v1"\nservice: [unclosed\nslos: {a: 1, a: 2}\n');
    expect(found.length).toBeGreaterThan(0);
    for (const line of found) {
      expect(line).toMatch(/^slo\.yaml:\d+:\d+ /);
      expect(line).not.toContain('unclosed');
    }
    expect(problems('a: 1\na: 2\n')).toEqual([
      expect.stringMatching(/^slo\.yaml:2:1 Map keys must be unique/),
    ]);
    expect(problems('? [a]\n: 1\n')).toEqual(['slo.yaml:1:1 has a key that is not a string']);
  });

  it('refuses a file without SLOs', () => {
    expect(problems('')).toEqual([
      'slo.yaml: defines no SLO: give an OpenSLO SLO document or a Sloth prometheus/v1 spec',
    ]);
    expect(problems('just: text')).toEqual([
      'slo.yaml:1:1 is neither OpenSLO (apiVersion: openslo/v1) nor Sloth (version: prometheus/v1)',
    ]);
  });

  it('checks its own arguments', () => {
    expect(() => parseSloSpec(3 as unknown as string)).toThrow(
      new TypeError('text must be a string of YAML, got 3'),
    );
    expect(() => parseSloSpec('', { fille: 'x' } as never)).toThrow(
      /unknown option "fille" \(did you mean "file"\?\)/,
    );
    expect(() => parseSloSpec('', { file: 3 } as never)).toThrow(/file must be a string, got 3/);
  });
});

describe('sloFromSpec', () => {
  const doc = {
    version: 'prometheus/v1',
    service: 'checkout',
    slos: [
      {
        name: 'availability',
        objective: 99.9,
        sli: {
          events: {
            error_query: 'sum(rate(e[{{.window}}]))',
            total_query: 'sum(rate(t[{{.window}}]))',
          },
        },
      },
    ],
  };

  it('reads parsed documents, one or a list', () => {
    const [one] = sloFromSpec(doc);
    expect(one!.options).toEqual({ name: 'availability', objective: 0.999 });
    expect(one!.source).toEqual({
      format: 'prometheus/v1',
      file: '<input>',
      document: 0,
      path: 'slos[0]',
      line: undefined,
    });
    expect(sloFromSpec([doc, { ...doc, service: 'search' }], { file: 'x.json' })).toHaveLength(2);
  });

  it('names each problem by document and path, with no position', () => {
    let error: unknown;
    try {
      sloFromSpec([doc, { ...doc, service: 7 }]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SloSpecError);
    const { problems: found } = error as SloSpecError;
    expect(found).toEqual<SpecProblem[]>([
      {
        file: '<input>',
        path: '[1].service',
        line: undefined,
        column: undefined,
        message: 'must be a non-empty string, got 7',
      },
    ]);
    expect((error as Error).message).toBe(
      'invalid SLO spec, 1 problem:\n<input>: [1].service: must be a non-empty string, got 7',
    );
    expect((error as Error).name).toBe('SloSpecError');
  });
});

describe('SloSpecError', () => {
  it('is recognised across copies by its brand, and formats problems', () => {
    const problem: SpecProblem = { file: 'a.yaml', path: '', line: 3, column: 1, message: 'bad' };
    const error = new SloSpecError([problem, { ...problem, path: 'spec', line: undefined }]);
    expect(error.message).toBe('invalid SLO spec, 2 problems:\na.yaml:3:1 bad\na.yaml: spec: bad');
    expect(isSloSpecError(error)).toBe(true);
    expect(isSloSpecError(new Error('x'))).toBe(false);
    expect(isSloSpecError(null)).toBe(false);
    expect(Object.isFrozen(error.problems)).toBe(true);
  });
});

function byPosition(a: string, b: string): number {
  const at = (line: string) => line.split(' ')[0]!.split(':').slice(1).map(Number);
  const [al = 0, ac = 0] = at(a);
  const [bl = 0, bc = 0] = at(b);
  return al - bl || ac - bc;
}
