import type { InstrumentedConcurrencyLimit, InstrumentedThrottle } from './targets.js';

/**
 * An adaptive throttle's count of calls it dropped locally, kept by a listener on its `reject`
 * event (one addition, no allocation). Its probability and window counts are read from the
 * throttle when the metrics are collected.
 *
 * @internal
 */
export class ThrottleTally {
  rejections = 0;
  readonly #off: () => void;

  constructor(
    readonly label: string,
    readonly throttle: InstrumentedThrottle,
  ) {
    this.#off = throttle.events.on('reject', () => {
      this.rejections++;
    });
  }

  detach(): void {
    this.#off();
  }
}

/** Why a concurrency limit turned calls away: the `reason` label's values. @internal */
export const LIMIT_REASONS = ['full', 'deadline'] as const;

/**
 * An adaptive concurrency limit's count of calls it turned away, by reason, kept by a listener on
 * its `reject` event. Its limit, calls in flight and queue are read when the metrics are
 * collected.
 *
 * @internal
 */
export class ConcurrencyLimitTally {
  readonly rejections: Record<(typeof LIMIT_REASONS)[number], number> = { full: 0, deadline: 0 };
  readonly #off: () => void;

  constructor(
    readonly label: string,
    readonly limiter: InstrumentedConcurrencyLimit,
  ) {
    this.#off = limiter.events.on('reject', ({ reason }) => {
      if (reason === 'full' || reason === 'deadline') this.rejections[reason]++;
    });
  }

  detach(): void {
    this.#off();
  }
}
