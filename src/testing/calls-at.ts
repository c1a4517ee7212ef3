import type { Clock } from '../clock/index.js';
import { assertClock, assertFunction, assertNonNegative, show } from '../internal/validate.js';

/**
 * Starts `call(index)` at each of `times` (milliseconds from now on `clock`, in any order) and
 * resolves, once every call has settled, with their outcomes in the order of `times`, as
 * `Promise.allSettled` gives them: so a test can replay a schedule of arrivals against a client.
 * A call that throws counts as rejected. Each start is a timer on the clock: run it with
 * {@link VirtualClock.run}.
 *
 * @example
 * ```ts
 * import { VirtualClock, callsAt } from 'ballast/testing';
 *
 * const clock = new VirtualClock();
 * const outcomes = await clock.run(callsAt(clock, [0, 0, 250, 1_000], (i) => client.get(`/items/${i}`)));
 * const failed = outcomes.filter((outcome) => outcome.status === 'rejected').length;
 * ```
 */
export function callsAt<T>(
  clock: Clock,
  times: readonly number[],
  call: (index: number) => T | PromiseLike<T>,
): Promise<PromiseSettledResult<Awaited<T>>[]> {
  if (clock === undefined) throw new TypeError('clock is required');
  assertClock(clock);
  const list: unknown = times;
  if (!Array.isArray(list)) throw new TypeError(`times must be an array, got ${show(times)}`);
  times.forEach((time, index) => assertNonNegative(time, `times[${index}]`));
  if (call === undefined) throw new TypeError('call is required');
  assertFunction(call, 'call');
  return Promise.allSettled(
    times.map(
      (time, index) =>
        new Promise<Awaited<T>>((resolve, reject) => {
          clock.setTimer(time, () => {
            try {
              Promise.resolve(call(index)).then(resolve, reject);
            } catch (error) {
              reject(error);
            }
          });
        }),
    ),
  );
}
