import { assertFunction, assertOptions } from '../internal/validate.js';
import { describeError, emitWarning } from '../internal/warn.js';

/**
 * How {@link SloTracker.observe} classifies one call, for outcomes that the call's own settling
 * does not tell: a `fetch` that fulfils with a 503 `Response` failed the user, and a 404 the
 * caller asked for did not.
 *
 * @example
 * ```ts
 * const response = await slo.observe(() => fetch(url), {
 *   isResultFailure: (response) => response.status >= 500, // typed as Response, no cast
 * });
 * ```
 */
export interface SloObserveOptions<T> {
  /**
   * Whether a fulfilled result is a bad event. A callback that throws counts the call as bad
   * (reported once as a process warning); the result still reaches the caller.
   *
   * @default every result is good
   */
  readonly isResultFailure?: (result: T) => boolean;
  /**
   * Whether an error is a bad event; `false` counts the call as good (say, a 404 that the caller
   * handles). A callback that throws counts the call as bad (reported once as a process warning);
   * the error still reaches the caller.
   *
   * @default every error is bad
   */
  readonly isFailure?: (error: unknown) => boolean;
}

const KEYS = ['isResultFailure', 'isFailure'] as const;

/** Why `options` is not a valid {@link SloObserveOptions}, or `undefined`. @internal */
export function observeOptionsError(options: unknown): TypeError | undefined {
  try {
    assertOptions(options, 'options', KEYS);
    assertFunction(options['isResultFailure'], 'options.isResultFailure');
    assertFunction(options['isFailure'], 'options.isFailure');
    return undefined;
  } catch (error) {
    return error as TypeError;
  }
}

/**
 * Whether a call is good by its outcome: a result is good unless `isResultFailure` says so, an
 * error bad unless `isFailure` says otherwise. A throwing callback makes the call bad.
 *
 * @internal
 */
export function isGood<T>(
  options: SloObserveOptions<T>,
  failed: boolean,
  outcome: unknown,
  slo: string,
  warned: Set<string>,
): boolean {
  const key = failed ? 'isFailure' : 'isResultFailure';
  const classify = options[key] as ((outcome: unknown) => boolean) | undefined;
  if (classify === undefined) return !failed;
  try {
    return !classify(outcome);
  } catch (error) {
    if (!warned.has(key)) {
      warned.add(key);
      emitWarning(
        `ballast: ${key} of SLO ${JSON.stringify(slo)} threw, so the call counts as bad: ${describeError(error)}`,
        'BallastCallbackWarning',
        'BALLAST_CALLBACK_ERROR',
      );
    }
    return false;
  }
}
