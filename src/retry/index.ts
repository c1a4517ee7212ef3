export {
  constant,
  decorrelatedJitter,
  exponential,
  linear,
  type Backoff,
  type ConstantOptions,
  type DecorrelatedJitterOptions,
  type ExponentialOptions,
  type Jitter,
  type JitterFactor,
  type LinearOptions,
} from './backoff.js';
export { isTransientNetworkError } from './network-errors.js';
export { parseRetryAfter, retryAfterFromHeaders } from './retry-after.js';
export { RetryBudget, type RetryBudgetOptions } from './retry-budget.js';
export type { RetryBudgetLike } from './retry-budget-like.js';
export type {
  GiveUpEvent,
  GiveUpReason,
  RetryEvent,
  RetryEvents,
  SuccessEvent,
} from './retry-events.js';
export type { RetryContext, RetryExecuteOptions, RetryOptions } from './retry-options.js';
export { RetryPolicy } from './retry-policy.js';
export { retry } from './retry.js';
export {
  TokenBucketRetryBudget,
  type AwsRetryQuotaOptions,
  type GrpcRetryThrottlingOptions,
  type TokenBucketRetryBudgetOptions,
} from './token-bucket-retry-budget.js';
