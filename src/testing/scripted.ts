/**
 * One scripted outcome: a value to return, or `{ error }` to throw.
 *
 * @example
 * ```ts
 * const outcomes: ScriptedOutcome<string>[] = [{ error: new Error('503') }, { value: 'ok' }];
 * ```
 */
export type ScriptedOutcome<T> = { readonly value: T } | { readonly error: unknown };

/**
 * A function that plays back `outcomes` in order, one per call, then repeats the last one. It
 * counts its calls: a quick way to test what a policy does with a given run of failures.
 *
 * @example
 * ```ts
 * import { scripted } from 'ballast/testing';
 *
 * const flaky = scripted([{ error: new Error('503') }, { error: new Error('503') }, { value: 'ok' }]);
 * const result = retry(() => flaky(), { maxAttempts: 3, clock });
 * await clock.runAll(); // the backoff delays pass in virtual time
 * await result; // 'ok', on the third call
 * flaky.calls; // 3
 * ```
 */
export function scripted<T>(
  outcomes: readonly ScriptedOutcome<T>[],
): (() => Promise<T>) & { readonly calls: number } {
  if (!isNonEmptyArray(outcomes)) {
    throw new RangeError('outcomes must be a non-empty array');
  }
  let calls = 0;
  const play = (): Promise<T> => {
    const outcome: ScriptedOutcome<T> = outcomes[Math.min(calls, outcomes.length - 1)]!;
    calls++;
    return 'error' in outcome ? Promise.reject(outcome.error) : Promise.resolve(outcome.value);
  };
  return Object.defineProperty(play, 'calls', {
    get: () => calls,
    enumerable: true,
  }) as (() => Promise<T>) & {
    readonly calls: number;
  };
}

function isNonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}
