import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The outage example of docs: keep it working, and keep what it shows true.
describe('examples/outage.ts', () => {
  it('runs the hour in virtual time and shows the breaker, budget and alerts at work', () => {
    const root = resolve(import.meta.dirname, '../..');
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', resolve(root, 'examples/outage.ts')],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(output).toMatch(/alert start {2}page 6x/);
    expect(output).toMatch(/alert update page 14\.4x/);
    expect(output).toMatch(/alert update page 6x/);
    expect(output).not.toMatch(/alert start {2}page[^\n]*\n(?:.*\n)*.*alert start {2}page/);
    expect(output).toMatch(/breaker {6}closed -> open/);
    expect(output).toMatch(/breaker {6}half-open -> closed/);
    expect(output).toMatch(/refused by the budget [1-9]/);
    expect(output).toContain('timers left pending: 0');
    const perRequest = Number(/\((\d\.\d+) per request/.exec(output)?.[1]);
    expect(perRequest).toBeLessThan(1);
  }, 60_000);
});
