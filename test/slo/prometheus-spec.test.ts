import { describe, expect, it } from 'vitest';
import { toPrometheusRules, type PrometheusSloSpec } from '../../src/slo/index.js';

const HOUR = 3_600_000;

const spec: PrometheusSloSpec = {
  slo: { name: 'jobs', objective: 0.95, alerts: false },
  service: 'worker',
  total: 'jobs_total',
  bad: 'jobs_failed_total',
};

const rules = (given: unknown): string => toPrometheusRules([given as PrometheusSloSpec]);

describe('PrometheusSloSpec checks', () => {
  it.each<[string, unknown, Error]>([
    [
      'a spec that is not an object',
      5,
      new TypeError('slos[0] must be a PrometheusSloSpec object, got 5'),
    ],
    [
      'an array as the spec',
      [],
      new TypeError('slos[0] must be a PrometheusSloSpec object, got an array of 0'),
    ],
    [
      'a blank total selector',
      { ...spec, total: '  ' },
      new TypeError(
        `slos[0].total must be a series selector such as 'http_requests_total{job="api"}', got "  "`,
      ),
    ],
    [
      'a total that is an expression',
      { ...spec, total: 'a b' },
      new TypeError(
        `slos[0].total must be a series selector such as 'http_requests_total{job="api"}', got "a b"`,
      ),
    ],
    [
      'a bad selector that is not a string',
      { ...spec, bad: 5 },
      new TypeError(
        `slos[0].bad must be a series selector such as 'http_requests_total{job="api"}', got 5`,
      ),
    ],
    [
      'an alert name with a space',
      { ...spec, alertName: 'a b' },
      new TypeError('slos[0].alertName must be a Prometheus name, got "a b"'),
    ],
    [
      'labels that are a string',
      { ...spec, labels: 'team' },
      new TypeError('slos[0].labels must be an object of strings, got "team"'),
    ],
    [
      'labels that are a number',
      { ...spec, labels: 5 },
      new TypeError('slos[0].labels must be an object of strings, got 5'),
    ],
    [
      'labels that are an array',
      { ...spec, labels: ['team'] },
      new TypeError('slos[0].labels must be an object of strings, got an array of 1'),
    ],
    [
      'a label name starting with two underscores',
      { ...spec, labels: { __name: 'x' } },
      new TypeError('slos[0].labels.__name: not a valid Prometheus label name'),
    ],
    [
      'the severity label',
      { ...spec, labels: { severity: 'x' } },
      new TypeError('slos[0].labels.severity: the rules set this label themselves'),
    ],
    [
      'the alertname label',
      { ...spec, labels: { alertname: 'x' } },
      new TypeError('slos[0].labels.alertname: the rules set this label themselves'),
    ],
    [
      'a fractional long alert window',
      {
        ...spec,
        slo: {
          name: 'jobs',
          objective: 0.95,
          alerts: [
            { severity: 'page', burnRate: 2, longWindowMs: HOUR + 0.5, shortWindowMs: 300_000 },
          ],
        },
      },
      new RangeError(
        'slos[0].slo.alerts[0].longWindowMs must be a whole number of milliseconds for PromQL, got 3600000.5',
      ),
    ],
  ])('rejects %s, naming the field', (_, given, error) => {
    expect(() => rules(given)).toThrow(error);
    expect(() => rules(given)).toThrow(error.constructor);
  });

  it('accepts a label name with two underscores that do not lead', () => {
    expect(rules({ ...spec, labels: { team__: 'x' } })).toContain('team__: "x"');
  });

  it('accepts a selector of matchers alone, without a metric name', () => {
    expect(rules({ ...spec, total: '{job="worker"}' })).toContain('sum(rate({job="worker"}[5m]))');
  });

  it('trims the whitespace around a selector before checking and using it', () => {
    const yaml = rules({ ...spec, total: '  jobs_total ', bad: '\tjobs_failed_total\n' });
    expect(yaml).toContain('sum(rate(jobs_total[5m]))');
    expect(yaml).toContain('sum(rate(jobs_failed_total[5m]))');
    expect(yaml).not.toContain('( jobs_total');
  });
});
