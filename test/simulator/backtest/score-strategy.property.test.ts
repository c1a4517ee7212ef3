// Scoring against a reference model that states each rule directly, and the bounds any backtest's
// scores keep, on random traffic replayed through the real trackers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backtest, parseAlertTiers, type RecordedTraffic } from '../../../src/simulator/index.js';
import { scoreStrategy } from '../../../src/simulator/backtest/score-strategy.js';

const STEP = 60_000;
const GRACE = 10 * STEP;

/** Traffic of `steps` minutes with incidents as runs of steps. */
const traffic = fc
  .integer({ min: 30, max: 240 })
  .chain((steps) =>
    fc.record({
      good: fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: steps, maxLength: steps }),
      bad: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: steps, maxLength: steps }),
      incidents: fc.uniqueArray(
        fc.tuple(fc.integer({ min: 0, max: steps - 1 }), fc.integer({ min: 1, max: 60 })),
        {
          maxLength: 3,
          selector: ([start]) => start,
        },
      ),
    }),
  )
  .map(({ good, bad, incidents }): RecordedTraffic => ({
    source: 'random',
    fromMs: 0,
    stepMs: STEP,
    good,
    bad,
    incidents: incidents
      .sort(([a], [b]) => a - b)
      .map(([start, length], i) => ({
        id: `i${i}`,
        fromMs: start * STEP,
        toMs: Math.min(good.length, start + length) * STEP,
      })),
  }));

const alerts = fc.array(
  fc.record({
    fromMs: fc.integer({ min: 0, max: 240 * STEP }),
    length: fc.option(fc.integer({ min: 1, max: 60 * STEP }), { nil: undefined }),
    severity: fc.constantFrom('page', 'ticket'),
    burnRate: fc.constantFrom(14.4, 6, 1),
  }),
  { maxLength: 8 },
);

describe('scoreStrategy', () => {
  it('agrees with the reference model of every rule', () => {
    fc.assert(
      fc.property(traffic, alerts, (recorded, raw) => {
        const endMs = recorded.good.length * STEP;
        const replayed = raw
          .map(({ fromMs, length, severity, burnRate }) => ({
            fromMs: Math.min(fromMs, endMs - 1),
            toMs: length === undefined ? undefined : Math.min(fromMs, endMs - 1) + length,
            severity,
            burnRate,
          }))
          .sort((a, b) => a.fromMs - b.fromMs);
        const budget = 1_000;
        const scored = scoreStrategy('s', replayed, recorded.incidents, recorded, budget, GRACE);
        const end = (a: { toMs: number | undefined }) => a.toMs ?? endMs;
        const overlap = (a: (typeof replayed)[number], from: number, to: number) =>
          a.fromMs < to && end(a) > from;
        // The model, rule by rule.
        let falseAlarms = 0;
        for (const [k, alert] of replayed.entries()) {
          const owner = recorded.incidents.find((i) => overlap(alert, i.fromMs, i.toMs! + GRACE));
          expect(scored.alerts[k]!.incident).toBe(owner?.id);
          if (owner === undefined) falseAlarms++;
        }
        expect(scored.falseAlarms).toBe(falseAlarms);
        recorded.incidents.forEach((incident, k) => {
          const score = scored.incidents[k]!;
          const during = replayed.filter((a) => overlap(a, incident.fromMs, incident.toMs!));
          const badIn = (from: number, to: number) =>
            recorded.bad
              .slice(Math.ceil(from / STEP), Math.floor(to / STEP))
              .reduce((s, b) => s + b, 0);
          if (during.length === 0) {
            expect(score.detectionMs).toBeUndefined();
            expect(score.budgetSpentBeforeAlert).toBe(
              badIn(incident.fromMs, incident.toMs!) / budget,
            );
            return;
          }
          const alertAt = Math.min(...during.map((a) => Math.max(a.fromMs, incident.fromMs)));
          expect(score.detectionMs).toBe(alertAt - incident.fromMs);
          const tail = replayed.filter((a) => overlap(a, incident.fromMs, incident.toMs! + GRACE));
          expect(score.resetMs).toBe(Math.max(0, Math.max(...tail.map(end)) - incident.toMs!));
          expect(score.budgetSpentBeforeAlert).toBe(badIn(incident.fromMs, alertAt) / budget);
        });
        expect(scored.detected + scored.missed).toBe(recorded.incidents.length);
      }),
    );
  });
});

describe('backtest', () => {
  it('detects an incident no earlier than its start and no later than its end; resets are >= 0', () => {
    const strategies = [parseAlertTiers('14.4x:1h/5m,6x:6h/30m'), parseAlertTiers('1x:10m')];
    fc.assert(
      fc.property(traffic, (recorded) => {
        const result = backtest(recorded, { strategies, graceMs: GRACE, incidents: 'labelled' });
        for (const strategy of result.strategies) {
          strategy.incidents.forEach((score, k) => {
            const incident = result.incidents[k]!;
            expect(score.budgetSpentBeforeAlert).toBeGreaterThanOrEqual(0);
            if (score.detectionMs === undefined) return;
            expect(score.detectionMs).toBeGreaterThanOrEqual(0);
            expect(score.detectionMs).toBeLessThanOrEqual(incident.toMs! - incident.fromMs);
            expect(score.resetMs).toBeGreaterThanOrEqual(0);
          });
          for (const alert of strategy.alerts) {
            expect(alert.fromMs).toBeGreaterThanOrEqual(result.fromMs);
            if (alert.toMs !== undefined) expect(alert.toMs).toBeGreaterThan(alert.fromMs);
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
