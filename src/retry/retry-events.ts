/**
 * Why a {@link RetryPolicy} stopped retrying a failing call:
 * - `'attempts'`: `maxAttempts` ran out;
 * - `'deadline'`: the next retry's delay would end past `maxElapsedMs`, or a `retryAfter` hint
 *   asked for a wait above `maxRetryAfterMs`;
 * - `'budget'`: the shared budget refused the retry;
 * - `'notRetryable'`: `shouldRetry` said no, `retryAfter` returned `'stop'`, or an option threw
 *   (the call then rejects with that exception);
 * - `'aborted'`: the caller's signal aborted.
 *
 * @example
 * ```ts
 * policy.events.on('giveUp', ({ reason }) => giveUps.inc({ reason }));
 * ```
 */
export type GiveUpReason = 'attempts' | 'deadline' | 'budget' | 'notRetryable' | 'aborted';

/**
 * Payload of the `retry` event: an attempt failed and another follows after `delayMs`. Exactly one
 * of `error` (what the attempt threw) and `result` (what `retryOnResult` rejected) is present.
 *
 * `durationMs` is how long the failed attempt took, on the policy's clock (Polly's
 * `OnRetryArguments.Duration`). The policy reads the clock for it only for an attempt that starts
 * while someone listens to `retry` or `giveUp`; for any other attempt it is `NaN`.
 *
 * @example
 * ```ts
 * policy.events.on('retry', ({ attempt, delayMs, durationMs }) =>
 *   log.warn({ attempt, delayMs, durationMs }, 'retrying'),
 * );
 * ```
 */
export interface RetryEvent {
  /** The attempt that failed: 1 for the first, so the next is `attempt + 1`. */
  readonly attempt: number;
  /** The wait before the next attempt, in milliseconds (a `retryAfter` hint included). */
  readonly delayMs: number;
  /**
   * How long the failed attempt took, in milliseconds on the policy's clock; `NaN` when nobody
   * listened to `retry` or `giveUp` as it started.
   */
  readonly durationMs: number;
  readonly error?: unknown;
  readonly result?: unknown;
}

/**
 * Payload of the `giveUp` event: a call ended without success. `error` or `result` holds the last
 * failure the caller receives; neither is present when the signal aborted before any attempt.
 *
 * `durationMs` is how long the call's last attempt (number `attempts`) took, on the policy's
 * clock: the attempt that just failed, or, for a give-up during the delay after it (an abort), the
 * same duration its `retry` event reported. It is `NaN` when no attempt ran (`attempts` is 0),
 * when nobody listened to `retry` or `giveUp` as that attempt started, and when the clock threw.
 *
 * @example
 * ```ts
 * policy.events.on('giveUp', ({ attempts, reason, durationMs }) =>
 *   log.error({ attempts, reason, lastAttemptMs: durationMs }, 'gave up'),
 * );
 * ```
 */
export interface GiveUpEvent {
  /** Attempts made (0 when the signal had aborted before the first). */
  readonly attempts: number;
  readonly reason: GiveUpReason;
  /**
   * How long attempt number `attempts` took, in milliseconds on the policy's clock; `NaN` when
   * `attempts` is 0 or that attempt was not timed (nobody listened to `retry` or `giveUp` as it
   * started).
   */
  readonly durationMs: number;
  readonly error?: unknown;
  readonly result?: unknown;
}

/**
 * Payload of the `success` event: a call succeeded.
 *
 * @example
 * ```ts
 * policy.events.on('success', ({ attempts }) => attemptsHistogram.observe(attempts));
 * ```
 */
export interface SuccessEvent {
  /** Attempts made, the successful one included. */
  readonly attempts: number;
}

/**
 * The events of {@link RetryPolicy.events}. Every call ends in exactly one `success` or `giveUp`
 * (a `success` listener sees the calls that start after it is added); a listener that throws
 * changes neither the outcome nor the other listeners.
 *
 * @example
 * ```ts
 * const events: Emitter<RetryEvents> = policy.events;
 * ```
 */
export interface RetryEvents {
  retry: RetryEvent;
  giveUp: GiveUpEvent;
  success: SuccessEvent;
}
