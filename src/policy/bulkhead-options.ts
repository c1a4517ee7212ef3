import type { Clock } from '../clock/index.js';
import type { BulkheadRejectReason } from './bulkhead-rejected-error.js';

/**
 * Options for {@link BulkheadPolicy}.
 *
 * @example
 * ```ts
 * const options: BulkheadOptions = { maxConcurrent: 10, maxQueue: 50, name: 'reports' };
 * ```
 */
export interface BulkheadOptions {
  /** How many calls may run at once: an integer >= 1. Required. */
  readonly maxConcurrent: number;
  /**
   * How many calls may wait, first in first out, for a slot while every one is taken: an integer
   * >= 0, or `Infinity`. A call that finds the queue full is rejected with a
   * {@link BulkheadRejectedError} (`reason` `'full'`).
   *
   * @default 0 (no queue: a call that finds every slot taken is rejected at once)
   */
  readonly maxQueue?: number;
  /**
   * The clock that calls' `deadline`s are times on; read only for calls that carry a deadline.
   *
   * @default systemClock
   */
  readonly clock?: Clock;
  /** Labels the bulkhead in metrics (an adapter's array of targets) and logs. @default none */
  readonly name?: string;
}

/**
 * The events of a {@link BulkheadPolicy}, by name, with their payloads: its metrics hooks. Each
 * is emitted after the outcome is decided (a rejected call has been rejected), so that a listener
 * that throws changes nothing, and no payload is built without a listener.
 *
 * - `rejected`: a call was refused, with the {@link BulkheadRejectReason}; the function did not run.
 * - `queued`: a call found every slot taken and joined the queue; `queued` counts it.
 *
 * A queued call that its caller's signal aborts leaves the queue without an event: the caller
 * gave up, the bulkhead refused nothing.
 *
 * @example
 * ```ts
 * bulkhead.events.on('rejected', ({ reason }) => shed.inc({ reason }));
 * bulkhead.events.on('queued', ({ queued }) => queueDepth.set(queued));
 * ```
 */
export interface BulkheadEvents {
  rejected: { readonly reason: BulkheadRejectReason };
  queued: { readonly queued: number };
}
