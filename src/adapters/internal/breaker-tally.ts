import type { CircuitState } from '../../breaker/index.js';
import type { InstrumentedBreaker } from './targets.js';

// A record, so that a new CircuitState fails the build until it has an index here.
const STATE_INDEX: Readonly<Record<CircuitState, number>> = {
  closed: 0,
  open: 1,
  'half-open': 2,
  isolated: 3,
};

/** Every {@link CircuitState}, at its index in {@link BreakerTally.changes}. @internal */
export const BREAKER_STATES = Object.keys(STATE_INDEX) as readonly CircuitState[];

/**
 * The state changes a breaker makes (trip, wait, probe, isolate, release, reset), at their
 * index in {@link BreakerTally.changes}. Their series are exported from the start, at 0, so that
 * `increase()` sees the first change; any other change is exported once it happens.
 *
 * @internal
 */
const USUAL_CHANGES: ReadonlySet<number> = new Set(
  (
    [
      ['closed', 'open'],
      ['closed', 'isolated'],
      ['open', 'half-open'],
      ['open', 'closed'],
      ['open', 'isolated'],
      ['half-open', 'closed'],
      ['half-open', 'open'],
      ['half-open', 'isolated'],
      ['isolated', 'closed'],
    ] as const
  ).map(([from, to]) => STATE_INDEX[from] * 4 + STATE_INDEX[to]),
);

/** Where a tally sends each observation of a histogram, in seconds. @internal */
export interface ObservationSink {
  observe(value: number): void;
}

/**
 * A breaker's counts, kept by listeners on its events. Each listener adds to a number (and
 * hands a duration to a sink): no allocation, no label lookup on the call's path. The adapters
 * read the numbers when metrics are collected.
 *
 * @internal
 */
export class BreakerTally {
  success = 0;
  failure = 0;
  rejected = 0;
  ignored = 0;
  /** Calls a shadow breaker would have rejected: also counted in success or failure. */
  shadowRejected = 0;
  slow = 0;
  /** State changes, at `from * 4 + to` (indices of {@link BREAKER_STATES}). */
  readonly changes = new Float64Array(16);
  readonly #offs: readonly (() => void)[];

  constructor(
    readonly label: string,
    readonly breaker: InstrumentedBreaker,
    successDurations: ObservationSink,
    failureDurations: ObservationSink,
  ) {
    const { events } = breaker;
    this.#offs = [
      events.on('success', ({ durationMs }) => {
        this.success++;
        // NaN when the call started before any listener made the breaker read the clock.
        if (!Number.isNaN(durationMs)) successDurations.observe(durationMs / 1000);
      }),
      events.on('failure', ({ durationMs }) => {
        this.failure++;
        if (!Number.isNaN(durationMs)) failureDurations.observe(durationMs / 1000);
      }),
      events.on('rejected', () => {
        this.rejected++;
      }),
      events.on('ignored', () => {
        this.ignored++;
      }),
      events.on('shadowRejected', () => {
        this.shadowRejected++;
      }),
      events.on('slowCall', () => {
        this.slow++;
      }),
      events.on('stateChange', ({ from, to }) => {
        const index = STATE_INDEX[from] * 4 + STATE_INDEX[to];
        if (index >= 0) this.changes[index]! += 1;
      }),
    ];
  }

  /** The index in {@link BREAKER_STATES} of the breaker's current state. */
  stateIndex(): number {
    return STATE_INDEX[this.breaker.state];
  }

  /** State changes to export: the usual ones, and any other that happened. */
  stateChanges(): { from: CircuitState; to: CircuitState; count: number }[] {
    const list: { from: CircuitState; to: CircuitState; count: number }[] = [];
    BREAKER_STATES.forEach((from, i) => {
      BREAKER_STATES.forEach((to, j) => {
        const count = this.changes[i * 4 + j]!;
        if (count > 0 || USUAL_CHANGES.has(i * 4 + j)) list.push({ from, to, count });
      });
    });
    return list;
  }

  detach(): void {
    for (const off of this.#offs) off();
  }
}
