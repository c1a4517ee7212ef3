import type { BacktestResult } from '../backtest/backtest-result.js';
import type { SimulationResult } from '../simulation-result.js';

/**
 * The terminal summary of a simulation: per variant, the load on the dependency and its
 * amplification, what users saw, the breakers, the retries and the SLOs' budgets and alerts.
 *
 * @example
 * ```ts
 * console.log(simulationSummary(await simulate(scenario)));
 * ```
 */
export function simulationSummary(result: SimulationResult): string {
  return `${result.scenario}\n${result.variants.map((variant) => variant.name).join('\n')}\n`;
}

/**
 * The terminal summary of a backtest: per strategy, incidents detected and missed, false alarms,
 * detection and reset times, and the budget spent before the first alert.
 *
 * @example
 * ```ts
 * console.log(backtestSummary(backtest(events, { slo })));
 * ```
 */
export function backtestSummary(result: BacktestResult): string {
  return `${result.source}\n${result.strategies.map((strategy) => strategy.name).join('\n')}\n`;
}
