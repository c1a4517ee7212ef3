import { Counter, Gauge } from 'prom-client';
import { SLO_METRICS } from '../internal/metric-catalog.js';
import type { SloSeries } from '../internal/slo-series.js';
import { config, named, type FamilyGroup } from './family-group.js';
import { SLO_LATENCY_METRIC, sloLatencyFamily } from './slo-latency-family.js';

/**
 * The SLO families: the good and bad event counters the Prometheus rules read, and gauges of the
 * in-process readings. @internal
 */
export function sloFamilies(prefix: string): FamilyGroup<SloSeries> {
  const targets = new Map<string, SloSeries>();
  const m = SLO_METRICS;
  const events: Counter<string> = new Counter({
    ...config(prefix, m.events),
    collect: () => {
      events.reset();
      for (const series of targets.values()) {
        const { good, bad } = series.events();
        events.inc({ slo: series.label, outcome: 'good' }, good);
        events.inc({ slo: series.label, outcome: 'bad' }, bad);
      }
    },
  });
  const gauge = (
    spec: (typeof m)[keyof typeof m],
    read: (series: SloSeries, set: (labels: Record<string, string>, value: number) => void) => void,
  ): Gauge<string> => {
    const family: Gauge<string> = new Gauge({
      ...config(prefix, spec),
      collect: () => {
        family.reset();
        const set = (labels: Record<string, string>, value: number): void =>
          family.set(labels, value);
        for (const series of targets.values()) read(series, set);
      },
    });
    return family;
  };
  const objective = gauge(m.objective, (s, set) => set({ slo: s.label }, s.slo.objective));
  const sli = gauge(m.sli, (s, set) => {
    for (const w of s.windows) set({ slo: s.label, window: w.label }, s.slo.sli(w.ms));
  });
  const burnRate = gauge(m.burnRate, (s, set) => {
    for (const w of s.windows) set({ slo: s.label, window: w.label }, s.slo.burnRate(w.ms));
  });
  const remaining = gauge(m.budgetRemaining, (s, set) =>
    set({ slo: s.label }, s.slo.budget().remaining),
  );
  const alerts = gauge(m.alertActive, (s, set) => {
    const { page, ticket } = s.alertsActive();
    set({ slo: s.label, severity: 'page' }, page ? 1 : 0);
    set({ slo: s.label, severity: 'ticket' }, ticket ? 1 : 0);
  });
  return {
    targets,
    families: named(
      prefix,
      [m.events, events],
      [m.objective, objective],
      [m.sli, sli],
      [m.burnRate, burnRate],
      [m.budgetRemaining, remaining],
      [m.alertActive, alerts],
      [SLO_LATENCY_METRIC, sloLatencyFamily(prefix, targets)],
    ),
    buckets: {},
  };
}
