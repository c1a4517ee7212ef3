// docs/backtest.md: its tables of the shipped sample are the command's figures, and its example
// is its file's copy and prints what the doc says.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { backtestTable } from '../../helpers/backtest-table.js';
import { memoryIo } from '../../helpers/memory-io.js';

vi.mock('ballast/simulator', () => import('../../../src/simulator/index.js'));

const DOC = readFileSync('docs/backtest.md', 'utf8');

describe('docs/backtest.md', () => {
  const runs = [...DOC.matchAll(/<!-- backtest: (.*) -->\n((?:\|.*\n)+)/g)];

  it('shows two runs of the sample', () => expect(runs).toHaveLength(2));

  it.each(runs.map(([, args, table]) => [args!, table!]))(
    'shows the figures of ballast backtest %s',
    (args, table) => {
      const io = memoryIo();
      expect(main(['backtest', ...args.split(' '), '--json'], io)).toBe(0);
      expect(table.trimEnd()).toBe(backtestTable(JSON.parse(io.stdout()) as never));
    },
  );

  it('shows the example as it is in its file, and it prints what the doc says', async () => {
    const path = 'test/simulator/backtest/docs/library.ts';
    const block = /<!-- example: (\S+) -->\n```ts\n([\s\S]*?)\n```/.exec(DOC);
    expect(block?.[1]).toBe(path);
    const text = readFileSync(path, 'utf8');
    expect(block?.[2]).toBe(text.slice(text.search(/^import /m)).trimEnd());
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import('./docs/library.js');
      expect(log.mock.calls).toEqual([
        ['14.4x:1h/5m', 61_000],
        ['6x:6h/30m', 61_000],
      ]);
    } finally {
      log.mockRestore();
    }
  });
});
