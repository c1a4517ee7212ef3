import { Counter } from 'prom-client';
import { HEDGE_REFUSALS, type HedgeTally } from '../internal/hedge-tally.js';
import { HEDGE_METRICS } from '../internal/metric-catalog.js';
import { config, named, type FamilyGroup } from './family-group.js';

/** The hedge families: hedges started, hedges refused by reason, wins by attempt. @internal */
export function hedgeFamilies(prefix: string): FamilyGroup<HedgeTally> {
  const targets = new Map<string, HedgeTally>();
  const m = HEDGE_METRICS;
  const hedges: Counter<string> = new Counter({
    ...config(prefix, m.hedges),
    collect: () => {
      hedges.reset();
      for (const tally of targets.values()) hedges.inc({ policy: tally.label }, tally.hedges);
    },
  });
  const refused: Counter<string> = new Counter({
    ...config(prefix, m.refused),
    collect: () => {
      refused.reset();
      for (const tally of targets.values()) {
        for (const reason of HEDGE_REFUSALS) {
          refused.inc({ policy: tally.label, reason }, tally.refused[reason]);
        }
      }
    },
  });
  const wins: Counter<string> = new Counter({
    ...config(prefix, m.wins),
    collect: () => {
      wins.reset();
      for (const tally of targets.values()) {
        tally.wins.forEach((count, attempt) => {
          wins.inc({ policy: tally.label, attempt: String(attempt) }, count);
        });
      }
    },
  });
  return {
    targets,
    families: named(prefix, [m.hedges, hedges], [m.refused, refused], [m.wins, wins]),
    buckets: {},
  };
}
