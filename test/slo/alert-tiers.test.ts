import { describe, expect, it } from 'vitest';
import { SloTracker, type BurnRateAlert } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('alert tiers', () => {
  it('holds a severity up by the first given of two tiers with the same long window', () => {
    const first: BurnRateAlert = {
      severity: 'page',
      burnRate: 5,
      longWindowMs: MINUTE,
      shortWindowMs: 10 * SECOND,
    };
    const second: BurnRateAlert = {
      severity: 'page',
      burnRate: 2,
      longWindowMs: MINUTE,
      shortWindowMs: 20 * SECOND,
    };
    for (const alerts of [
      [first, second],
      [second, first],
    ]) {
      const clock = new VirtualClock();
      const slo = new SloTracker({ name: 'tie', objective: 0.9, windowMs: HOUR, alerts, clock });
      slo.record(false, 10);
      expect(slo.activeAlerts().map((a) => a.alert)).toEqual([alerts[0]]);
      expect(slo.activeAlerts()[0]!.alert).toBe(slo.alerts[0]);
      slo.close();
    }
  });

  it('fires when the bad events land exactly on the tolerant threshold', () => {
    // 2.000000002 * (1 - 1e-9) is exactly 2 in doubles: one bad event in one is exactly enough.
    const burnRate = 2.000000002;
    expect(burnRate * (1 - 1e-9) * 1 * 0.5).toBe(1);
    const clock = new VirtualClock();
    const slo = new SloTracker({
      name: 'edge',
      objective: 0.5,
      windowMs: HOUR,
      alerts: [{ severity: 'ticket', burnRate, longWindowMs: MINUTE, shortWindowMs: 10 * SECOND }],
      clock,
    });
    slo.record(false);
    expect(slo.activeAlerts()).toHaveLength(1);
    slo.close();
  });
});
