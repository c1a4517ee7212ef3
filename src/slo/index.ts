export { SloTracker } from './slo-tracker.js';
export { SloSet } from './slo-set.js';
export type { SloOptions } from './slo-options.js';
export type { SloObserveOptions } from './observe-options.js';
export type { ActiveAlert, SloBudget, SloBudgetEvent, SloEvents } from './slo-types.js';
export type {
  SloSnapshot,
  SloSnapshotTier,
  SloSnapshotLatency,
  SloSnapshotLatencyTier,
} from './slo-snapshot.js';
export type { SloLatency } from './slo-latency.js';
export { burnRateForBudget, defaultBurnRateAlerts, type BurnRateAlert } from './burn-rate-alert.js';
export { toPrometheusRules } from './prometheus-rules.js';
export type { PrometheusSloSpec, SloAlerting, SloAlertRule } from './prometheus-spec.js';
