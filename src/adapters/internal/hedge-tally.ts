import type { HedgeRefusal } from '../../policy/index.js';
import type { InstrumentedHedge } from './targets.js';

// A record, so that a new HedgeRefusal fails the build until it is listed here.
const REFUSALS: Readonly<Record<HedgeRefusal, true>> = { budget: true, deadline: true };

/** Every {@link HedgeRefusal}. @internal */
export const HEDGE_REFUSALS = Object.keys(REFUSALS) as readonly HedgeRefusal[];

/**
 * A hedge policy's counts, kept by listeners on its events (one addition each, no allocation):
 * hedges started, hedges refused by reason, and wins by the attempt that won (0 for the primary,
 * one slot per attempt the policy can make, so that every series exists from the start).
 *
 * @internal
 */
export class HedgeTally {
  hedges = 0;
  readonly refused = Object.fromEntries(HEDGE_REFUSALS.map((r) => [r, 0])) as Record<
    HedgeRefusal,
    number
  >;
  readonly wins: number[];
  readonly #offs: readonly (() => void)[];

  constructor(
    readonly label: string,
    policy: InstrumentedHedge,
  ) {
    this.wins = Array.from({ length: policy.maxHedges + 1 }, () => 0);
    const { events } = policy;
    this.#offs = [
      events.on('hedge', () => {
        this.hedges++;
      }),
      events.on('hedgeRefused', ({ reason }) => {
        const count = this.refused[reason];
        if (count !== undefined) this.refused[reason] = count + 1;
      }),
      events.on('win', ({ attempt }) => {
        const count = this.wins[attempt];
        if (count !== undefined) this.wins[attempt] = count + 1;
      }),
    ];
  }

  detach(): void {
    for (const off of this.#offs) off();
  }
}
