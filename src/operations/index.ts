export {
  grafanaDashboard,
  type GrafanaDashboard,
  type GrafanaDashboardOptions,
  type DashboardSlo,
} from './grafana-dashboard.js';
export {
  resilienceRules,
  ruleFileYaml,
  type ResilienceRulesOptions,
  type ResilienceAlertOptions,
  type BreakerOpenAlertOptions,
  type BreakerFlappingAlertOptions,
  type RetryBudgetAlertOptions,
  type RetryRatioAlertOptions,
  type PrometheusRuleFile,
} from './resilience-rules.js';
export {
  healthReport,
  type HealthReport,
  type HealthReportOptions,
  type HealthTargets,
  type HealthBreaker,
  type HealthSlo,
  type HealthCheck,
  type HealthStatus,
} from './health-report.js';
export { healthHandler, type HealthRequest, type HealthResponse } from './health-handler.js';
