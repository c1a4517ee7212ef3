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
