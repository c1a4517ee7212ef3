import type { GiveUpReason } from '../../retry/index.js';
import type { ObservationSink } from './breaker-tally.js';
import type { InstrumentedRetry } from './targets.js';

// A record, so that a new GiveUpReason fails the build until it is listed here.
const REASONS: Readonly<Record<GiveUpReason, true>> = {
  attempts: true,
  deadline: true,
  budget: true,
  notRetryable: true,
  aborted: true,
};

/** Every {@link GiveUpReason}. @internal */
export const GIVE_UP_REASONS = Object.keys(REASONS) as readonly GiveUpReason[];

/**
 * A retry policy's counts, kept by listeners on its events (one addition each, no allocation).
 *
 * @internal
 */
export class RetryTally {
  retries = 0;
  successes = 0;
  readonly giveUps = Object.fromEntries(GIVE_UP_REASONS.map((r) => [r, 0])) as Record<
    GiveUpReason,
    number
  >;
  readonly #offs: readonly (() => void)[];

  constructor(
    readonly label: string,
    policy: InstrumentedRetry,
    delays: ObservationSink,
  ) {
    const { events } = policy;
    this.#offs = [
      events.on('retry', ({ delayMs }) => {
        this.retries++;
        delays.observe(delayMs / 1000);
      }),
      events.on('giveUp', ({ reason }) => {
        const count = this.giveUps[reason];
        if (count !== undefined) this.giveUps[reason] = count + 1;
      }),
      events.on('success', () => {
        this.successes++;
      }),
    ];
  }

  detach(): void {
    for (const off of this.#offs) off();
  }
}
