import { describe, expect, it } from 'vitest';
import {
  backtest,
  deriveIncidents,
  periodBudget,
  type RecordedTraffic,
} from '../../../src/simulator/index.js';

const MINUTE = 60_000;

/** `minutes` of 1 000 calls a minute, with `bad` failures in the minutes of `trouble`. */
function traffic(minutes: number, trouble: Record<number, number> = {}): RecordedTraffic {
  const bad = Array.from({ length: minutes }, (_, i) => trouble[i] ?? 0);
  return {
    source: 't',
    fromMs: 0,
    stepMs: MINUTE,
    good: bad.map((b) => 1_000 - b),
    bad,
    incidents: [],
  };
}

describe('backtest', () => {
  it('reports the recording, the SLO and a series per step', () => {
    const result = backtest(traffic(3, { 1: 500 }), {
      strategies: [
        { name: 'x', kind: 'threshold', severity: 'page', burnRate: 1, windowMs: 10 * MINUTE },
      ],
    });
    expect(result).toMatchObject({
      source: 't',
      events: 3_000,
      fromMs: 0,
      toMs: 3 * MINUTE,
      stepMs: MINUTE,
    });
    expect(result.slo).toEqual({
      name: 'availability',
      objective: 0.999,
      periodMs: 30 * 86_400_000,
    });
    expect(result.requests).toEqual([1_000, 1_000, 1_000]);
    expect(result.errorRate).toEqual([0, 0.5, 0]);
  });

  it('alerts when the tracker does: at the end of the bad step, and ends when the burn stops', () => {
    const result = backtest(traffic(60, { 10: 500 }), {
      strategies: [
        { name: 'plain', kind: 'threshold', severity: 'page', burnRate: 1, windowMs: 10 * MINUTE },
      ],
      incidents: 'derived',
    });
    const [alert] = result.strategies[0]!.alerts;
    // Recorded at 11 min; the 10-minute window forgets it 10 minutes later (read in 10 s buckets).
    expect(alert).toMatchObject({
      fromMs: 11 * MINUTE,
      severity: 'page',
      burnRate: 1,
      incident: 'incident-1',
    });
    expect(alert!.toMs).toBeGreaterThan(20 * MINUTE);
    expect(alert!.toMs).toBeLessThanOrEqual(21 * MINUTE + 30_000);
  });

  it('names the option at fault', () => {
    const t = traffic(3);
    expect(() => backtest(t, { grace: 1 } as never)).toThrow(
      'unknown option "grace" (did you mean "graceMs"?)',
    );
    expect(() => backtest(t, { slo: { name: 'a', objective: 1.5 } })).toThrow('slo.objective');
    expect(() => backtest(t, { strategies: [] })).toThrow('strategies must be a non-empty array');
    expect(() =>
      backtest(t, {
        strategies: [
          {
            name: 'a',
            kind: 'tiers',
            alerts: [{ severity: 'page', burnRate: -1, longWindowMs: 1, shortWindowMs: 2 }],
          },
        ],
      }),
    ).toThrow('strategies[0].alerts[0].burnRate');
    expect(() =>
      backtest(t, {
        strategies: [
          {
            name: 'a',
            kind: 'threshold',
            severity: 'page',
            burnRate: 1,
            windowMs: 40 * 86_400_000,
          },
        ],
      }),
    ).toThrow('strategies[0].windowMs must be at most');
    expect(() => backtest(t, { incidents: 'all' as never })).toThrow(
      "incidents must be 'auto', 'labelled' or 'derived'",
    );
  });
});

describe('deriveIncidents', () => {
  it('joins troubled steps across short gaps and keeps the runs that spend enough budget', () => {
    // 300 bad of 1 000 at 99.9 % is a 300x burn; a week of this traffic allows about 43 bad a day.
    const t = traffic(120, { 10: 300, 20: 300, 60: 3, 100: 2 });
    const budget = periodBudget(t, 0.999, 30 * 86_400_000);
    expect(budget).toBeCloseTo((0.001 * 120_000 * 30 * 86_400_000) / (120 * MINUTE));
    expect(deriveIncidents(t, 0.999, budget)).toEqual([
      { id: 'incident-1', fromMs: 10 * MINUTE, toMs: 21 * MINUTE },
    ]);
    expect(deriveIncidents(t, 0.999, budget, { mergeGapMs: 5 * MINUTE })).toEqual([]);
    expect(
      deriveIncidents(t, 0.999, budget, { mergeGapMs: 5 * MINUTE, minBudget: 0.005 }),
    ).toHaveLength(2);
    expect(deriveIncidents(t, 0.999, budget, { minBudget: 0 })).toHaveLength(3);
  });
});
