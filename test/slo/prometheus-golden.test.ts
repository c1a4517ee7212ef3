// The rule file of specs that use none of the query-template or alerting options is the one
// ballast wrote before those options existed, byte for byte: users who regenerate their rules see
// no diff. The hash is of the file generated at that point (commit 3c70960); when a change to the
// output is intended, it must be a deliberate, documented change of this hash.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  defaultBurnRateAlerts,
  toPrometheusRules,
  type PrometheusSloSpec,
} from '../../src/slo/index.js';

const DAY = 86_400_000;

const specs: PrometheusSloSpec[] = [
  {
    slo: { name: 'availability', objective: 0.999 },
    service: 'checkout',
    total: 'http_requests_total{job="checkout"}',
    good: 'http_requests_total{job="checkout",code!~"5.."}',
    labels: { team: 'payments' },
  },
  {
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
  },
  {
    slo: {
      name: 'jobs',
      objective: 0.95,
      windowMs: 7 * DAY,
      alerts: defaultBurnRateAlerts.filter((a) => a.severity === 'ticket'),
    },
    service: 'worker',
    total: 'jobs_total',
    bad: 'jobs_failed_total',
    labels: { note: 'quotes " and \\ and a\nnewline and \u0085' },
    alertName: 'WorkerJobsBurn',
  },
  {
    slo: {
      name: 'queue',
      objective: 0.9,
      windowMs: 3_600_000,
      minimumEvents: 20,
      alerts: [{ severity: 'page', burnRate: 2, longWindowMs: 360_000, shortWindowMs: 30_000 }],
    },
    service: 'worker',
    total: 'jobs_total',
    bad: 'jobs_failed_total',
  },
];

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('toPrometheusRules without the newer options', () => {
  it('writes the same file as before them, byte for byte', () => {
    const yaml = toPrometheusRules(specs);
    expect(yaml).toHaveLength(27_608);
    expect(sha256(yaml)).toBe('f8bd380b86079afe7343df909fbc878308af91bfd2a2a4465fe4cae9b1f494b7');
  });

  it('writes the same file when the defaults are spelt out', () => {
    const spelt = specs.map((spec) => ({
      ...spec,
      alerting: { page: {}, ticket: {}, absent: false, budgetExhausted: false },
    })) as PrometheusSloSpec[];
    expect(toPrometheusRules(spelt)).toBe(toPrometheusRules(specs));
  });
});
