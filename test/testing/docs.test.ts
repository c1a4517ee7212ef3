import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/testing.md shows the code that test/testing/docs-example.test.ts runs: the block after the
// marker comment is the file's marked region, word for word. The region imports `ballast/...` as
// a user does (vitest resolves them to the sources).
const root = resolve(import.meta.dirname, '../..');
const EXAMPLE = 'test/testing/docs-example.test.ts';

function docBlock(): string {
  const doc = readFileSync(join(root, 'docs/testing.md'), 'utf8');
  const marker = `<!-- the code below is ${EXAMPLE}, checked by test/testing/docs.test.ts -->`;
  const start = doc.indexOf(marker);
  expect(start, 'the marker in docs/testing.md').toBeGreaterThan(-1);
  const block = /^```ts\n([\s\S]*?)^```$/m.exec(doc.slice(start + marker.length));
  return block![1]!;
}

function exampleRegion(): string {
  const file = readFileSync(join(root, EXAMPLE), 'utf8');
  const region = /^\/\/ #region docs-example\n([\s\S]*?)^\/\/ #endregion docs-example$/m.exec(file);
  return region![1]!;
}

describe('docs/testing.md', () => {
  it('shows the property test that the suite runs, word for word', () => {
    expect(docBlock()).toBe(exampleRegion());
  });

  it('names every ballast import by its entry point', () => {
    expect(exampleRegion()).not.toMatch(/\.\.\/src/);
    expect(exampleRegion()).toContain("from 'ballast/testing/fast-check'");
  });
});
