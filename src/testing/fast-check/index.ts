export { latencyMs, type LatencyOptions } from './latency-ms.js';
export { dependencyStep, type DependencyStepOptions, type StepWeights } from './dependency-step.js';
export { dependencyScript, type DependencyScriptOptions } from './dependency-script.js';
export {
  dependencyPhases,
  type DependencyPhasesOptions,
  type PhaseKind,
} from './dependency-phases.js';
export { callSchedule, type CallScheduleOptions } from './call-schedule.js';
