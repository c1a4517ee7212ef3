import { brandBallastError } from '../internal/ballast-error.js';

// A registered symbol, so that the guard also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side), where `instanceof` fails.
const BRAND = Symbol.for('ballast.BulkheadRejectedError');

/**
 * Why a {@link BulkheadPolicy} refused a call:
 *
 * - `'full'`: every slot was taken and the queue was full (or there is none: `maxQueue` 0);
 * - `'deadline'`: the call's `deadline` was reached before it could start, on arrival or while it
 *   waited in the queue.
 *
 * @example
 * ```ts
 * const reason: BulkheadRejectReason = 'full';
 * ```
 */
export type BulkheadRejectReason = 'full' | 'deadline';

/**
 * The rejection of a call that a {@link BulkheadPolicy} did not run: see
 * {@link BulkheadRejectReason}. The function was never called. Its stack trace is not captured:
 * shedding load must be cheap, and the trace would only show the bulkhead.
 *
 * @example
 * ```ts
 * try {
 *   await bulkhead.execute(callApi);
 * } catch (error) {
 *   if (isBulkheadRejectedError(error)) return serviceBusy(error.reason);
 *   throw error;
 * }
 * ```
 */
export class BulkheadRejectedError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'BulkheadRejectedError',
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this.prototype, BRAND, { value: true });
    brandBallastError(this);
  }

  /** Why the call was refused. */
  readonly reason: BulkheadRejectReason;

  /**
   * @param reason - why the call was refused.
   * @param message - the error's message. @default a sentence naming the reason
   */
  constructor(reason: BulkheadRejectReason, message?: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(
        message ??
          (reason === 'full'
            ? 'bulkhead is full: every slot is taken and the queue is full'
            : 'the call reached its deadline before the bulkhead could start it'),
      );
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.reason = reason;
  }
}

/**
 * Whether `error` is a {@link BulkheadRejectedError}, from this copy of ballast or another (the
 * ESM and CJS builds side by side).
 *
 * @example
 * ```ts
 * const retryPolicy = new RetryPolicy({ shouldRetry: (error) => !isBulkheadRejectedError(error) });
 * ```
 */
export function isBulkheadRejectedError(error: unknown): error is BulkheadRejectedError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
