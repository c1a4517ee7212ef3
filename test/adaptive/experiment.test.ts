import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatRow, runStrategy, SCENARIOS, STRATEGIES } from '../../bench/adaptive-experiment.js';

// docs/adaptive.md holds the output of `npm run experiment`. The whole run takes minutes; these
// rows, rerun here, must come out as the doc prints them (the run is deterministic), and with them
// the doc's main claims.
const doc = readFileSync(join(resolve(import.meta.dirname, '../..'), 'docs/adaptive.md'), 'utf8');

/** The row of `strategy` in the table under the heading `scenario`. */
function docRow(scenario: string, strategy: string): string {
  const section = doc.slice(doc.indexOf(`### ${scenario}`));
  const line = section.split('\n').find((l) => l.startsWith(`| ${strategy} |`));
  expect(line, `${scenario}: ${strategy}`).toBeDefined();
  return line!;
}

const CHECKED = [
  [0, 'no control'],
  [0, 'AdaptiveConcurrencyPolicy, aimd (timeoutMs 250)'],
  [1, 'AdaptiveThrottle (k = 2, 10 s window)'],
] as const;

describe('docs/adaptive.md: the experiment', () => {
  it.each(CHECKED)(
    'scenario %i, %s: the row the script prints today',
    async (index, name) => {
      const scenario = SCENARIOS[index]!;
      const strategy = STRATEGIES.find((s) => s.name === name)!;
      const row = await runStrategy(scenario, strategy);
      expect(formatRow(row)).toBe(docRow(scenario.name, name));
      if (index === 0 && name === 'no control') {
        // The claim: with no control, the queueing backend's goodput collapses...
        expect(row.goodputOverload).toBeLessThan(0.05);
      } else if (index === 0) {
        // ... while an adaptive limit keeps it serving most of its capacity, wasting nothing.
        expect(row.goodputOverload).toBeGreaterThan(0.7);
        expect(row.wasted).toBe(0);
      } else {
        // Against a backend that sheds load at a cost, the throttle saves it the refusals.
        expect(row.goodputOverload).toBeGreaterThan(0.75);
      }
    },
    180_000,
  );
});
