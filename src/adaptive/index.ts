export { AdaptiveThrottle, type AdaptiveThrottleOptions } from './adaptive-throttle.js';
export type { ThrottleEvents } from './throttle-events.js';
export { ThrottledError, isThrottledError } from './throttled-error.js';
export { AdaptiveConcurrencyPolicy } from './adaptive-concurrency-policy.js';
export type {
  AdaptiveConcurrencyOptions,
  AimdOptions,
  Gradient2Options,
  LimitAlgorithmName,
  VegasOptions,
} from './concurrency-options.js';
export type { ConcurrencyEvents } from './concurrency-events.js';
export {
  ConcurrencyLimitError,
  isConcurrencyLimitError,
  type ConcurrencyLimitReason,
} from './concurrency-limit-error.js';
export { isOverloadError } from './is-overload-error.js';
export type { AdaptiveContext, AdaptiveExecuteOptions } from './adaptive-context.js';
