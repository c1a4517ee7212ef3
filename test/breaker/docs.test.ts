import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Code shown in docs/breaker.md after an `<!-- example: path -->` marker is a copy of a file in
// test/breaker/docs/, which the type check covers: these tests keep each copy identical to its
// file, and run the files (against the sources, not the build) to check what their comments say
// they print.

vi.mock('ballast/breaker', () => import('../../src/breaker/index.js'));
vi.mock('ballast/testing', () => import('../../src/testing/index.js'));

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Each example, how to run it, and what it prints. */
const EXAMPLES: Record<string, { run: () => Promise<unknown>; prints: unknown[][] }> = {
  'test/breaker/docs/cause.ts': {
    run: () => import('./docs/cause.js'),
    prints: [['open for 30000 ms: the dependency answered 503']],
  },
  'test/breaker/docs/timed-isolate.ts': {
    run: () => import('./docs/timed-isolate.js'),
    prints: [['open, retry in 600000 ms'], ['closed']],
  },
  'test/breaker/docs/metrics.ts': {
    run: () => import('./docs/metrics.js'),
    prints: [[{ state: 'open', calls: 4, failures: 2, rate: 0.5, failuresTotal: 2 }], [0]],
  },
  'test/breaker/docs/shadow.ts': {
    run: () => import('./docs/shadow.js'),
    prints: [['would have rejected (open)'], ['open', 1]],
  },
};

/** A file from its first import on: the header comment is not shown. */
function shown(path: string): string {
  const text = read(path);
  return text.slice(text.search(/^import /m)).trimEnd();
}

describe('docs/breaker.md examples', () => {
  it('shows each example as it is in its file, in this order', () => {
    const markdown = read('docs/breaker.md');
    const pattern = /<!-- example: (\S+) -->\n```ts\n([\s\S]*?)\n```/g;
    const blocks = [...markdown.matchAll(pattern)].map(([, path, code]) => ({ path, code }));
    expect(blocks.map((block) => block.path)).toEqual(Object.keys(EXAMPLES));
    // Every marker is followed by its block: none was left behind by an edit.
    expect(markdown.match(/<!-- example: /g)).toHaveLength(blocks.length);
    for (const { path, code } of blocks) expect(code, path).toBe(shown(path!));
  });

  it.each(Object.entries(EXAMPLES))('%s prints what its comments say', async (_path, example) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await example.run();
      expect(log.mock.calls).toEqual(example.prints);
    } finally {
      log.mockRestore();
    }
  });
});
