import { describe, expect, it } from 'vitest';
import { parseScenario, simulate, type SimulationResult } from '../../../src/simulator/index.js';
import { minimalScenario, readScenarioFile, shippedScenarios } from '../../helpers/scenarios.js';

/** Dependency calls over requests between two times, from the series. */
function amplificationBetween(
  result: SimulationResult,
  variant: number,
  fromMs: number,
  toMs: number,
): number {
  const { series } = result.variants[variant]!;
  const from = fromMs / result.stepMs;
  const to = toMs / result.stepMs;
  const sum = (values: readonly number[]) => values.slice(from, to).reduce((a, b) => a + b, 0);
  return sum(series.dependencyCalls) / sum(series.requests);
}

describe('simulate', () => {
  it('gives the same result for the same seed, to the byte, and another for another seed', async () => {
    const scenario = parseScenario(minimalScenario());
    const first = JSON.stringify(await simulate(scenario));
    expect(JSON.stringify(await simulate(scenario))).toBe(first);
    expect(JSON.stringify(await simulate(scenario, { seed: 2 }))).not.toBe(first);
  });

  it('reports its progress up to 1', async () => {
    const seen: number[] = [];
    await simulate(parseScenario(minimalScenario()), { onProgress: (done) => seen.push(done) });
    expect(seen.at(-1)).toBe(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('shows the retry storm of scenarios/retry-storm.yaml, and what stops it', async () => {
    const result = await simulate(parseScenario(readScenarioFile('retry-storm.yaml')));
    const [naive, budgeted, breaker] = result.variants;
    const outage = [600_000, 1_200_000] as const;
    // Three nested 3-attempt retries: 3 x 3 x 3 = 27 calls per user call while it fails.
    expect(amplificationBetween(result, 0, ...outage)).toBeGreaterThan(20);
    // A 10 % budget at each layer: at most 1.1^3 = 1.33 during the outage, 1.1 over the run.
    expect(amplificationBetween(result, 1, ...outage)).toBeLessThan(1.34);
    expect(budgeted!.summary.amplification).toBeLessThan(1.2);
    expect(budgeted!.summary.retriesRefused).toBeGreaterThan(0);
    // The breaker opens and stays open: almost nothing reaches the dependency.
    expect(amplificationBetween(result, 2, ...outage)).toBeLessThan(0.1);
    expect(breaker!.summary.breakers[0]!.trips).toBeGreaterThan(0);
    for (const variant of [naive!, budgeted!, breaker!]) {
      const page = variant.alerts.find((alert) => alert.severity === 'page');
      expect(page!.fromMs - outage[0]).toBeGreaterThanOrEqual(0);
      expect(page!.fromMs - outage[0]).toBeLessThan(5 * 60_000);
    }
    expect(naive!.summary.requests).toBe(budgeted!.summary.requests); // the same traffic
    // A third of the calls failed: at this rate for 30 days, 1/3 / 0.001 / 1440 of the budget.
    expect(naive!.summary.slos[0]!.budgetSpent).toBeCloseTo(1 / 3 / 0.001 / 1_440, 2);
    const remaining = naive!.series.budgetRemaining[0]!;
    expect(remaining[0]).toBe(1);
    expect(remaining.at(-1)).toBeCloseTo(1 - naive!.summary.slos[0]!.budgetSpent, 10);
  });

  it.each(shippedScenarios)('runs %s (its first two minutes)', async (file) => {
    const scenario = parseScenario(readScenarioFile(file), file);
    const result = await simulate({ ...scenario, durationMs: 120_000 });
    expect(result.variants).toHaveLength(scenario.variants.length);
    for (const variant of result.variants) {
      expect(variant.summary.requests).toBeGreaterThan(0);
      expect(variant.series.requests).toHaveLength(Math.ceil(120_000 / scenario.stepMs));
    }
  });
});

describe('simulate checks its arguments', () => {
  const scenario = parseScenario(minimalScenario());

  it.each([
    [
      undefined,
      /^scenario must be a Scenario \(what parseScenario returns from a file's contents\), got undefined$/,
    ],
    [minimalScenario(), /^scenario must be a Scenario .*: its `durationMs` is undefined, got /],
    [{ ...parseScenario(minimalScenario()), variants: {} }, /its `variants` is \{\}/],
  ])(
    'rejects a scenario that parseScenario did not make (%#) with a TypeError',
    async (value, message) => {
      await expect(simulate(value as never)).rejects.toThrow(TypeError);
      await expect(simulate(value as never)).rejects.toThrow(message);
    },
  );

  it('rejects a seed that is not a number with a TypeError, and one out of range with a RangeError', async () => {
    await expect(simulate(scenario, { seed: 'x' as never })).rejects.toThrow(
      new TypeError('seed must be a number, got "x"'),
    );
    await expect(simulate(scenario, { seed: -1 })).rejects.toThrow(
      new RangeError('seed must be an integer >= 0, got -1'),
    );
  });

  it('rejects an unknown option with the closest name', async () => {
    await expect(simulate(scenario, { sed: 1 } as never)).rejects.toThrow(
      new TypeError('unknown option "sed" (did you mean "seed"?)'),
    );
  });
});
