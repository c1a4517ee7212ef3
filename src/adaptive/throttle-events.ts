/**
 * The events of an {@link AdaptiveThrottle}, by name, with their payloads: its metrics hooks.
 *
 * - `reject`: a call was dropped locally, with the probability it was dropped with. Emitted after
 *   the call has been rejected with its {@link ThrottledError}.
 * - `probabilityChange`: the rejection probability moved by 0.05 or more since the last time it
 *   was reported, or reached 0 (the throttle stopped rejecting). It is computed when a call
 *   starts, so it is reported then.
 *
 * Payloads are built only when a listener exists.
 *
 * @example
 * ```ts
 * throttle.events.on('probabilityChange', ({ from, to }) => log.info(`throttling ${from} -> ${to}`));
 * throttle.events.on('reject', () => throttled.inc());
 * ```
 */
export interface ThrottleEvents {
  reject: {
    /** The rejection probability the call was dropped with. */
    readonly probability: number;
  };
  probabilityChange: {
    /** The probability last reported (0 at first). */
    readonly from: number;
    /** The probability now. */
    readonly to: number;
    /** Calls attempted over the window, the locally rejected ones included. */
    readonly requests: number;
    /** Calls the backend accepted over the window. */
    readonly accepts: number;
  };
}
