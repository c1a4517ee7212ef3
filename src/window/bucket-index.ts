import { show } from '../internal/validate.js';

/**
 * The index of the bucket of `bucketMs` that holds the clock reading `now` (buckets are aligned to
 * the clock's zero). A reading whose index is not a safe integer is refused with a RangeError:
 * past 2^53, consecutive buckets are no longer distinct numbers, and a window that walked from one
 * to the next would never get there.
 *
 * @example
 * ```ts
 * // Internal to ballast: modules import it from '../window/index.js'.
 *
 * bucketIndex(12_345, 1_000); // 12
 * bucketIndex(1e20, 1_000); // RangeError
 * ```
 */
export function bucketIndex(now: number, bucketMs: number): number {
  const index = Math.floor(now / bucketMs);
  if (!Number.isSafeInteger(index)) {
    throw new RangeError(
      `clock reading must be finite and below ${Number.MAX_SAFE_INTEGER} buckets of ` +
        `${bucketMs} ms from zero, got ${show(now)}`,
    );
  }
  return index;
}
