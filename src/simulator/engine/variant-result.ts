import type { SloTracker } from '../../slo/index.js';
import type { VariantSpec } from '../scenario/scenario.js';
import type { VariantResult } from '../simulation-result.js';
import type { VariantRecorder } from './variant-recorder.js';

/**
 * The figures of a finished variant, as {@link SimulationResult} holds them.
 *
 * @internal
 */
export function variantResult(
  variant: VariantSpec,
  recorder: VariantRecorder,
  trackers: readonly SloTracker[],
): VariantResult {
  const { requests, succeeded, dependencyCalls } = recorder;
  const alerts = [...recorder.alerts].sort((a, b) => a.fromMs - b.fromMs);
  const breakerStates = [...recorder.breakerSpans].sort(
    (a, b) => a.fromMs - b.fromMs || (a.breaker < b.breaker ? -1 : a.breaker > b.breaker ? 1 : 0),
  );
  return {
    name: variant.name,
    layers: variant.layers.map((layer) => layer.kind),
    summary: {
      requests,
      succeeded,
      successRate: requests === 0 ? Number.NaN : succeeded / requests,
      fallbacks: recorder.fallbacks,
      dependencyCalls,
      amplification: requests === 0 ? Number.NaN : dependencyCalls / requests,
      latencyMs: { p50: recorder.latency.quantile(0.5), p99: recorder.latency.quantile(0.99) },
      breakers: recorder.breakers.map(({ name, trips, openMs }) => ({ name, trips, openMs })),
      retries: recorder.retries,
      retriesRefused: recorder.retriesRefused,
      rejected: recorder.rejected,
      timeouts: recorder.timeouts,
      slos: trackers.map((tracker) => ({
        name: tracker.name,
        objective: tracker.objective,
        budgetSpent: tracker.budget().consumed,
        alerts: alerts.filter((alert) => alert.slo === tracker.name),
      })),
    },
    series: {
      requests: [...recorder.series.requests],
      succeeded: [...recorder.series.succeeded],
      settled: [...recorder.series.settled],
      dependencyCalls: [...recorder.series.dependencyCalls],
      retries: [...recorder.series.retries],
      rejected: [...recorder.series.rejected],
      budgetRemaining: recorder.budgetRemaining,
    },
    breakerStates,
    alerts,
  };
}
