import { array, constant, integer, oneof, type Arbitrary } from 'fast-check';
import { assertInteger, assertOptions } from '../../internal/validate.js';

/**
 * Options for {@link callSchedule}.
 *
 * @example
 * ```ts
 * const options: CallScheduleOptions = { maxCalls: 50, maxGapMs: 200 };
 * ```
 */
export interface CallScheduleOptions {
  /** The fewest calls, an integer >= 1. @default 1 */
  readonly minCalls?: number;
  /** The most calls. @default 20 */
  readonly maxCalls?: number;
  /** The longest gap between two arrivals, in whole milliseconds. @default 1_000 */
  readonly maxGapMs?: number;
}

/**
 * When calls arrive: a non-decreasing list of times in milliseconds from the start, for
 * {@link callsAt}. About one gap in four is 0, so bursts of simultaneous calls are common.
 * Shrinks towards fewer calls arriving together.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { callsAt } from 'ballast/testing';
 * import { callSchedule } from 'ballast/testing/fast-check';
 *
 * fc.asyncProperty(callSchedule({ maxCalls: 30 }), async (times) => {
 *   const outcomes = await clock.run(callsAt(clock, times, (i) => client.get(`/items/${i}`)));
 * });
 * ```
 */
export function callSchedule(options?: CallScheduleOptions): Arbitrary<number[]> {
  const given: unknown = options ?? {};
  assertOptions(given, 'options', ['minCalls', 'maxCalls', 'maxGapMs']);
  const { minCalls = 1, maxGapMs = 1_000 } = options ?? {};
  const { maxCalls = Math.max(minCalls, 20) } = options ?? {};
  assertInteger(minCalls, 'minCalls', 1);
  assertInteger(maxCalls, 'maxCalls', minCalls);
  assertInteger(maxGapMs, 'maxGapMs', 0);
  const gap = oneof(
    { arbitrary: constant(0), weight: 1 },
    { arbitrary: integer({ min: 0, max: maxGapMs }), weight: 3 },
  );
  return array(gap, { minLength: minCalls, maxLength: maxCalls }).map((gaps) => {
    let time = 0;
    return gaps.map((ms) => (time += ms));
  });
}
