export type { ExecuteOptions, Policy, PolicyContext } from './policy.js';
export { wrap } from './wrap.js';
export { observe, type ObserveOptions, type Observer } from './observe.js';
export {
  TimeoutError,
  TimeoutPolicy,
  isTimeoutError,
  type TimeoutOptions,
} from './timeout-policy.js';
