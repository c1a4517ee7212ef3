import { describe, expectTypeOf, it } from 'vitest';
import {
  AdaptiveConcurrencyPolicy,
  AdaptiveThrottle,
  type AdaptiveContext,
} from '../../src/adaptive/index.js';
import { TimeoutPolicy, wrap, type Policy, type PolicyContext } from '../../src/policy/index.js';

describe('ballast/adaptive types', () => {
  it('execute<T> returns Promise<T>, and both are Policies that wrap composes', () => {
    const throttle = new AdaptiveThrottle();
    const limiter = new AdaptiveConcurrencyPolicy();
    expectTypeOf(throttle.execute(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(limiter.execute(async () => 'x')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(throttle).toMatchTypeOf<Policy>();
    expectTypeOf(limiter).toMatchTypeOf<Policy>();
    expectTypeOf<AdaptiveContext>().toMatchTypeOf<PolicyContext>();
    const policy = wrap(throttle, limiter, new TimeoutPolicy(1_000));
    expectTypeOf(policy.execute(({ signal }) => signal.aborted)).toEqualTypeOf<Promise<boolean>>();
  });
});
