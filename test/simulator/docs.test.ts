import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario } from '../../src/simulator/index.js';
import { shippedScenarios } from '../helpers/scenarios.js';

const doc = readFileSync('docs/simulator.md', 'utf8');
const yamlBlocks = [...doc.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);

describe('docs/simulator.md', () => {
  it('has YAML examples', () => {
    expect(yamlBlocks.length).toBeGreaterThan(0);
  });

  it.each(yamlBlocks.map((block, index) => [index, block] as const))(
    'example %i is a valid scenario',
    (_, block) => {
      expect(() => parseScenario(parse(block))).not.toThrow();
    },
  );

  it("README's scenario example is a valid scenario", () => {
    const readme = readFileSync('README.md', 'utf8');
    const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
    expect(blocks).toHaveLength(1);
    expect(() => parseScenario(parse(blocks[0]!))).not.toThrow();
  });

  it('lists every shipped scenario', () => {
    for (const file of shippedScenarios) expect(doc).toContain(`scenarios/${file}`);
  });
});
