import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { progressBar } from '../../src/cli/progress-bar.js';
import { VirtualClock } from '../../src/testing/index.js';

function io(errIsTTY: boolean): CliIo & { readonly errors: string[] } {
  const errors: string[] = [];
  const fail = () => {
    throw new Error('not used');
  };
  return {
    out: fail,
    err: (text) => void errors.push(text),
    size: fail,
    read: fail,
    write: fail,
    errIsTTY,
    errors,
  };
}

describe('progressBar', () => {
  it('draws on a terminal once the work has lasted a second, and erases itself', async () => {
    const clock = new VirtualClock();
    const terminal = io(true);
    const bar = progressBar(terminal, clock);
    bar.update(0.1);
    expect(terminal.errors).toEqual([]);
    await clock.advance(1_000);
    bar.update(0.5);
    bar.update(0.501); // the same percentage: not redrawn
    expect(terminal.errors).toEqual([`\r[${'#'.repeat(15)}${' '.repeat(15)}]  50 %`]);
    bar.done();
    expect(terminal.errors.at(-1)).toMatch(/^\r +\r$/);
  });

  it('stays silent when standard error is not a terminal', async () => {
    const clock = new VirtualClock();
    const pipe = io(false);
    const bar = progressBar(pipe, clock);
    await clock.advance(5_000);
    bar.update(0.5);
    bar.done();
    expect(pipe.errors).toEqual([]);
  });
});
