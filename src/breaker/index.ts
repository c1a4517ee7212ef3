export { CircuitBreaker } from './circuit-breaker.js';
export type { CircuitBreakerOptions, HalfOpenOptions } from './options.js';
export type { CallContext, BreakerExecuteOptions } from './call-context.js';
export type { CircuitState, RejectingState } from './circuit-state.js';
export type { BreakerEvents } from './breaker-events.js';
export type { BreakerSnapshot } from './snapshot.js';
export type { TripCondition, TripContext, TripTracker } from './trip-condition.js';
export { consecutiveFailures } from './consecutive-failures.js';
export {
  failureRate,
  type FailureRateOptions,
  type CountWindow,
  type TimeWindow,
} from './failure-rate.js';
export { BrokenCircuitError, isBrokenCircuitError } from './broken-circuit-error.js';
