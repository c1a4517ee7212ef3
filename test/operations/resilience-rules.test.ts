import { describe, expect, it } from 'vitest';
import {
  resilienceRules,
  ruleFileYaml,
  type ResilienceRulesOptions,
} from '../../src/operations/index.js';
import { PROMTOOL_TIMEOUT, promtool, runPromtool } from '../slo/promtool.js';

const MINUTES = 40;
const TARGET = 'job="shop",instance="shop-0:9464"';

/** One value a minute from minute 0, as a promtool series line pair. */
function series(name: string, labels: string, at: (minute: number) => number): string[] {
  const values = Array.from({ length: MINUTES + 1 }, (_, m) => at(m));
  return [
    `      - series: '${name}{${TARGET},${labels}}'`,
    `        values: '${values.join(' ')}'`,
  ];
}

/** Cumulative: the sum of `per(minute)` over minutes 1..m. */
const counter = (per: (minute: number) => number) => (m: number) => {
  let total = 0;
  for (let i = 1; i <= m; i++) total += per(i);
  return total;
};

// payments: open from minute 5 on, with a failed probe (half-open) every 5 minutes.
const paymentsState = (m: number) =>
  m < 5 ? 'closed' : m % 5 === 0 && m > 5 ? 'half-open' : 'open';
// inventory: trips and recovers every other minute from minute 10 to 20.
const flaps = (m: number) => m >= 10 && m <= 20;

function inputSeries(prefix: string): string[] {
  const p = prefix;
  const lines: string[] = [];
  for (const state of ['closed', 'open', 'half-open', 'isolated']) {
    lines.push(
      ...series(`${p}breaker_state`, `breaker="payments",state="${state}"`, (m) =>
        paymentsState(m) === state ? 1 : 0,
      ),
      ...series(`${p}breaker_state`, `breaker="search",state="${state}"`, () =>
        state === 'closed' ? 1 : 0,
      ),
      ...series(`${p}breaker_state`, `breaker="inventory",state="${state}"`, () =>
        state === 'closed' ? 1 : 0,
      ),
    );
  }
  const changes = (breaker: string, from: string, to: string, per: (m: number) => number) =>
    series(
      `${p}breaker_state_changes_total`,
      `breaker="${breaker}",from="${from}",to="${to}"`,
      counter(per),
    );
  lines.push(
    ...changes('payments', 'closed', 'open', (m) => (m === 5 ? 1 : 0)),
    ...changes('payments', 'open', 'half-open', (m) => (m % 5 === 0 && m > 5 ? 1 : 0)),
    ...changes('payments', 'half-open', 'open', (m) => (m % 5 === 1 && m > 6 ? 1 : 0)),
    ...changes('payments', 'half-open', 'closed', () => 0),
    ...changes('inventory', 'closed', 'open', (m) => (flaps(m) && m % 2 === 0 ? 1 : 0)),
    ...changes('inventory', 'half-open', 'closed', (m) => (flaps(m) && m % 2 === 1 ? 1 : 0)),
    ...changes('inventory', 'open', 'half-open', (m) => (flaps(m) && m % 2 === 1 ? 1 : 0)),
    ...changes('search', 'closed', 'open', () => 0),
    ...changes('search', 'half-open', 'closed', () => 0),
  );
  const reasons = ['attempts', 'deadline', 'budget', 'notRetryable', 'aborted'];
  for (const reason of reasons) {
    lines.push(
      ...series(
        `${p}retry_give_ups_total`,
        `policy="payments",reason="${reason}"`,
        counter((m) => (m >= 10 && (reason === 'budget' || reason === 'attempts') ? 25 : 0)),
      ),
      ...series(
        `${p}retry_give_ups_total`,
        `policy="search",reason="${reason}"`,
        counter(() => (reason === 'attempts' ? 1 : 0)),
      ),
    );
  }
  lines.push(
    ...series(
      `${p}retry_retries_total`,
      'policy="payments"',
      counter((m) => (m >= 10 ? 60 : 1)),
    ),
    ...series(
      `${p}retry_successes_total`,
      'policy="payments"',
      counter((m) => (m >= 10 ? 50 : 100)),
    ),
    ...series(
      `${p}retry_retries_total`,
      'policy="search"',
      counter(() => 2),
    ),
    ...series(
      `${p}retry_successes_total`,
      'policy="search"',
      counter(() => 100),
    ),
  );
  return lines;
}

interface Expected {
  readonly minute: number;
  readonly alertname: string;
  /** The label of the firing target (`breaker=...` or `policy=...`), or none. */
  readonly firing: readonly string[];
}

function alertCases(
  rules: ReturnType<typeof resilienceRules>,
  expected: readonly Expected[],
): string[] {
  const byName = new Map(rules.groups[0]!.rules.map((rule) => [rule.alert, rule]));
  return expected.flatMap(({ minute, alertname, firing }) => {
    const rule = byName.get(alertname)!;
    const lines = [`      - eval_time: ${minute}m`, `        alertname: ${alertname}`];
    if (firing.length === 0) return [...lines, '        exp_alerts: []'];
    lines.push('        exp_alerts:');
    for (const target of firing) {
      const [label, value] = target.split('=') as [string, string];
      const labels: Record<string, string> = {
        job: 'shop',
        instance: 'shop-0:9464',
        [label]: value,
        ...rule.labels,
      };
      const render = (text: string) =>
        text
          .replaceAll(`{{ $labels.${label} }}`, value)
          .replaceAll('{{ $labels.instance }}', 'shop-0:9464');
      lines.push('          - exp_labels:');
      for (const [k, v] of Object.entries(labels))
        lines.push(`              ${k}: ${JSON.stringify(v)}`);
      lines.push('            exp_annotations:');
      for (const [k, v] of Object.entries(rule.annotations))
        lines.push(`              ${k}: ${JSON.stringify(render(v))}`);
    }
    return lines;
  });
}

function testFile(
  prefix: string,
  rules: ReturnType<typeof resilienceRules>,
  expected: readonly Expected[],
) {
  return [
    'rule_files:',
    '  - rules.yml',
    'evaluation_interval: 1m',
    'tests:',
    '  - interval: 1m',
    '    input_series:',
    ...inputSeries(prefix),
    '    alert_rule_test:',
    ...alertCases(rules, expected),
    '',
  ].join('\n');
}

const EXPECTED: readonly Expected[] = [
  // Open since minute 5; `for: 5m` holds through the half-open probes.
  { minute: 4, alertname: 'BallastBreakerOpen', firing: [] },
  { minute: 9, alertname: 'BallastBreakerOpen', firing: [] },
  { minute: 12, alertname: 'BallastBreakerOpen', firing: ['breaker=payments'] },
  { minute: 30, alertname: 'BallastBreakerOpen', firing: ['breaker=payments'] },
  // inventory closes and reopens ten times from minute 10 to 20; payments' probes do not count.
  { minute: 9, alertname: 'BallastBreakerFlapping', firing: [] },
  { minute: 16, alertname: 'BallastBreakerFlapping', firing: ['breaker=inventory'] },
  { minute: 30, alertname: 'BallastBreakerFlapping', firing: ['breaker=inventory'] },
  { minute: 40, alertname: 'BallastBreakerFlapping', firing: [] },
  // payments gives up on its budget from minute 10; search gives up on attempts only.
  { minute: 9, alertname: 'BallastRetryBudgetExhausted', firing: [] },
  { minute: 12, alertname: 'BallastRetryBudgetExhausted', firing: ['policy=payments'] },
  // payments: 60 retries for 50 successes and 50 give-ups a minute (0.6 per call) from minute 10,
  // held for 10 minutes; search: 2 retries for 101 calls.
  { minute: 12, alertname: 'BallastRetryRatioHigh', firing: [] },
  { minute: 25, alertname: 'BallastRetryRatioHigh', firing: ['policy=payments'] },
];

describe('resilienceRules', () => {
  it('writes the four alerts with their severities, labels and runbooks', () => {
    const rules = resilienceRules({
      labels: { team: 'payments' },
      runbookUrl: 'https://runbooks.example.com/ballast',
      breakerOpen: { forMs: 10 * 60_000, labels: { tier: '1' } },
      retryRatio: { runbookUrl: 'https://wiki.example.com/retries' },
    });
    const [group] = rules.groups;
    expect(group!.name).toBe('ballast-resilience');
    expect(group!.rules.map((r) => [r.alert, r.labels.severity, r.for])).toEqual([
      ['BallastBreakerOpen', 'page', '10m'],
      ['BallastBreakerFlapping', 'ticket', undefined],
      ['BallastRetryBudgetExhausted', 'ticket', undefined],
      ['BallastRetryRatioHigh', 'ticket', '10m'],
    ]);
    expect(group!.rules[0]!.labels).toEqual({ team: 'payments', tier: '1', severity: 'page' });
    expect(group!.rules[0]!.annotations.runbook_url).toBe(
      'https://runbooks.example.com/ballast#ballastbreakeropen',
    );
    expect(group!.rules[3]!.annotations.runbook_url).toBe('https://wiki.example.com/retries');
    expect(
      resilienceRules({ breakerFlapping: false, retryRatio: false }).groups[0]!.rules.map(
        (r) => r.alert,
      ),
    ).toEqual(['BallastBreakerOpen', 'BallastRetryBudgetExhausted']);
    expect(ruleFileYaml(rules)).toMatch(/^# Generated by ballast \(resilienceRules\)/);
    // Any text survives as a YAML string: quotes, newlines, C1 controls.
    const odd = resilienceRules({
      labels: { team: 'a "b"\n\u0085' },
      breakerOpen: { forMs: 90_500 },
    });
    const yaml = ruleFileYaml(odd);
    expect(yaml).toContain('team: "a \\"b\\"\\n\\u0085"');
    expect(yaml).toContain('for: "90500ms"');
    expect(ruleFileYaml({ groups: [] })).toContain('groups: []');
  });

  it('rejects bad options, naming them', () => {
    const bad: [ResilienceRulesOptions, RegExp][] = [
      [{ breakerOpn: {} } as never, /unknown option "breakerOpn" \(did you mean "breakerOpen"\?\)/],
      [{ breakerOpen: { name: 'has space' } }, /breakerOpen\.name must match/],
      [{ breakerOpen: { severity: '' } }, /breakerOpen\.severity must be a word/],
      [
        { breakerFlapping: { maxChanges: 1.5 } },
        /breakerFlapping\.maxChanges must be an integer >= 0, got 1\.5/,
      ],
      [{ retryRatio: { maxRatio: 0 } }, /retryRatio\.maxRatio must be a finite number > 0, got 0/],
      [{ retryRatio: { windowMs: 1500 } }, /retryRatio\.windowMs must be whole seconds, got 1500/],
      [{ breakerOpen: { forMs: -1 } }, /breakerOpen\.forMs must be a finite number >= 0, got -1/],
      [{ labels: { 'bad-name': 'x' } }, /labels\.bad-name: not a Prometheus label name/],
      [{ labels: { severity: 'x' } }, /labels\.severity: the rules set this label themselves/],
      [
        { breakerOpen: { labels: { team: 1 as never } } },
        /breakerOpen\.labels\.team must be a string, got 1/,
      ],
      [{ runbookUrl: 'ftp://x' }, /runbookUrl must be an http\(s\) URL, got "ftp:\/\/x"/],
      [{ runbookUrl: 'https://u:p@x.example.com' }, /runbookUrl must not carry credentials/],
      [
        { breakerOpen: { name: 'Same' }, retryRatio: { name: 'Same' } },
        /retryRatio\.name repeats the alert name "Same"/,
      ],
      [{ matchers: { state: 'open' } }, /matchers\.state: the rules set this label themselves/],
      [{ prefix: 'a-b' }, /prefix must start a Prometheus metric name/],
      [{ labels: 'team' as never }, /labels must be a record of label values, got "team"/],
      [{ groupName: '' }, /groupName must be a non-empty string/],
      [{ retryRatio: 'yes' as never }, /retryRatio must be an object or false, got "yes"/],
      [
        { breakerFlapping: { windowMs: 60_000, maxChange: 2 } as never },
        /unknown option "breakerFlapping\.maxChange" \(did you mean "breakerFlapping\.maxChanges"\?\)/,
      ],
    ];
    for (const [options, message] of bad) expect(() => resilienceRules(options)).toThrow(message);
  });
});

describe.skipIf(promtool === undefined)('resilienceRules with promtool', PROMTOOL_TIMEOUT, () => {
  for (const options of [
    {},
    {
      prefix: 'shop_',
      labels: { team: 'payments' },
      runbookUrl: 'https://runbooks.example.com/x',
      matchers: { job: 'shop' },
    },
  ]) {
    it(`pass promtool check rules and fire only on the failing targets (${JSON.stringify(options)})`, () => {
      const rules = resilienceRules(options);
      const yaml = ruleFileYaml(rules);
      const check = runPromtool(promtool!, { 'rules.yml': yaml }, ['check', 'rules', 'rules.yml']);
      expect(check.ok, check.output).toBe(true);
      expect(check.output).toMatch(/SUCCESS: 4 rules found/);
      const prefix = (options as { prefix?: string }).prefix ?? 'ballast_';
      const result = runPromtool(
        promtool!,
        { 'rules.yml': yaml, 'test.yml': testFile(prefix, rules, EXPECTED) },
        ['test', 'rules', 'test.yml'],
      );
      expect(result.ok, result.output).toBe(true);
      expect(result.output).toMatch(/SUCCESS/);
    });
  }
});
