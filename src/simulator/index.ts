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
export { backtest } from './backtest/backtest.js';
export type { BacktestOptions } from './backtest/backtest-options.js';
export type { RecordedTraffic } from './backtest/recorded-traffic.js';
export { defaultStrategies, type AlertStrategy } from './backtest/alert-strategy.js';
export { parseAlertTiers } from './backtest/parse-alert-tiers.js';
export { deriveIncidents, periodBudget, type IncidentRule } from './backtest/derive-incidents.js';
export { TrafficBuckets } from './backtest/traffic-buckets.js';
export { TrafficFormatError, isTrafficFormatError } from './backtest/traffic-format-error.js';
export type { ReadTrafficOptions } from './backtest/read-options.js';
export { readCsvTraffic } from './backtest/read-csv.js';
export { readNdjsonTraffic } from './backtest/read-ndjson.js';
export { readPrometheusTraffic, type PrometheusReadOptions } from './backtest/read-prometheus.js';
export {
  readTraffic,
  detectTrafficFormat,
  type TrafficFormat,
  type ReadAnyTrafficOptions,
} from './backtest/read-traffic.js';
