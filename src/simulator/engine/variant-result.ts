import type { SloTracker } from '../../slo/index.js';
import type { Scenario, VariantSpec } from '../scenario/scenario.js';
import type { VariantResult } from '../simulation-result.js';
import type { VariantRecorder } from './variant-recorder.js';

/**
 * The figures of a finished variant, as {@link SimulationResult} holds them.
 *
 * @internal
 */
export function variantResult(
  scenario: Scenario,
  variant: VariantSpec,
  recorder: VariantRecorder,
  trackers: readonly SloTracker[],
): VariantResult {
  const { requests, succeeded, settled, dependencyCalls } = recorder;
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
      successRate: settled === 0 ? Number.NaN : succeeded / settled,
      pending: requests - settled,
      fallbacks: recorder.fallbacks,
      dependencyCalls,
      amplification: requests === 0 ? Number.NaN : dependencyCalls / requests,
      latencyMs: { p50: recorder.latency.quantile(0.5), p99: recorder.latency.quantile(0.99) },
      breakers: recorder.breakers.map(({ name, trips, openMs }) => ({ name, trips, openMs })),
      retries: recorder.retries,
      retriesRefused: recorder.retriesRefused,
      rejected: recorder.rejected,
      timeouts: recorder.timeouts,
      slos: trackers.map((tracker, index) => ({
        name: tracker.name,
        objective: tracker.objective,
        budgetSpent: 1 - periodBudget(scenario, tracker, recorder.budgets[index]!).at(-1)!,
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
      budgetRemaining: trackers.map((tracker, index) =>
        periodBudget(scenario, tracker, recorder.budgets[index]!),
      ),
    },
    breakerStates,
    alerts,
  };
}

/**
 * The share of the budget of the SLO's whole period left at the end of each step. A run shorter
 * than the period holds only part of the period's traffic: the tracker would measure its budget
 * against the run's calls alone (a ten-minute outage in a thirty-minute run would spend hundreds of
 * times "the budget"), so the run's traffic is taken to go on at the same rate for the period.
 * A run as long as the period or longer takes the tracker's own figure.
 */
function periodBudget(
  scenario: Scenario,
  tracker: SloTracker,
  budgets: { readonly remaining: readonly number[]; readonly bad: readonly number[] },
): number[] {
  const periodMs = tracker.windowMs;
  if (scenario.durationMs >= periodMs) return [...budgets.remaining];
  const { allowedBad } = tracker.budget();
  const allowed = (allowedBad * periodMs) / scenario.durationMs;
  return budgets.bad.map((bad) => (allowed === 0 ? 1 : 1 - bad / allowed));
}
