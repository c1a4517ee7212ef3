// The shipped sample (samples/checkout-week.csv), replayed: each strategy does what the SRE
// workbook says it does with a hard outage, a slow burn, a moderate incident and a short blip.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backtest,
  defaultStrategies,
  parseAlertTiers,
  readTraffic,
  type BacktestResult,
  type StrategyResult,
} from '../../../src/simulator/index.js';

const SAMPLE = 'samples/checkout-week.csv';
/** The unlabelled blip of scripts/generate-traffic-sample.mjs: 5 % errors for 3 minutes. */
const BLIP = {
  fromMs: Date.parse('2026-01-09T16:00:00Z'),
  toMs: Date.parse('2026-01-09T16:03:00Z'),
};
const TIERS = ['14.4x:1h/5m', '6x:6h/30m', '3x:1d/2h:ticket', '1x:3d/6h:ticket'];

let result: BacktestResult;
const scratch = mkdtempSync(join(tmpdir(), 'ballast-sample-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  const traffic = readTraffic(readFileSync(SAMPLE, 'utf8'), { source: SAMPLE });
  const strategies = [...defaultStrategies(0.999), ...TIERS.map((tiers) => parseAlertTiers(tiers))];
  result = backtest(traffic, { strategies });
});

const strategy = (name: string): StrategyResult => result.strategies.find((s) => s.name === name)!;
const detection = (name: string, incident: string) =>
  strategy(name).incidents.find((score) => score.incident === incident)!.detectionMs;

describe('the shipped sample', () => {
  it('is what the seeded generator writes, byte for byte', () => {
    const out = join(scratch, 'sample.csv');
    const run = spawnSync(process.execPath, [
      '--import',
      'tsx',
      'scripts/generate-traffic-sample.mjs',
      out,
    ]);
    expect(run.status, run.stderr.toString()).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(SAMPLE, 'utf8'));
  });

  it('labels three incidents, which the recommended tiers all catch, with no false alarm', () => {
    expect(result.incidents.map((i) => i.id)).toEqual([
      'db-failover',
      'cache-slow-burn',
      'payment-degraded',
    ]);
    expect(strategy('multiwindow, multi-burn-rate')).toMatchObject({
      detected: 3,
      missed: 0,
      falseAlarms: 0,
    });
  });

  it('pages for the hard outage with the 14.4x tier before the 6x one', () => {
    const fast = detection('14.4x:1h/5m', 'db-failover')!;
    const slow = detection('6x:6h/30m', 'db-failover')!;
    expect(fast).toBeLessThan(slow);
    expect(fast).toBeLessThanOrEqual(5 * 60_000);
    const first = strategy('multiwindow, multi-burn-rate').alerts[0]!;
    expect(first).toMatchObject({ severity: 'page', burnRate: 14.4, incident: 'db-failover' });
  });

  it('catches the slow burn only with a slower, ticket tier', () => {
    expect(detection('14.4x:1h/5m', 'cache-slow-burn')).toBeUndefined();
    expect(detection('6x:6h/30m', 'cache-slow-burn')).toBeUndefined();
    expect(detection('single window burn rate', 'cache-slow-burn')).toBeUndefined();
    expect(detection('3x:1d/2h:ticket', 'cache-slow-burn')).toBeDefined();
    const caught = strategy('multiwindow, multi-burn-rate').alerts.filter(
      (a) => a.incident === 'cache-slow-burn',
    );
    expect(caught.length).toBeGreaterThan(0);
    for (const alert of caught) expect(alert).toMatchObject({ severity: 'ticket' });
    expect(caught[0]!.burnRate).toBeLessThanOrEqual(3);
  });

  it('pages for the moderate incident with the 6x tier only', () => {
    expect(detection('14.4x:1h/5m', 'payment-degraded')).toBeUndefined();
    expect(detection('6x:6h/30m', 'payment-degraded')).toBeDefined();
    const pages = strategy('multiwindow, multi-burn-rate').alerts.filter(
      (a) => a.severity === 'page',
    );
    expect(pages.map((a) => [a.burnRate, a.incident])).toEqual([
      [14.4, 'db-failover'],
      [6, 'payment-degraded'],
    ]);
  });

  it('does not alert on the blip with the multiwindow tiers; the plain threshold pages for it, a false alarm', () => {
    const overlapsBlip = (a: { fromMs: number; toMs: number | undefined }) =>
      a.fromMs < BLIP.toMs + 15 * 60_000 && (a.toMs ?? result.toMs) > BLIP.fromMs;
    expect(strategy('multiwindow, multi-burn-rate').alerts.filter(overlapsBlip)).toEqual([]);
    expect(strategy('single window burn rate').alerts.filter(overlapsBlip)).toEqual([]);
    const plain = strategy('error rate > 0.1 %');
    const blipAlerts = plain.alerts.filter(overlapsBlip);
    expect(blipAlerts).toHaveLength(1);
    expect(blipAlerts[0]!.incident).toBeUndefined();
    // Noise at night pages it too: the workbook's point against a plain threshold.
    expect(plain.falseAlarms).toBeGreaterThan(5);
    expect(plain.detected).toBe(3);
  });

  it('finds the labelled incidents again by the derivation rule, without the labels', () => {
    const derived = backtest(readTraffic(readFileSync(SAMPLE, 'utf8'), { source: SAMPLE }), {
      incidents: 'derived',
      strategies: [parseAlertTiers('1x:10m')],
    });
    // A noisy failure just before or after an incident may join it: within the 15-minute gap.
    expect(derived.incidents).toHaveLength(result.incidents.length);
    derived.incidents.forEach((incident, i) => {
      const labelled = result.incidents[i]!;
      expect(Math.abs(incident.fromMs - labelled.fromMs)).toBeLessThanOrEqual(15 * 60_000);
      expect(Math.abs(incident.toMs! - labelled.toMs!)).toBeLessThanOrEqual(15 * 60_000);
    });
  });
});
