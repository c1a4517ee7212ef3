import type { InstrumentedTimeout } from './targets.js';

/**
 * A timeout policy's count of expired timeouts, kept by a listener on its `timeout` event (one
 * addition, no allocation; the event fires only when a timer does, never on a call in time).
 *
 * @internal
 */
export class TimeoutTally {
  timeouts = 0;
  readonly #off: () => void;

  constructor(
    readonly label: string,
    policy: InstrumentedTimeout,
  ) {
    this.#off = policy.events.on('timeout', () => {
      this.timeouts++;
    });
  }

  detach(): void {
    this.#off();
  }
}
