import { describe, expect, it } from 'vitest';
import {
  backtestSummary,
  parseScenario,
  simulate,
  simulationSummary,
} from '../../../src/simulator/index.js';
import { backtestFixture, simulationFixture } from '../../helpers/simulation-fixtures.js';

describe('simulationSummary', () => {
  it('prints a column per variant, then the alerts of each as offsets', () => {
    expect(simulationSummary(simulationFixture()))
      .toBe(`checkout outage: 1h simulated in steps of 10s, seed 42
The payment service fails every call for half an hour.
dependency: healthy +0 to +10m, down +10m to +40m, recovered +40m to +1h

                               naive retries  retry budget  breaker + budget
requests from users                   72,284        72,284            72,284
calls to the dependency              141,386        79,192            39,234
amplification                           2.0x          1.1x              0.5x
amplification, worst minute             3.0x          1.2x              1.1x
success rate                         52.20 %       52.20 %           93.73 %
latency p50                            42 ms         42 ms            3.2 ms
latency p99                            6.1 s        2.05 s            2.05 s
payments: time open                        —             —               29m
payments: trips                            —             —                 1
retries                               69,102         6,908               121
retries refused by the budget              0         1,200                 0
rejected by a layer                        0             0            33,171
timeouts                                 900           900                40
fallbacks                                  0             0            33,171
SLO checkout: budget spent            86.4 %        86.4 %            11.3 %
SLO checkout: alerts              2 (1 page)    2 (1 page)        1 (0 page)

alerts
  naive retries
    checkout page (14.4x) +12m to +43m
    checkout ticket (6.0x) +15m, still firing at the end
  retry budget
    checkout page (14.4x) +12m to +43m
    checkout ticket (6.0x) +15m, still firing at the end
  breaker + budget
    checkout ticket (6.0x) +15m, still firing at the end
`);
  });

  it('prints a dash for a variant without a breaker and names no alert section when none fired', () => {
    const base = simulationFixture();
    const variants = base.variants.map((variant) => ({ ...variant, alerts: [] }));
    const text = simulationSummary({ ...base, phases: [], description: '', variants });
    expect(text).toMatch(/^payments: time open +— +— +29m$/m);
    expect(text).not.toMatch(/^alerts$/m);
    expect(text).not.toContain('dependency:');
    const phases = [{ name: 'down', fromMs: 600_000, toMs: undefined }];
    expect(simulationSummary({ ...base, phases })).toContain('\ndependency: down +10m\n');
  });

  it('counts the calls left pending and gives the success rate over the settled ones', async () => {
    const scenario = parseScenario({
      name: 'slow',
      duration: '1m',
      traffic: 5,
      dependency: { latency: '1w' },
      variants: [{ name: 'bare', layers: [] }],
      slos: [{ name: 'availability', objective: 0.99 }],
    });
    const result = await simulate(scenario);
    const { summary } = result.variants[0]!;
    expect(summary.pending).toBe(summary.requests);
    expect(summary.requests).toBeGreaterThan(0);
    expect(summary.successRate).toBeNaN();
    const text = simulationSummary(result);
    expect(text).toMatch(new RegExp(`^pending at the end +${summary.requests}$`, 'm'));
    expect(text).toMatch(/^success rate of settled calls +—$/m);
    expect(text).not.toContain('0.00 %');
  });

  it('names the rate as over settled calls only when some call was left pending', () => {
    const base = simulationFixture();
    const [first, ...rest] = base.variants;
    const pending = { ...first!, summary: { ...first!.summary, pending: 3 } };
    const text = simulationSummary({ ...base, variants: [pending, ...rest] });
    expect(text).toMatch(/^pending at the end +3 +— +—$/m);
    expect(text).toMatch(/^success rate of settled calls +52\.20 %/m);
    expect(simulationSummary(base)).not.toContain('pending');
  });
});

describe('backtestSummary', () => {
  it('prints a row per strategy, then per incident the detection and reset times and the budget spent first', () => {
    expect(backtestSummary(backtestFixture()))
      .toBe(`checkout-2026-01-12.jsonl: 432,000 calls over 6h from 2026-01-12T06:00:00.000Z
SLO checkout: 99.9 % over 30d
incidents: 2

strategy                      detected  missed  false alarms  alerts
multiwindow, multi-burn-rate       2/2       0             0       2
single window burn rate            1/2       1             0       1
error rate > 0.1 %                 2/2       0             1       3

db-failover (primary lost): +1h for 20m
strategy                      detected after  reset after the end  budget spent before the alert
multiwindow, multi-burn-rate              2m                   4m                         1.23 %
single window burn rate                  10m                   1h                         6.10 %
error rate > 0.1 %                       30s                   1m                         0.04 %

slow-deploy: +3h20m for 6m
strategy                      detected after  reset after the end  budget spent before the alert
multiwindow, multi-burn-rate              3m                   3m                         0.87 %
single window burn rate               missed                    —                         3.50 %
error rate > 0.1 %                       30s                   1m                         0.03 %
`);
  });
});

describe('the summaries check their argument', () => {
  it.each([
    [
      {},
      /^result must be a SimulationResult \(what simulate returns\): its `scenario` must be a string, got undefined in \{\}$/,
    ],
    [undefined, /^result must be a SimulationResult \(what simulate returns\), got undefined$/],
    [{ ...simulationFixture(), variants: 3 }, /its `variants` must be an array, got 3/],
  ])('simulationSummary(%j) throws a TypeError', (value, message) => {
    expect(() => simulationSummary(value as never)).toThrow(TypeError);
    expect(() => simulationSummary(value as never)).toThrow(message);
  });

  it.each([
    [
      {},
      /^result must be a BacktestResult \(what backtest returns\): its `source` must be a string, got undefined in \{\}$/,
    ],
    [simulationFixture(), /^result must be a BacktestResult .*: its `source` must be a string/],
    [null, /^result must be a BacktestResult \(what backtest returns\), got null$/],
  ])('backtestSummary(%#) throws a TypeError', (value, message) => {
    expect(() => backtestSummary(value as never)).toThrow(TypeError);
    expect(() => backtestSummary(value as never)).toThrow(message);
  });
});
