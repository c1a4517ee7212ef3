// docs/slo.md's "SLOs as code" shows examples/checkout-slo.yaml and examples/slo-as-code.ts as they
// are, and an excerpt of the rules that example writes: the docs cannot drift.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rules, slos, trackers } from '../../../examples/slo-as-code.js';
import { PROMTOOL_TIMEOUT, promtool, runPromtool } from '../promtool.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const docs = read('docs/slo.md');

afterAll(() => trackers.forEach((tracker) => tracker.close()));

/** The fenced block right after `marker` in docs/slo.md. */
function blockAfter(marker: string, language: string): string {
  const start = docs.indexOf(`${marker}\n\`\`\`${language}\n`);
  expect(start, marker).toBeGreaterThanOrEqual(0);
  const body = start + marker.length + language.length + 5;
  return docs.slice(body, docs.indexOf('\n```', body));
}

describe('docs/slo.md, SLOs as code', () => {
  it('shows examples/checkout-slo.yaml as it is', () => {
    expect(blockAfter('<!-- spec: examples/checkout-slo.yaml -->', 'yaml')).toBe(
      read('examples/checkout-slo.yaml').trimEnd(),
    );
  });

  it('shows examples/slo-as-code.ts as it is', () => {
    const file = read('examples/slo-as-code.ts');
    expect(blockAfter('<!-- example: examples/slo-as-code.ts -->', 'ts')).toBe(
      file.slice(file.search(/^import /m)).trimEnd(),
    );
  });

  it('gives the trackers the options the spec sets', () => {
    expect(slos.map((slo) => slo.options)).toEqual([
      {
        name: 'availability',
        objective: 0.999,
        windowMs: 30 * 86_400_000,
        alerts: [
          { severity: 'page', burnRate: 14.4, longWindowMs: 3_600_000, shortWindowMs: 300_000 },
          { severity: 'ticket', burnRate: 1, longWindowMs: 259_200_000, shortWindowMs: 21_600_000 },
        ],
        minimumEvents: 20,
      },
    ]);
    expect(trackers[0]!.alerts).toEqual(slos[0]!.options.alerts);
  });

  it('shows the rules the example writes: each run of lines between "# ..." comments', () => {
    const excerpt = blockAfter('<!-- rules: examples/slo-as-code.ts -->', 'yaml');
    const runs = excerpt.split(/\n *# \.\.\. .*\n/);
    expect(runs.length).toBeGreaterThan(3);
    let from = -1;
    for (const run of runs) {
      const at = rules.indexOf(`${run}\n`, from + 1);
      expect(at, run).toBeGreaterThan(from);
      from = at + run.length;
    }
  });

  it('names every README command the docs show', () => {
    expect(docs).toContain('npx ballast slo generate');
  });
});

describe.skipIf(promtool === undefined)('docs/slo.md, SLOs as code rules', PROMTOOL_TIMEOUT, () => {
  it('pass promtool check rules', () => {
    const result = runPromtool(promtool!, { 'rules.yml': rules }, ['check', 'rules', 'rules.yml']);
    expect(result.ok, result.output).toBe(true);
  });
});
