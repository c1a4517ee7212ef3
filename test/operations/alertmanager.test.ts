// examples/alertmanager.yml: a valid Alertmanager configuration (amtool, from Debian's
// prometheus-alertmanager) that sends `page` alerts to the pager and `ticket` alerts to tickets.

import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONFIG = resolve(import.meta.dirname, '../../examples/alertmanager.yml');

function findAmtool(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, 'amtool'), constants.X_OK);
      return join(dir, 'amtool');
    } catch {
      // not here
    }
  }
  return undefined;
}

const amtool = findAmtool();
const run = (...args: string[]) =>
  execFileSync(amtool!, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });

describe.skipIf(amtool === undefined && process.env.CI === undefined)(
  'examples/alertmanager.yml',
  { timeout: 30_000 },
  () => {
    it('passes amtool check-config', () => {
      expect(
        amtool,
        'amtool is not on PATH: install Debian\'s "prometheus-alertmanager"',
      ).toBeDefined();
      expect(run('check-config', CONFIG)).toMatch(/SUCCESS/);
    });

    it('routes page to the pager and ticket (and anything else) to tickets', () => {
      const route = (...labels: string[]) =>
        run('config', 'routes', 'test', `--config.file=${CONFIG}`, ...labels).trim();
      expect(route('severity=page', 'alertname=SloErrorBudgetBurn', 'sloth_slo=checkout')).toBe(
        'pager',
      );
      expect(route('severity=page', 'alertname=BallastBreakerOpen')).toBe('pager');
      expect(route('severity=ticket', 'alertname=BallastRetryRatioHigh')).toBe('tickets');
      expect(route('alertname=Unlabelled')).toBe('tickets');
    });
  },
);
