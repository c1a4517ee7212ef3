import { Gauge } from 'prom-client';
import type { SloSeries } from '../internal/slo-series.js';
import { windowLabel } from '../internal/window-label.js';
import { config } from './family-group.js';

/** The latency gauge of every SLO: `<prefix>slo_latency_ms{slo, window, quantile}`. @internal */
export const SLO_LATENCY_METRIC = {
  prom: 'slo_latency_ms',
  help:
    'Latency of the calls the SLO tracker timed over the window, in ms: nearest-rank quantiles ' +
    'within 1 % (NaN with no call in the window).',
  labels: ['slo', 'window', 'quantile'],
} as const;

const MINUTE = 60_000;
/** Fewer windows than the SLI's: each read sums up to 60 slots of 1 024 counts. */
const LATENCY_WINDOWS = [5 * MINUTE, 60 * MINUTE, 24 * 60 * MINUTE];

const QUANTILES = [
  ['0.5', 'p50Ms'],
  ['0.9', 'p90Ms'],
  ['0.99', 'p99Ms'],
  ['0.999', 'p999Ms'],
] as const;

/** What the gauge reads from a tracker: `SloTracker.latency`. */
interface WithLatency {
  latency(windowMs: number): Readonly<Record<(typeof QUANTILES)[number][1], number>>;
}

/**
 * The gauge of the latency quantiles of each SLO over 5 min, 1 h, 1 day and its period (those
 * within the period), read from `SloTracker.latency` when the registry is collected. A tracker
 * without `latency()` (an older or hand-made one) reports none.
 *
 * @internal
 */
export function sloLatencyFamily(prefix: string, targets: Map<string, SloSeries>): Gauge<string> {
  const family: Gauge<string> = new Gauge({
    ...config(prefix, SLO_LATENCY_METRIC),
    collect: () => {
      family.reset();
      for (const series of targets.values()) {
        const slo = series.slo as Partial<WithLatency> & { readonly windowMs: number };
        if (typeof slo.latency !== 'function') continue;
        const windows = new Set([...LATENCY_WINDOWS, slo.windowMs]);
        for (const ms of windows) {
          if (ms > slo.windowMs) continue;
          const latency = slo.latency(ms);
          const window = windowLabel(ms);
          for (const [quantile, key] of QUANTILES) {
            family.set({ slo: series.label, window, quantile }, latency[key]);
          }
        }
      }
    },
  });
  return family;
}
