import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// docs/operations.md's example service, run as its `--demo`: metrics, logs, health and rules wired
// to one dependency, through an outage of that dependency.
describe('examples/operations-service.ts --demo', () => {
  it('serves health, metrics and logs that follow the outage, and prints the rules', () => {
    const root = resolve(import.meta.dirname, '../..');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', resolve(root, 'examples/operations-service.ts'), '--demo'],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    for (const alert of [
      'BallastBreakerOpen',
      'BallastBreakerFlapping',
      'BallastRetryBudgetExhausted',
      'BallastRetryRatioHigh',
    ]) {
      expect(out).toContain(`  ${alert}\n`);
    }
    expect(out).toMatch(/SLO rules: \d+ recording rules/);
    expect(out).toMatch(/dashboard: \d+ panels/);
    expect(out).toContain('healthy: ready 200 (pass, payments closed), live 200');
    expect(out).toContain('payments down: ready 503 (fail, payments open), live 200');
    expect(out).toMatch(/metrics: [1-9]\d* calls rejected by the payments breaker/);

    const records = run.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          JSON.parse(line) as {
            level: number;
            event: { action: string };
            service: { name: string };
            ballast: Record<string, unknown>;
          },
      );
    const opened = records.find((r) => r.event.action === 'breaker-state-change');
    expect(opened).toMatchObject({
      level: 40,
      service: { name: 'shop' },
      ballast: { breaker: { name: 'payments', from: 'closed', to: 'open' } },
    });
    expect(records.some((r) => r.event.action === 'retry-give-up' && r.level === 50)).toBe(true);
  }, 60_000);
});
