export type { ExecuteOptions, Policy, PolicyContext } from './policy.js';
export { wrap } from './wrap.js';
export { observe, type ObserveOptions, type Observer } from './observe.js';
export { TimeoutError, TimeoutPolicy, isTimeoutError } from './timeout-policy.js';
export type {
  TimeoutContext,
  TimeoutExecuteOptions,
  TimeoutGenerator,
  TimeoutOptions,
} from './timeout-options.js';
export type { TimeoutEvents, TimeoutStrategy } from './timeout-events.js';
export { BulkheadPolicy } from './bulkhead-policy.js';
export type { BulkheadEvents, BulkheadOptions } from './bulkhead-options.js';
export {
  BulkheadRejectedError,
  isBulkheadRejectedError,
  type BulkheadRejectReason,
} from './bulkhead-rejected-error.js';
export { RateLimitPolicy } from './rate-limit-policy.js';
export type { RateLimitEvents, RateLimitOptions } from './rate-limit-options.js';
export {
  RateLimitedError,
  isRateLimitedError,
  type RateLimitRejectReason,
} from './rate-limited-error.js';
export {
  fallback,
  FallbackPolicy,
  type FallbackEvents,
  type FallbackFailure,
  type FallbackOptions,
} from './fallback-policy.js';
export { isBallastError } from '../internal/ballast-error.js';
