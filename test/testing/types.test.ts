import { describe, expectTypeOf, it } from 'vitest';
import {
  FakeDependency,
  VirtualClock,
  callsAt,
  fail,
  ok,
  slow,
  timeline,
} from '../../src/testing/index.js';
import { dependencyPhases, dependencyScript } from '../../src/testing/fast-check/index.js';
import type { Arbitrary } from 'fast-check';
import type { DependencyStep, Phase } from '../../src/testing/index.js';

describe('the testing kit’s generics', () => {
  it('carry the value type through run, FakeDependency, timeline, callsAt and the arbitraries', () => {
    const clock = new VirtualClock();
    expectTypeOf(clock.run(Promise.resolve('x'))).toEqualTypeOf<Promise<string>>();
    expectTypeOf(clock.run(42)).toEqualTypeOf<Promise<number>>();
    const listed = new FakeDependency({ clock, script: [fail(503), slow(10, 'late'), ok('x')] });
    expectTypeOf(listed.call).returns.toEqualTypeOf<Promise<string>>();
    const timed = new FakeDependency({
      clock,
      script: timeline([{ durationMs: 5, steps: [ok({ id: 1 })] }]),
    });
    expectTypeOf(timed.call).returns.toEqualTypeOf<Promise<{ id: number }>>();
    expectTypeOf(callsAt(clock, [], () => Promise.resolve(1))).toEqualTypeOf<
      Promise<PromiseSettledResult<number>[]>
    >();
    expectTypeOf(dependencyScript({ value: 'x' })).toEqualTypeOf<
      Arbitrary<DependencyStep<string>[]>
    >();
    expectTypeOf(dependencyPhases({ value: 1 })).toEqualTypeOf<Arbitrary<Phase<number>[]>>();
  });
});
