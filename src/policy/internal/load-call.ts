import { neverAborted } from '../../internal/never-aborted.js';
import { assertInteger, assertName } from '../../internal/validate.js';
import type { PolicyContext } from '../policy.js';

const NEVER: PolicyContext = Object.freeze({ signal: neverAborted });

/**
 * The context a load policy hands its function: the caller's signal (the shared never-aborting
 * one when it gave none) and, only when there is one, the deadline, so that a {@link wrap} that
 * merges contexts never overwrites an outer layer's deadline with `undefined`. No allocation for
 * a call with neither.
 *
 * @internal
 */
export function loadContext(
  signal: AbortSignal | undefined,
  deadline: number | undefined,
): PolicyContext {
  if (deadline === undefined) return signal === undefined ? NEVER : { signal };
  return { signal: signal ?? neverAborted, deadline };
}

/**
 * A queue bound: an integer >= 0, or `Infinity` for none.
 *
 * @internal
 */
export function assertQueueBound(value: unknown, option: string): asserts value is number {
  if (value === Number.POSITIVE_INFINITY) return;
  assertInteger(value, option, 0);
}

/**
 * A policy's `name`, when given.
 *
 * @internal
 */
export function assertOptionalName(value: unknown): asserts value is string | undefined {
  if (value !== undefined) assertName(value, 'name');
}
