import { assertOptions, assertPositive, executeError } from '../../internal/validate.js';

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
 * Whether execute options carry `timeoutMs` or the wrap's outer context: keys `executeError`
 * (which knows `signal` only) must not see. No allocation: the usual `{ signal }` answers false.
 * May throw (a Proxy's `has` trap): callers turn that into a rejection.
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

/**
 * What is wrong with one `TimeoutPolicy.execute` call: `executeError`'s check of `fn` and of the
 * options without the timeout keys (`rest`), then the call's own `timeoutMs`. An unknown key is
 * reported with the closest of `signal` and `timeoutMs` (`timeout` is most likely `timeoutMs`),
 * which `executeError`, knowing `signal` only, cannot do; that second look costs nothing on the
 * path of a valid call.
 *
 * @internal
 */
export function timeoutExecuteError(
  fn: unknown,
  options: unknown,
  rest: unknown,
  timeoutMs: unknown,
): Error | undefined {
  const invalid = executeError(fn, rest);
  if (invalid === undefined) return timeoutMsError(timeoutMs);
  if (typeof fn === 'function') {
    try {
      assertOptions(options, 'options', EXECUTE_KEYS);
    } catch (error) {
      return error as TypeError;
    }
  }
  return invalid;
}

const EXECUTE_KEYS: readonly string[] = ['signal', 'timeoutMs'];
