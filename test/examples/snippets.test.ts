import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Code shown in the README and in docs/ is a copy of a file in examples/, which the type check
// covers (and the tests run, where it can run): these tests keep each copy identical to its file,
// so that what readers copy is what is checked.

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** A file from its first import on: the header comment is not shown. */
function shown(path: string): string {
  const text = read(path);
  return text.slice(text.search(/^import /m)).trimEnd();
}

/** Every `<!-- example: path -->` marker of a Markdown file, with the ts block right after it. */
function markedBlocks(markdown: string): { path: string; code: string }[] {
  const pattern = /<!-- example: (\S+) -->\n```ts\n([\s\S]*?)\n```/g;
  return [...markdown.matchAll(pattern)].map(([, path, code]) => ({ path: path!, code: code! }));
}

describe('code in the docs is the checked code in examples/', () => {
  it("README's example is examples/quickstart.ts", () => {
    const readme = read('README.md');
    const section = readme.slice(readme.indexOf('## Example'));
    const code = /```ts\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(code).toBe(shown('examples/quickstart.ts'));
  });

  it('docs/http.md shows the fetch, undici and axios recipes as they are', () => {
    const markdown = read('docs/http.md');
    const blocks = markedBlocks(markdown);
    expect(blocks.map((block) => block.path)).toEqual([
      'examples/quickstart.ts',
      'examples/http-undici.ts',
      'examples/http-axios.ts',
    ]);
    // Every marker is followed by its block: none was left behind by an edit.
    expect(markdown.match(/<!-- example: /g)).toHaveLength(blocks.length);
    for (const { path, code } of blocks) expect(code, path).toBe(shown(path));
  });
});
