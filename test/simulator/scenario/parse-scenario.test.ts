import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/simulator/index.js';
import { minimalScenario, type ScenarioInput } from '../../helpers/scenarios.js';

/** The minimal scenario with `edit` applied to a copy. */
function edited(edit: (scenario: ScenarioInput) => void): unknown {
  const scenario = structuredClone(minimalScenario());
  edit(scenario);
  return scenario;
}

function layer(scenario: ScenarioInput, index: number): Record<string, Record<string, unknown>> {
  return scenario.variants[0]!.layers![index]!;
}

describe('parseScenario', () => {
  it('fills in the defaults and reads durations', () => {
    const scenario = parseScenario(minimalScenario());
    expect(scenario).toMatchObject({
      name: 'minimal',
      description: '',
      durationMs: 120_000,
      seed: 1,
      stepMs: 1_000,
      traffic: { points: [{ fromMs: 0, rps: 5 }], ramp: false, arrivals: 'poisson' },
      dependency: {
        errorRate: 0,
        latency: { type: 'fixed', ms: 20 },
        phases: [{ name: 'outage', fromMs: 30_000, toMs: 90_000, errorRate: 1 }],
      },
      slos: [{ name: 'availability', objective: 0.999, periodMs: 30 * 86_400_000 }],
    });
    expect(scenario.variants[0]!.layers).toEqual([
      { kind: 'retry', maxAttempts: 3 },
      { kind: 'breaker', openMs: 5_000 },
    ]);
  });

  it('keeps a day at most 1,500 steps of whole seconds', () => {
    expect(parseScenario(edited((s) => (s['duration'] = '1d'))).stepMs).toBe(58_000);
  });

  it.each([
    [
      'a nested layer option',
      (s: ScenarioInput) => (layer(s, 0)['retry']!['maxAttempts'] = 0),
      RangeError,
      'variants[0].layers[0].retry.maxAttempts must be an integer >= 1 or Infinity, got 0',
    ],
    [
      'an unknown layer option, with the closest name',
      (s: ScenarioInput) => (layer(s, 1)['breaker'] = { openMs: '5s', tripp: {} }),
      TypeError,
      'unknown option "variants[0].layers[1].breaker.tripp" (did you mean "variants[0].layers[1].breaker.trip"?)',
    ],
    [
      'an unknown layer kind',
      (s: ScenarioInput) => (s.variants[0]!.layers![0] = { retyr: {} }),
      TypeError,
      'unknown layer "variants[0].layers[0].retyr" (did you mean "retry"?)',
    ],
    [
      'an unknown top-level key',
      (s: ScenarioInput) => (s['varaints'] = []),
      TypeError,
      'unknown option "scenario.varaints" (did you mean "scenario.variants"?)',
    ],
    [
      'an option of the class inside a nested object',
      (s: ScenarioInput) => (layer(s, 1)['breaker']!['halfOpen'] = { maxProbes: 0 }),
      RangeError,
      'variants[0].layers[1].breaker.',
    ],
    [
      'a bad duration',
      (s: ScenarioInput) => (s.dependency.phases[0]!['to'] = '90 seconds'),
      RangeError,
      'dependency.phases[0].to must be milliseconds or a duration such as 250ms, 30s, 5m, 2h or 1d, got "90 seconds"',
    ],
    [
      'a retryOn kind',
      (s: ScenarioInput) => (layer(s, 0)['retry']!['retryOn'] = ['failure', 'oops']),
      TypeError,
      'variants[0].layers[0].retry.retryOn[1] must be one of failure, overload, timeout, rejected, got "oops"',
    ],
    [
      'a latency distribution',
      (s: ScenarioInput) =>
        (s.dependency['latency'] = { type: 'lognormal', median: '20ms', p99: '10ms' }),
      RangeError,
      'dependency.latency.p99 must be >= median, got "10ms"',
    ],
    [
      'a capacity',
      (s: ScenarioInput) => (s.dependency['capacity'] = { concurrency: 2, queue: -1 }),
      RangeError,
      'dependency.capacity.queue must be an integer >= 0, got -1',
    ],
    [
      'an SLO objective',
      (s: ScenarioInput) => (s.slos[0]!['objective'] = 99.9),
      RangeError,
      'slos[0].objective must be in (0, 1), got 99.9',
    ],
    [
      'too many variants',
      (s: ScenarioInput) => (s.variants = Array.from({ length: 5 }, (_, i) => ({ name: `v${i}` }))),
      RangeError,
      'variants must be a list of 1 to 4 variants',
    ],
    [
      'overlapping phases',
      (s: ScenarioInput) => s.dependency.phases.push({ name: 'again', from: '60s', to: '100s' }),
      RangeError,
      'dependency.phases[1].from must be at or after the end of phases[0], got "60s"',
    ],
  ])('names the field path of %s', (_, edit, type, message) => {
    const scenario = edited(edit);
    expect(() => parseScenario(scenario)).toThrow(type);
    expect(() => parseScenario(scenario)).toThrow(message);
  });

  it('prefixes the source to its messages', () => {
    expect(() =>
      parseScenario(
        edited((s) => delete (s as Partial<ScenarioInput>).slos),
        'storm.yaml',
      ),
    ).toThrow('storm.yaml: slos is required');
  });
});
