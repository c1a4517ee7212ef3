import { brandBallastError } from '../internal/ballast-error.js';

const BRAND = Symbol.for('ballast.ConcurrencyLimitError');

/**
 * Why an {@link AdaptiveConcurrencyPolicy} turned a call away: `'full'` when every slot was taken
 * and the queue was full (or there is none), `'deadline'` when the call's deadline passed while it
 * waited in the queue.
 *
 * @example
 * ```ts
 * const reason: ConcurrencyLimitReason = 'full';
 * ```
 */
export type ConcurrencyLimitReason = 'full' | 'deadline';

/**
 * The rejection of a call that an {@link AdaptiveConcurrencyPolicy} did not run: as many calls as
 * its current limit were in flight and its queue was full, or the call's deadline passed while it
 * waited. No stack trace is captured: shedding load must stay cheap.
 *
 * @example
 * ```ts
 * try {
 *   await limiter.execute(({ signal }) => fetch(url, { signal }));
 * } catch (error) {
 *   if (isConcurrencyLimitError(error)) return reply(503, `over the limit of ${error.limit}`);
 *   throw error;
 * }
 * ```
 */
export class ConcurrencyLimitError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'ConcurrencyLimitError',
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this.prototype, BRAND, { value: true });
    brandBallastError(this);
  }

  /** The concurrency limit when the call was turned away. */
  readonly limit: number;
  /** Why the call was turned away. */
  readonly reason: ConcurrencyLimitReason;

  /**
   * @param limit - the policy's limit when it turned the call away.
   * @param reason - why it did. @default 'full'
   */
  constructor(limit: number, reason: ConcurrencyLimitReason = 'full') {
    const traces = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(
        reason === 'full'
          ? `concurrency limit of ${limit} reached`
          : `deadline passed while waiting under the concurrency limit of ${limit}`,
      );
    } finally {
      Error.stackTraceLimit = traces;
    }
    this.limit = limit;
    this.reason = reason;
  }
}

/**
 * Whether `error` is a {@link ConcurrencyLimitError} from ballast, from this copy or another (the
 * ESM and CJS builds loaded side by side).
 *
 * @example
 * ```ts
 * if (isConcurrencyLimitError(error)) shed.inc();
 * ```
 */
export function isConcurrencyLimitError(error: unknown): error is ConcurrencyLimitError {
  return typeof error === 'object' && error !== null && BRAND in error;
}
