export {
  type SimulationResult,
  type VariantResult,
  type VariantSummary,
  type VariantSeries,
  type SloSummary,
  type AlertSpan,
  type BreakerSpan,
  type TimeSpan,
} from './simulation-result.js';
export {
  type BacktestResult,
  type Incident,
  type StrategyResult,
  type IncidentScore,
} from './backtest/backtest-result.js';
export { htmlReport, type HtmlReportInput } from './report/html-report.js';
export { simulationSummary, backtestSummary } from './report/summary-text.js';
export { simulate, type SimulateOptions } from './engine/simulate.js';
export { parseScenario } from './scenario/parse-scenario.js';
export { parseDuration } from './scenario/parse-duration.js';
export type {
  DependencySpec,
  Scenario,
  SloSpec,
  TrafficSpec,
  VariantSpec,
} from './scenario/scenario.js';
export type {
  BackoffSpec,
  FailureKind,
  LayerKind,
  LayerSpec,
  TripSpec,
} from './scenario/layer-spec.js';
