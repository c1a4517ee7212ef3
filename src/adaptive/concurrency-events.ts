import type { ConcurrencyLimitReason } from './concurrency-limit-error.js';

/**
 * The events of an {@link AdaptiveConcurrencyPolicy}, by name, with their payloads: its metrics
 * hooks. Payloads are built only when a listener exists.
 *
 * - `limitChange`: the (whole) limit changed after a call ended.
 * - `reject`: a call was turned away with a {@link ConcurrencyLimitError}, after it was rejected.
 *
 * @example
 * ```ts
 * limiter.events.on('limitChange', ({ from, to }) => log.info(`limit ${from} -> ${to}`));
 * limiter.events.on('reject', ({ reason }) => shed.inc({ reason }));
 * ```
 */
export interface ConcurrencyEvents {
  limitChange: {
    /** The limit before. */
    readonly from: number;
    /** The limit now. */
    readonly to: number;
  };
  reject: {
    /** The limit when the call was turned away. */
    readonly limit: number;
    /** The calls in flight then. */
    readonly inFlight: number;
    /** Why it was turned away. */
    readonly reason: ConcurrencyLimitReason;
  };
}
