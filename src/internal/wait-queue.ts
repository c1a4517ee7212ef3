import type { Clock } from '../clock/index.js';
import { mayAbort } from './never-aborted.js';

/** A call waiting for a slot: what a {@link WaitQueue} needs of it, and its place in the queue. */
export interface Waiter {
  readonly signal: AbortSignal | undefined;
  readonly reject: (error: unknown) => void;
  onAbort: (() => void) | undefined;
  cancelTimer: (() => void) | undefined;
  prev: Waiter | undefined;
  next: Waiter | undefined;
}

/**
 * The waiting line of a bulkhead or a concurrency limit: first in first out, O(1) removal, and
 * what a waiting call owes its caller. A caller's abort takes its call out at once, rejecting it
 * with the signal's `reason`; a wait may be bounded by a timer; a call that leaves, however it
 * leaves, takes its timer and its listener on the caller's signal with it.
 */
export class WaitQueue<W extends Waiter> {
  #size = 0;
  #head: W | undefined;
  #tail: W | undefined;

  /** Calls waiting. */
  get size(): number {
    return this.#size;
  }

  /** The call that has waited longest. */
  get head(): W | undefined {
    return this.#head;
  }

  /**
   * Queues `waiter` at the tail. When `waitMs` is finite, a timer on `clock` takes it out after
   * that long and hands it to `onTimeout`. A clock that throws takes it out again and rejects it
   * with the clock's error; a clock that fires at once leaves it out. Returns whether it is
   * still queued.
   */
  add(waiter: W, clock: Clock, waitMs: number, onTimeout: (waiter: W) => void): boolean {
    waiter.prev = this.#tail;
    waiter.next = undefined;
    if (this.#tail === undefined) this.#head = waiter;
    else this.#tail.next = waiter;
    this.#tail = waiter;
    this.#size++;
    const signal = waiter.signal;
    if (mayAbort(signal)) {
      waiter.onAbort = () => {
        if (this.leave(waiter)) waiter.reject(signal.reason);
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
    }
    if (waitMs !== Number.POSITIVE_INFINITY) {
      try {
        const cancel = clock.setTimer(waitMs, () => {
          if (this.leave(waiter)) onTimeout(waiter);
        });
        if (this.#has(waiter)) waiter.cancelTimer = cancel;
      } catch (error) {
        this.leave(waiter);
        waiter.reject(error);
      }
    }
    return this.#has(waiter);
  }

  /** Takes `waiter` out, dropping its timer and its listener; false when it had left already. */
  leave(waiter: W): boolean {
    if (!this.#has(waiter)) return false;
    const prev = waiter.prev as W | undefined;
    const next = waiter.next as W | undefined;
    if (prev === undefined) this.#head = next;
    else prev.next = next;
    if (next === undefined) this.#tail = prev;
    else next.prev = prev;
    waiter.prev = waiter.next = undefined;
    this.#size--;
    waiter.cancelTimer?.();
    waiter.cancelTimer = undefined;
    if (waiter.onAbort !== undefined) {
      waiter.signal!.removeEventListener('abort', waiter.onAbort);
      waiter.onAbort = undefined;
    }
    return true;
  }

  #has(waiter: W): boolean {
    return waiter.prev === undefined ? this.#head === waiter : waiter.prev.next === waiter;
  }
}
