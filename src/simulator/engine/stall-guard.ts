import type { Clock, TimerOptions } from '../../clock/index.js';
import type { VirtualClock } from '../../testing/index.js';

/**
 * How many timers may fire at one instant of virtual time before the run is taken to be stuck.
 * Far above any real burst (thousands of calls failing and retrying at the same millisecond),
 * far below what would keep a machine busy for long: about five seconds of work.
 *
 * @example
 * ```ts
 * new StallGuard(clock, MAX_TIMERS_AT_ONE_INSTANT); // the default
 * ```
 */
export const MAX_TIMERS_AT_ONE_INSTANT = 1_000_000;

/**
 * The clock a variant's policies, dependency and SLO trackers see: the run's virtual clock, with
 * a count of the timers that fire while virtual time stands still. A retry with no backoff and
 * no limit against a dependency that fails at once re-arms forever at the same instant: time
 * never moves and the run would never end. Past `limit` firings at one instant, the guard trips:
 * every timer set through it does nothing from then on, so the clock's advance drains and
 * returns, and the driver stops the run with {@link StallGuard.error}.
 *
 * @example
 * ```ts
 * const guard = new StallGuard(driver);
 * await driver.advance(1_000);
 * if (guard.stalledAt !== undefined) throw guard.error(variant.name);
 * ```
 * @internal
 */
export class StallGuard implements Clock {
  readonly #clock: VirtualClock;
  readonly #limit: number;
  #instant = Number.NaN;
  #fired = 0;
  #stalledAt: number | undefined;

  constructor(clock: VirtualClock, limit = MAX_TIMERS_AT_ONE_INSTANT) {
    this.#clock = clock;
    this.#limit = limit;
  }

  now(): number {
    return this.#clock.now();
  }

  wallNow(): number {
    return this.#clock.wallNow();
  }

  /** The virtual time at which the run stalled, `undefined` while it has not. */
  get stalledAt(): number | undefined {
    return this.#stalledAt;
  }

  setTimer(delayMs: number, callback: () => void, options?: TimerOptions): () => void {
    return this.#clock.setTimer(delayMs, () => this.#fire(callback), options);
  }

  /** The error that ends a stalled run of `variant`. */
  error(variant: string): Error {
    return new Error(
      `the simulation stalled at ${Number(this.#stalledAt?.toFixed(3))} ms of virtual time in variant ${JSON.stringify(variant)}: ` +
        `${this.#limit} timers fired without time moving, so a layer retries or re-arms without delay ` +
        '(a retry with no attempt limit and a zero backoff against a dependency that fails at once?)',
    );
  }

  #fire(callback: () => void): void {
    if (this.#stalledAt !== undefined) return;
    const now = this.#clock.now();
    if (now !== this.#instant) {
      this.#instant = now;
      this.#fired = 0;
    }
    if (++this.#fired > this.#limit) {
      this.#stalledAt = now;
      return;
    }
    callback();
  }
}
