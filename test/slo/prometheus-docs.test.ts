// docs/slo.md's example of query templates and alerting is examples/slo-alerting.ts (which the type
// check covers), and the rules it shows are the rules that file writes: the docs cannot drift.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../examples/slo-alerting.js';
import { PROMTOOL_TIMEOUT, promtool, runPromtool } from './promtool.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const docs = read('docs/slo.md');

/** The fenced block right after `marker` in docs/slo.md. */
function blockAfter(marker: string, language: string): string {
  const start = docs.indexOf(`${marker}\n\`\`\`${language}\n`);
  expect(start, marker).toBeGreaterThanOrEqual(0);
  const body = start + marker.length + language.length + 5;
  return docs.slice(body, docs.indexOf('\n```', body));
}

describe('docs/slo.md, alerting', () => {
  it('shows examples/slo-alerting.ts as it is', () => {
    const file = read('examples/slo-alerting.ts');
    expect(blockAfter('<!-- example: examples/slo-alerting.ts -->', 'ts')).toBe(
      file.slice(file.search(/^import /m)).trimEnd(),
    );
  });

  it('shows the rules the example writes: each run of lines between "# ..." comments', () => {
    const excerpt = blockAfter('<!-- rules: examples/slo-alerting.ts -->', 'yaml');
    const runs = excerpt.split(/\n *# \.\.\. .*\n/);
    expect(runs.length).toBeGreaterThan(3);
    let from = 0;
    for (const run of runs) {
      const at = rules.indexOf(`${run}\n`, from);
      expect(at, run).toBeGreaterThan(from);
      from = at + run.length;
    }
  });
});

describe.skipIf(promtool === undefined)('docs/slo.md, alerting rules', PROMTOOL_TIMEOUT, () => {
  it('pass promtool check rules', () => {
    const result = runPromtool(promtool!, { 'rules.yml': rules }, ['check', 'rules', 'rules.yml']);
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toMatch(/SUCCESS: 19 rules found/);
  });
});
