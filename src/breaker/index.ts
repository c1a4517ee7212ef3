export { CircuitBreaker } from './circuit-breaker.js';
export type {
  CircuitBreakerOptions,
  HalfOpenOptions,
  IsolateOptions,
  OpenMsContext,
} from './options.js';
export type { CallContext, BreakerExecuteOptions } from './call-context.js';
export type { CircuitState, RejectingState } from './circuit-state.js';
export type { BreakerEvents } from './breaker-events.js';
export type { BreakerMetrics } from './breaker-metrics.js';
export type { BreakerSnapshot } from './snapshot.js';
export type {
  TripCondition,
  TripContext,
  TripTracker,
  TripWindowCounts,
} from './trip-condition.js';
export { consecutiveFailures } from './consecutive-failures.js';
export {
  failureRate,
  type FailureRateOptions,
  type CountWindow,
  type TimeWindow,
} from './failure-rate.js';
export { BrokenCircuitError, isBrokenCircuitError } from './broken-circuit-error.js';
