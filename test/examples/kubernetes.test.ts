// examples/kubernetes/: every manifest valid against the Kubernetes (and Prometheus Operator)
// schemas, the probes on the paths the example service serves, and the PrometheusRule what its
// generator makes of the SLO and resilience rules today, with rules promtool accepts.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { prometheusRule } from '../../examples/kubernetes/prometheus-rule.js';
import { PROMTOOL_TIMEOUT, promtool, runPromtool } from '../slo/promtool.js';

const DIR = resolve(import.meta.dirname, '../../examples/kubernetes');

/** The fields of the manifests the tests read; the schemas check the rest. */
interface Manifest {
  kind: string;
  metadata: { labels?: Record<string, string> };
  spec: {
    selector?: { matchLabels?: Record<string, string> };
    ports?: { name: string }[];
    endpoints?: { port: string; path: string }[];
    groups?: unknown[];
    template?: {
      spec: {
        containers: {
          ports: { name: string }[];
          readinessProbe: { httpGet: { path: string; port?: string } };
          livenessProbe: { httpGet: { path: string; port?: string } };
        }[];
      };
    };
  };
}

function manifests(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(resolve(DIR, file), 'utf8')).map(
    (doc) => doc.toJS() as Manifest,
  );
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Deployment,
  Service,
  ServiceMonitor,
  PrometheusRule,
};

describe('examples/kubernetes', () => {
  const all = ['deployment.yaml', 'service-monitor.yaml', 'prometheus-rule.yaml'].flatMap(
    manifests,
  );

  it('validates against the schemas of its kinds', () => {
    expect(all.map((m) => m.kind)).toEqual([
      'Deployment',
      'Service',
      'ServiceMonitor',
      'PrometheusRule',
    ]);
    for (const manifest of all) {
      const Model = MODELS[manifest.kind]!;
      expect(() => new Model(manifest as never).validate(), manifest.kind).not.toThrow();
    }
    // The validation bites: a probe without a port is refused.
    const broken = structuredClone(all[0]!);
    delete broken.spec.template!.spec.containers[0]!.readinessProbe.httpGet.port;
    expect(() => new Deployment(broken as never).validate()).toThrow(/port/);
  });

  it('probes the health paths on the named port, and the ServiceMonitor scrapes the Service', () => {
    const [deployment, service, monitor] = all;
    const container = deployment!.spec.template!.spec.containers[0]!;
    expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
    expect(container.ports.map((p) => p.name)).toEqual(['http', 'metrics']);
    expect(service!.spec.ports!.map((p) => p.name)).toContain('metrics');
    expect(monitor!.spec.selector!.matchLabels).toEqual(service!.metadata.labels);
    expect(monitor!.spec.endpoints![0]).toMatchObject({ port: 'metrics', path: '/metrics' });
  });

  it('holds the PrometheusRule its generator makes', () => {
    expect(all[3]).toEqual(prometheusRule());
  });

  it.skipIf(promtool === undefined)('holds rules promtool accepts', PROMTOOL_TIMEOUT, () => {
    const rules = stringify({ groups: all[3]!.spec.groups });
    const result = runPromtool(promtool!, { 'rules.yml': rules }, ['check', 'rules', 'rules.yml']);
    expect(result.ok, result.output).toBe(true);
  });
});
