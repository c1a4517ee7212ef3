import { array, type Arbitrary } from 'fast-check';
import { assertInteger, assertOptions } from '../../internal/validate.js';
import type { DependencyStep } from '../dependency-step.js';
import { stepArbitrary, type DependencyStepOptions } from './dependency-step.js';

/**
 * Options for {@link dependencyScript}: those of {@link dependencyStep}, and the script's length.
 *
 * @example
 * ```ts
 * const options: DependencyScriptOptions<string> = { value: 'x', maxLength: 5 };
 * ```
 */
export interface DependencyScriptOptions<T> extends DependencyStepOptions<T> {
  /** The fewest steps, an integer >= 1. @default 1 */
  readonly minLength?: number;
  /** The most steps. @default 10 */
  readonly maxLength?: number;
}

const OPTIONS = ['value', 'failures', 'latency', 'weights', 'minLength', 'maxLength'];

/**
 * A per-attempt script for a {@link FakeDependency}: a list of steps, the first call playing the
 * first (after the list, its last step repeats). Shrinks towards a short script of fast answers.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { FakeDependency, VirtualClock } from 'ballast/testing';
 * import { dependencyScript } from 'ballast/testing/fast-check';
 *
 * fc.assert(
 *   fc.asyncProperty(dependencyScript({ value: 'x', maxLength: 4 }), async (script) => {
 *     const clock = new VirtualClock();
 *     const dependency = new FakeDependency({ clock, script });
 *     await clock.run(client(dependency).get()).catch(() => undefined);
 *     return dependency.calls <= 3;
 *   }),
 * );
 * ```
 */
export function dependencyScript<T = undefined>(
  options?: DependencyScriptOptions<T>,
): Arbitrary<DependencyStep<T>[]> {
  const given: unknown = options ?? {};
  assertOptions(given, 'options', OPTIONS);
  const { minLength = 1, maxLength = Math.max(minLength, 10) } = options ?? {};
  assertInteger(minLength, 'minLength', 1);
  assertInteger(maxLength, 'maxLength', minLength);
  return array(stepArbitrary(options ?? {}), { minLength, maxLength });
}
