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
      'a latency that must be longer than 0',
      (s: ScenarioInput) => (s.dependency['latency'] = { type: 'exponential', mean: -1 }),
      RangeError,
      'dependency.latency.mean must be a duration > 0, got -1',
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
    [
      'an SLO period',
      (s: ScenarioInput) => (s.slos[0]!['period'] = 0),
      RangeError,
      'slos[0].period must be a duration > 0, got 0',
    ],
    [
      'an SLO latency threshold',
      (s: ScenarioInput) => (s.slos[0]!['latencyThreshold'] = '0ms'),
      RangeError,
      'slos[0].latencyThreshold must be a duration > 0, got "0ms"',
    ],
    [
      "an alert's windows",
      (s: ScenarioInput) =>
        (s.slos[0]!['alerts'] = [
          { severity: 'page', burnRate: 14.4, longWindow: '5m', shortWindow: '1h' },
        ]),
      RangeError,
      'slos[0].alerts[0].shortWindow must be shorter than longWindow ("5m"), got "1h"',
    ],
    [
      "an alert's long window past the period",
      (s: ScenarioInput) => {
        s.slos[0]!['period'] = '1h';
        s.slos[0]!['alerts'] = [
          { severity: 'page', burnRate: 14.4, longWindow: '2h', shortWindow: '5m' },
        ];
      },
      RangeError,
      'slos[0].alerts[0].longWindow must be at most',
    ],
    [
      'an alert burn rate',
      (s: ScenarioInput) =>
        (s.slos[0]!['alerts'] = [
          { severity: 'page', burnRate: 0, longWindow: '1h', shortWindow: '5m' },
        ]),
      RangeError,
      'slos[0].alerts[0].burnRate must be a finite number > 0, got 0',
    ],
    [
      'a period too short for the default alerts, with what the format accepts',
      (s: ScenarioInput) => (s.slos[0]!['period'] = '1ms'),
      RangeError,
      'slos[0].period must be at least 3d for the default alerts, got "1ms" (give alerts whose longWindow fits the period, or alerts: false)',
    ],
    [
      'a second SLO of the same name',
      (s: ScenarioInput) => s.slos.push({ name: 'availability', objective: 0.99 }),
      RangeError,
      'slos[1].name must be unique, got "availability" twice',
    ],
    [
      'a second breaker of the same name',
      (s: ScenarioInput) =>
        (s.variants[0]!.layers = [{ breaker: { name: 'db' } }, { breaker: { name: 'db' } }]),
      RangeError,
      'variants[0].layers[1].breaker.name must be unique in the variant, got "db" twice',
    ],
    [
      'a named breaker taking the name an unnamed one gets',
      (s: ScenarioInput) =>
        (s.variants[0]!.layers = [{ breaker: {} }, { breaker: { name: 'breaker' } }]),
      RangeError,
      'variants[0].layers[1].breaker.name must be unique in the variant, got "breaker" twice',
    ],
    [
      'a traffic phase from the end of the run',
      (s: ScenarioInput) =>
        (s['traffic'] = {
          phases: [
            { from: 0, rps: 1 },
            { from: '2m', rps: 5 },
          ],
        }),
      RangeError,
      'traffic.phases[1].from must be before the end of the run (duration 120000 ms), got "2m"',
    ],
    [
      'a ramp point past the end of the run',
      (s: ScenarioInput) =>
        (s['traffic'] = {
          ramp: true,
          phases: [
            { from: 0, rps: 1 },
            { from: '3m', rps: 5 },
          ],
        }),
      RangeError,
      'traffic.phases[1].from must be at or before the end of the run (duration 120000 ms), got "3m"',
    ],
    [
      'a dependency phase from past the end of the run',
      (s: ScenarioInput) => (s.dependency.phases[0]!['from'] = '3m'),
      RangeError,
      'dependency.phases[0].from must be before the end of the run (duration 120000 ms), got "3m"',
    ],
    [
      'a step longer than the run',
      (s: ScenarioInput) => (s['step'] = '5m'),
      RangeError,
      'step must be at most the duration ("2m"), got "5m"',
    ],
    [
      'a duration too long for the time arithmetic',
      (s: ScenarioInput) => {
        s['duration'] = '401d';
        s['traffic'] = 0;
      },
      RangeError,
      'duration must be at most 400d, got "401d"',
    ],
    [
      'too many calls',
      (s: ScenarioInput) => {
        s['duration'] = '2w';
        s['traffic'] = 100;
      },
      RangeError,
      'traffic and duration ask for about 120,960,000 calls per variant, more than 100,000,000',
    ],
    [
      'too many calls on a ramp',
      (s: ScenarioInput) => {
        s['duration'] = '1d';
        s['traffic'] = {
          ramp: true,
          phases: [
            { from: 0, rps: 0 },
            { from: '12h', rps: 2_000 },
          ],
        };
      },
      RangeError,
      'traffic and duration ask for about 129,600,000 calls',
    ],
  ])('names the field path of %s', (_, edit, type, message) => {
    const scenario = edited(edit);
    expect(() => parseScenario(scenario)).toThrow(type);
    expect(() => parseScenario(scenario)).toThrow(message);
  });

  it('accepts alerts: false, zero with a unit, and cuts a phase at the end of the run', () => {
    const scenario = parseScenario(
      edited((s) => {
        s.slos[0]!['period'] = '1h';
        s.slos[0]!['alerts'] = false;
        s.dependency['latency'] = '0s';
        s.dependency.phases[0]!['to'] = '1h';
      }),
    );
    expect(scenario.slos[0]!.alerts).toBe(false);
    expect(scenario.dependency.latency).toEqual({ type: 'fixed', ms: 0 });
    expect(scenario.dependency.phases[0]!.toMs).toBe(120_000);
  });

  it('accepts a day at 1,000 rps (86.4 million calls)', () => {
    expect(() =>
      parseScenario(
        edited((s) => {
          s['duration'] = '1d';
          s['traffic'] = 1_000;
        }),
      ),
    ).not.toThrow();
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
