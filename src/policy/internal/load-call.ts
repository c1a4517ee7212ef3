import { neverAborted } from '../../internal/never-aborted.js';
import { assertInteger, assertName, show } from '../../internal/validate.js';
import type { PolicyContext } from '../policy.js';

/**
 * The execute options of the bulkhead, the rate limiter and the fallback besides `signal`, for
 * `executeError`.
 *
 * @internal
 */
export const LOAD_CALL_OPTIONS: readonly string[] = ['deadline'];

/**
 * What is wrong with a call's `deadline`, or `undefined` when it is absent or a number: a
 * TypeError naming `options.deadline` and showing the value. `Infinity` is no deadline at all.
 *
 * @internal
 */
export function deadlineError(value: unknown): TypeError | undefined {
  if (value === undefined || (typeof value === 'number' && !Number.isNaN(value))) return undefined;
  return new TypeError(
    `options.deadline must be a time on the policy's clock (a number), got ${show(value)}`,
  );
}

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
