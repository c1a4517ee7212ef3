/**
 * How a {@link TimeoutPolicy} ends a call that runs too long: `'aggressive'` rejects at once,
 * `'cooperative'` aborts the signal and waits for the function to settle.
 *
 * @example
 * ```ts
 * const strategy: TimeoutStrategy = 'cooperative';
 * const timeout = new TimeoutPolicy(2_000, { strategy });
 * ```
 */
export type TimeoutStrategy = 'aggressive' | 'cooperative';

/**
 * The events of a {@link TimeoutPolicy}, by name, with their payloads: its metrics hooks.
 *
 * `timeout` is emitted once per call whose timer fires, after the call's signal has been aborted
 * with the {@link TimeoutError} (and, when aggressive, after the call has been rejected with it),
 * so that a listener sees the outcome already decided: one that throws changes nothing. A call
 * the caller's own signal aborted first emits nothing, even if its timer fires later (a
 * cooperative call still running). Nothing is emitted, and no payload built, for calls that end in
 * time: the event costs nothing on the path of a call that beats its timeout.
 *
 * @example
 * ```ts
 * timeout.events.on('timeout', ({ timeoutMs, strategy }) =>
 *   log.warn(`gave up on the call after ${timeoutMs} ms (${strategy})`),
 * );
 * ```
 */
export interface TimeoutEvents {
  timeout: {
    /**
     * The timeout that expired, in milliseconds: the one this call used, whether it came from
     * the policy, from the call's own `timeoutMs` or from the policy's generator (the same as the
     * error's `timeoutMs`).
     */
    readonly timeoutMs: number;
    /** The policy's strategy: whether the call was rejected at once or left to stop. */
    readonly strategy: TimeoutStrategy;
  };
}
