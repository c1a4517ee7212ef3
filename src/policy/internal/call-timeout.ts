import { assertPositive } from '../../internal/validate.js';

/**
 * The execute options of a {@link TimeoutPolicy} besides `signal`, for `executeError` (which then
 * suggests `timeoutMs` for a misspelled `timeout`).
 *
 * @internal
 */
export const PER_CALL_OPTIONS: readonly string[] = ['timeoutMs'];

/**
 * The key under which {@link wrap} hands a {@link TimeoutPolicy} with a generator the merged
 * contexts of the layers outside it. A symbol, unregistered: callers cannot pass it by accident,
 * and `executeError` (which reads string keys only) does not see it.
 *
 * @internal
 */
export const OUTER_CONTEXT: unique symbol = Symbol('ballast.outerContext');

/** Execute options as {@link TimeoutPolicy} and {@link wrap} read them. @internal */
export interface TimeoutCallOptions {
  readonly timeoutMs?: unknown;
  readonly [OUTER_CONTEXT]?: object;
}

/**
 * Whether execute options carry `timeoutMs` or the wrap's outer context: keys that {@link wrap}
 * hands to its timeout layer alone. No allocation: the usual `{ signal }` answers false. May
 * throw (a Proxy's `has` trap): callers turn that into a rejection.
 *
 * @internal
 */
export function carriesTimeout(options: unknown): options is TimeoutCallOptions {
  return (
    typeof options === 'object' &&
    options !== null &&
    ('timeoutMs' in options || OUTER_CONTEXT in options)
  );
}

/**
 * What is wrong with a call's own `timeoutMs`, or `undefined` when it is absent or fine: the
 * RangeError the call rejects with, naming `timeoutMs` and showing the value.
 *
 * @internal
 */
export function timeoutMsError(value: unknown): RangeError | undefined {
  if (value === undefined) return undefined;
  try {
    assertPositive(value, 'timeoutMs');
    return undefined;
  } catch (error) {
    return error as RangeError;
  }
}
