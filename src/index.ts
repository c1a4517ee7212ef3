// The core modules. Adapters (which need optional peers) and the testing helpers have entry points
// of their own: `ballast/adapters/*` and `ballast/testing`.
export {
  systemClock,
  sleep,
  type Clock,
  type TimerOptions,
  type SleepOptions,
} from './clock/index.js';
export { Emitter, type EmitterOptions, type Listener } from './events/index.js';
export {
  wrap,
  observe,
  TimeoutPolicy,
  TimeoutError,
  isTimeoutError,
  type Policy,
  type PolicyContext,
  type ExecuteOptions,
  type Observer,
  type TimeoutOptions,
} from './policy/index.js';
export {
  CircuitBreaker,
  consecutiveFailures,
  failureRate,
  BrokenCircuitError,
  isBrokenCircuitError,
  type CircuitBreakerOptions,
  type HalfOpenOptions,
  type CallContext,
  type BreakerExecuteOptions,
  type CircuitState,
  type RejectingState,
  type BreakerEvents,
  type BreakerSnapshot,
  type TripCondition,
  type TripContext,
  type TripTracker,
  type FailureRateOptions,
  type CountWindow,
  type TimeWindow,
} from './breaker/index.js';
