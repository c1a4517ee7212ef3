// ballast/operations may not import the adapters or the SLO module: it keeps its own copy of the
// metric names and the default burn-rate tiers. These checks keep the copies true.

import { describe, expect, it } from 'vitest';
import { ALL_METRICS } from '../../src/adapters/internal/metric-catalog.js';
import { DEFAULT_PERIOD_MS, DEFAULT_TIERS } from '../../src/operations/internal/default-tiers.js';
import { METRIC } from '../../src/operations/internal/metric-names.js';
import { defaultBurnRateAlerts, SloTracker } from '../../src/slo/index.js';

describe('the copies ballast/operations keeps', () => {
  it('name only metrics the adapters export', () => {
    const exported = new Set(ALL_METRICS.map((m) => m.prom));
    for (const name of Object.values(METRIC)) expect(exported, name).toContain(name);
  });

  it('hold the default burn-rate tiers and period of an SLO tracker', () => {
    expect(DEFAULT_TIERS).toEqual(defaultBurnRateAlerts.map((tier) => ({ ...tier })));
    const slo = new SloTracker({ name: 'x', objective: 0.99 });
    expect(DEFAULT_PERIOD_MS).toBe(slo.windowMs);
    slo.close();
  });
});
