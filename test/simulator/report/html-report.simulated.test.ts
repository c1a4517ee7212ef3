import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  htmlReport,
  parseScenario,
  simulate,
  simulationSummary,
} from '../../../src/simulator/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('the report of a real simulation', () => {
  it('draws every variant of a shipped scenario, with no missing figure leaking into the page', async () => {
    const file = join(ROOT, 'scenarios/hard-outage.yaml');
    const scenario = parseScenario(parse(readFileSync(file, 'utf8')), 'hard-outage.yaml');
    const result = await simulate(scenario, { seed: 7 });
    const html = htmlReport({ simulation: result });
    expect(html).not.toMatch(/NaN|Infinity|undefined|\[object/);
    const charts = html.match(/<svg class="chart"/g) ?? [];
    expect(charts).toHaveLength(5 * result.variants.length);
    const lines = [...html.matchAll(/<path class="line s\d" d="([^"]*)"/g)].map((m) => m[1]!);
    expect(lines.length).toBeGreaterThanOrEqual(5 * result.variants.length);
    for (const d of lines) expect(d).toMatch(/^M[\d.]+ [\d.]+L/);
    for (const variant of result.variants)
      expect(html).toContain(`<th scope="col">${variant.name}</th>`);
    expect(simulationSummary(result)).not.toMatch(/NaN|undefined/);
  });
});
