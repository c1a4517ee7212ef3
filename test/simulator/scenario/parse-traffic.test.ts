import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/simulator/index.js';
import { minimalScenario } from '../../helpers/scenarios.js';

const LIMIT = 100_000_000;

/** Calls expected over a run of `seconds`, read second by second: the rate of the phase in force. */
function referenceCalls(phases: readonly { from: number; rps: number }[], seconds: number): number {
  let calls = 0;
  for (let second = 0; second < seconds; second++) {
    calls += phases.filter((phase) => phase.from <= second).at(-1)!.rps;
  }
  return calls;
}

describe('parseScenario: the size guard', () => {
  it('refuses a step-function traffic exactly when its expected calls exceed 100 million', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 399 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 5, maxLength: 5 }),
        (seconds, starts, rates) => {
          const froms = [0, ...starts.filter((from) => from < seconds).sort((a, b) => a - b)];
          const phases = froms.map((from, index) => ({ from, rps: rates[index]! }));
          const scenario = minimalScenario();
          scenario['duration'] = `${seconds}s`;
          scenario['traffic'] = {
            phases: phases.map(({ from, rps }) => ({ from: `${from}s`, rps })),
          };
          scenario.dependency.phases = [];
          const refused = referenceCalls(phases, seconds) > LIMIT;
          if (refused)
            expect(() => parseScenario(scenario)).toThrow(/^traffic and duration ask for/);
          else expect(() => parseScenario(scenario)).not.toThrow();
        },
      ),
    );
  });

  it('draws the line at 100 million exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: -2, max: 2 }),
        (seconds, offset) => {
          const rps = Math.floor(LIMIT / seconds) + offset;
          const scenario = minimalScenario();
          scenario['duration'] = `${seconds}s`;
          scenario['traffic'] = rps;
          scenario.dependency.phases = [];
          if (rps * seconds > LIMIT) expect(() => parseScenario(scenario)).toThrow(RangeError);
          else expect(() => parseScenario(scenario)).not.toThrow();
        },
      ),
    );
  });
});
