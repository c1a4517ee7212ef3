import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grafanaDashboard, resilienceRules } from '../../src/operations/index.js';

// docs/operations.md describes every panel (no screenshot can), every alert and every log action,
// and shows the example service as it is.

const ROOT = resolve(import.meta.dirname, '../..');
const docs = readFileSync(resolve(ROOT, 'docs/operations.md'), 'utf8');

describe('docs/operations.md', () => {
  it('describes every panel of the dashboard', () => {
    const titles = grafanaDashboard()
      .panels.filter((p) => p.type !== 'row')
      .map((p) => String(p.title));
    for (const title of titles) {
      const described = title.startsWith('Burn rate, ')
        ? docs.includes('**Burn rate, `<severity>` tier: `<rate>`x over `<long>` and `<short>`**')
        : docs.includes(`**${title}**`);
      expect(described, title).toBe(true);
    }
    for (const row of grafanaDashboard().panels.filter((p) => p.type === 'row')) {
      expect(docs).toContain(`### ${String(row.title)}`);
    }
  });

  it('lists every alert and every log action', () => {
    for (const rule of resilienceRules().groups[0]!.rules)
      expect(docs).toContain(`\`${rule.alert}\``);
    const source = readFileSync(resolve(ROOT, 'src/adapters/log/log-events.ts'), 'utf8');
    const actions = new Set(
      [...source.matchAll(/'((?:breaker|retry|slo)-[a-z-]+|timeout)'/g)].map((m) => m[1]!),
    );
    expect(actions.size).toBeGreaterThan(14);
    for (const action of actions) expect(docs, action).toContain(`\`${action}\``);
  });

  it('shows examples/operations-service.ts as it is', () => {
    const text = readFileSync(resolve(ROOT, 'examples/operations-service.ts'), 'utf8');
    const shown = text.slice(text.search(/^import /m)).trimEnd();
    const block = /<!-- example: examples\/operations-service\.ts -->\n```ts\n([\s\S]*?)\n```/.exec(
      docs,
    )?.[1];
    expect(block).toBe(shown);
  });
});
