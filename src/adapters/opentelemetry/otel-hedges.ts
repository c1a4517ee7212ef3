import type { Attributes } from '@opentelemetry/api';
import { HEDGE_REFUSALS, HedgeTally } from '../internal/hedge-tally.js';
import { HEDGE_METRICS } from '../internal/metric-catalog.js';
import type { InstrumentedHedge } from '../internal/targets.js';
import type { Instruments, KindSetup } from './otel-reporters.js';

/** Hedge policies: hedges, refusals and wins, observed from their tallies. @internal */
export function setUpHedges(
  make: Instruments,
  policies: readonly (readonly [string, InstrumentedHedge])[],
): KindSetup {
  const m = HEDGE_METRICS;
  const hedges = make.counter(m.hedges);
  const refused = make.counter(m.refused);
  const wins = make.counter(m.wins);
  const setup: KindSetup = { observables: [hedges, refused, wins], reporters: [], detachers: [] };
  for (const [policy, target] of policies) {
    const only = frozen({ policy });
    const reasons = HEDGE_REFUSALS.map((reason) => [reason, frozen({ policy, reason })] as const);
    const tally = new HedgeTally(policy, target);
    const attempts = tally.wins.map((_, attempt) => frozen({ policy, attempt: String(attempt) }));
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => {
      result.observe(hedges, tally.hedges, only);
      for (const [reason, attrs] of reasons) result.observe(refused, tally.refused[reason], attrs);
      attempts.forEach((attrs, attempt) => result.observe(wins, tally.wins[attempt]!, attrs));
    });
  }
  return setup;
}

/** Frozen, so the objects handed to the SDK on every collection are never changed. */
function frozen(values: Attributes): Attributes {
  return Object.freeze(values);
}
