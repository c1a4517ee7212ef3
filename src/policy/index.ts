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
export { HedgePolicy } from './hedge-policy.js';
export type { HedgeBudget, HedgeContext, HedgeOptions } from './hedge-options.js';
export type { HedgeEvents, HedgeRefusal, HedgeTrigger } from './hedge-events.js';
