import type { BulkheadRejectReason, RateLimitRejectReason } from '../../policy/index.js';
import type {
  InstrumentedBulkhead,
  InstrumentedFallback,
  InstrumentedRateLimiter,
} from './targets.js';

// Records, so that a new reason fails the build until it is listed here.
const BULKHEAD_REASONS: Readonly<Record<BulkheadRejectReason, true>> = {
  full: true,
  deadline: true,
};
const RATE_LIMIT_REASONS: Readonly<Record<RateLimitRejectReason, true>> = {
  limit: true,
  queue: true,
  deadline: true,
};

/** Every {@link BulkheadRejectReason}. @internal */
export const BULKHEAD_REJECT_REASONS = Object.keys(
  BULKHEAD_REASONS,
) as readonly BulkheadRejectReason[];
/** Every {@link RateLimitRejectReason}. @internal */
export const RATE_LIMIT_REJECT_REASONS = Object.keys(
  RATE_LIMIT_REASONS,
) as readonly RateLimitRejectReason[];

function zeroes<R extends string>(reasons: readonly R[]): Record<R, number> {
  return Object.fromEntries(reasons.map((r) => [r, 0])) as Record<R, number>;
}

/**
 * A bulkhead's rejections by reason, kept by a listener on its `rejected` event; `active` and
 * `queued` are read from the bulkhead itself when the metrics are collected.
 *
 * @internal
 */
export class BulkheadTally {
  readonly rejections = zeroes(BULKHEAD_REJECT_REASONS);
  readonly #off: () => void;

  constructor(
    readonly label: string,
    readonly bulkhead: InstrumentedBulkhead,
  ) {
    this.#off = bulkhead.events.on('rejected', ({ reason }) => {
      const count = this.rejections[reason];
      if (count !== undefined) this.rejections[reason] = count + 1;
    });
  }

  detach(): void {
    this.#off();
  }
}

/**
 * A rate limiter's rejections by reason, kept by a listener on its `rejected` event; `queued` is
 * read from the limiter itself when the metrics are collected.
 *
 * @internal
 */
export class RateLimitTally {
  readonly rejections = zeroes(RATE_LIMIT_REJECT_REASONS);
  readonly #off: () => void;

  constructor(
    readonly label: string,
    readonly limiter: InstrumentedRateLimiter,
  ) {
    this.#off = limiter.events.on('rejected', ({ reason }) => {
      const count = this.rejections[reason];
      if (count !== undefined) this.rejections[reason] = count + 1;
    });
  }

  detach(): void {
    this.#off();
  }
}

/**
 * A fallback policy's count of fallbacks served, kept by a listener on its `fallback` event.
 *
 * @internal
 */
export class FallbackTally {
  fallbacks = 0;
  readonly #off: () => void;

  constructor(
    readonly label: string,
    policy: InstrumentedFallback,
  ) {
    this.#off = policy.events.on('fallback', () => {
      this.fallbacks++;
    });
  }

  detach(): void {
    this.#off();
  }
}
