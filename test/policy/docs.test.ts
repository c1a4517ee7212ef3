import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recommend } from '../../examples/load-control.js';
import { gate } from './load-helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('docs/policy.md', () => {
  it('shows examples/load-control.ts as it is', () => {
    const markdown = read('docs/policy.md');
    const match = /<!-- example: examples\/load-control\.ts -->\n```ts\n([\s\S]*?)\n```/.exec(
      markdown,
    );
    const text = read('examples/load-control.ts');
    expect(match?.[1]).toBe(text.slice(text.search(/^import /m)).trimEnd());
  });

  it('the load-control example answers shed calls with no recommendations, and passes errors on', async () => {
    await expect(recommend('ann', () => Promise.resolve(['a', 'b']))).resolves.toEqual(['a', 'b']);
    const own = new Error('400: unknown user');
    await expect(recommend('bob', () => Promise.reject(own))).rejects.toBe(own);
    // 5 calls run and 10 wait in the bulkhead: the 16th is shed, and gets no recommendations.
    const slow = gate<readonly string[]>();
    const calls = Array.from({ length: 16 }, () => recommend('cy', () => slow.promise));
    await expect(calls[15]).resolves.toEqual([]);
    slow.resolve(['c']);
    expect(await Promise.all(calls.slice(0, 15))).toEqual(Array.from({ length: 15 }, () => ['c']));
  });
});
