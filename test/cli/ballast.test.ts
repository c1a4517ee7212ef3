// The `ballast` command as users run it: the built bin, in a process of its own. Outputs are
// compared byte for byte with the files in golden/ (BALLAST_UPDATE_GOLDEN=1 rewrites them).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, buildPackage, ROOT } from '../helpers/build-package.js';
import { promtool, runPromtool } from '../slo/promtool.js';

const GOLDEN = join(ROOT, 'test', 'cli', 'golden');
const UPDATE = process.env['BALLAST_UPDATE_GOLDEN'] === '1';
const TIMEOUT = { timeout: 60_000 } as const;
const FIXTURES = 'test/fixtures/slo-spec';
const VALID = [
  'openslo-availability.yaml',
  'openslo-latency.yaml',
  'sloth-multi.yaml',
  'openslo-alert-policy.yaml',
  'sloth-alerting.yaml',
].map((file) => `${FIXTURES}/${file}`);
const INVALID = [
  'billion-laughs.yaml',
  'calendar-window.yaml',
  'composite.yaml',
  'proto-keys.yaml',
  'sloth-plugin.yaml',
  'typos.yaml',
].map((file) => `${FIXTURES}/invalid/${file}`);

let bin = '';
const scratch = mkdtempSync(join(tmpdir(), 'ballast-cli-'));
beforeAll(async () => {
  bin = join(await buildPackage('cli'), 'cli', 'ballast.js');
}, BUILD_TIMEOUT);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built command from the repository's root. */
function ballast(...args: string[]): Run {
  const { status, stdout, stderr } = spawnSync(process.execPath, [bin, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status, stdout, stderr };
}

/** `text` equals golden/`name`, byte for byte. */
function golden(name: string, text: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE) writeFileSync(path, text);
  expect(text, `golden/${name} (BALLAST_UPDATE_GOLDEN=1 rewrites it)`).toBe(
    readFileSync(path, 'utf8'),
  );
}

describe('ballast slo generate', TIMEOUT, () => {
  it('writes the rules of every SLO of every file, merged into one file', () => {
    const run = ballast('slo', 'generate', ...VALID);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    golden('generate-rules.yml', run.stdout);
    // The same bytes every time.
    expect(ballast('slo', 'generate', ...VALID).stdout).toBe(run.stdout);
  });

  it.skipIf(promtool === undefined)('writes rules that pass promtool check rules', () => {
    const run = ballast('slo', 'generate', ...VALID);
    const result = runPromtool(promtool!, { 'rules.yml': run.stdout }, [
      'check',
      'rules',
      'rules.yml',
    ]);
    expect(result.ok, result.output).toBe(true);
  });

  it('writes a PrometheusRule manifest with --format operator', () => {
    const args = ['--format', 'operator', '--name', 'ledger-slos', '--namespace', 'monitoring'];
    const run = ballast('slo', 'generate', ...args, `${FIXTURES}/sloth-alerting.yaml`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    golden('generate-operator.yaml', run.stdout);
    const rules = ballast('slo', 'generate', `${FIXTURES}/sloth-alerting.yaml`).stdout;
    // The same groups, two spaces deeper, under spec.
    const groups = rules.slice(rules.indexOf('groups:'));
    expect(run.stdout).toContain(
      `spec:\n${groups
        .trimEnd()
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n')}\n`,
    );
  });

  it('writes to --out, the same bytes as to standard output', () => {
    const out = join(scratch, 'rules.yml');
    const run = ballast('slo', 'generate', '--out', out, ...VALID);
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(readFileSync(out, 'utf8')).toBe(ballast('slo', 'generate', ...VALID).stdout);
    const denied = ballast(
      'slo',
      'generate',
      '--out',
      join(scratch, 'no', 'such', 'dir'),
      VALID[0]!,
    );
    expect(denied.status).toBe(1);
    expect(denied.stderr).toMatch(/^ballast slo generate: cannot write .*: no such file\n$/);
  });

  it('prints every problem of invalid files and exits 1, writing nothing', () => {
    const run = ballast('slo', 'generate', VALID[0]!, ...INVALID);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(ballast('slo', 'validate', ...INVALID).stdout);
  });

  it('refuses two files that define the same SLO', () => {
    const run = ballast('slo', 'generate', VALID[0]!, VALID[0]!);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `${VALID[0]}:3:1 repeats the SLO of ${VALID[0]}:3: service and name (id "checkout-availability") must be unique\n`,
    );
  });
});

describe('ballast slo validate', TIMEOUT, () => {
  it('says each valid file is fine', () => {
    const run = ballast('slo', 'validate', ...VALID);
    expect([run.status, run.stderr]).toEqual([0, '']);
    golden('validate-valid.txt', run.stdout);
  });

  it('prints each problem as file:line:column path: message, and exits 1', () => {
    const run = ballast('slo', 'validate', ...INVALID, VALID[0]!);
    expect([run.status, run.stderr]).toEqual([1, '']);
    golden('validate-invalid.txt', run.stdout);
    for (const line of run.stdout.trimEnd().split('\n')) {
      expect(line).toMatch(/^test\/fixtures\/slo-spec\/\S+\.yaml(:\d+:\d+)?:? /);
    }
  });

  it('reports files it cannot read, and files too large to read', () => {
    const big = join(scratch, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(1_048_576)}\n`);
    const run = ballast('slo', 'validate', 'no-such-file.yaml', FIXTURES, big);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        'no-such-file.yaml: cannot read the file: no such file',
        `${FIXTURES}: cannot read the file: a directory, not a file`,
        `${big}: the file is larger than 1048576 bytes: refused unread`,
        '',
      ].join('\n'),
    );
  });
});

describe('ballast dashboard and ballast rules', TIMEOUT, () => {
  it('writes the dashboard of the SLOs of spec files, as grafanaDashboard does', () => {
    const run = ballast('dashboard', '--slo', VALID[0]!, '--slo', VALID[2]!, '--title', 'Shop');
    expect([run.status, run.stderr]).toEqual([0, '']);
    const board = JSON.parse(run.stdout) as { title: string; panels: unknown[] };
    expect(board.title).toBe('Shop');
    golden('dashboard.json', run.stdout);
  });

  it('refuses an invalid spec with its problems, exit 1', () => {
    const run = ballast('dashboard', '--slo', INVALID[1]!);
    expect([run.status, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toContain('calendar-window.yaml:');
  });

  it('writes alerting rules that promtool accepts, to --out the same bytes', () => {
    const run = ballast(
      'rules',
      '--job',
      'checkout',
      '--runbook-url',
      'https://runbooks.example/b',
    );
    expect([run.status, run.stderr]).toEqual([0, '']);
    golden('rules.yml', run.stdout);
    const out = join(scratch, 'resilience.yml');
    expect(
      ballast(
        'rules',
        '--job',
        'checkout',
        '--runbook-url',
        'https://runbooks.example/b',
        '--out',
        out,
      ).status,
    ).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(run.stdout);
    if (promtool !== undefined) {
      const check = runPromtool(promtool, { 'rules.yml': run.stdout }, [
        'check',
        'rules',
        'rules.yml',
      ]);
      expect(check.ok, check.output).toBe(true);
    }
  });

  it('says which option value is wrong, exit 1', () => {
    const run = ballast('dashboard', '--uid', 'not a uid!');
    expect([run.status, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toMatch(/^ballast dashboard: .*uid/);
  });
});

describe('ballast usage', TIMEOUT, () => {
  it.each([
    ['help.txt', ['--help']],
    ['help-dashboard.txt', ['dashboard', '--help']],
    ['help-rules.txt', ['rules', '-h']],
    ['help-slo.txt', ['slo', '--help']],
    ['help-slo-generate.txt', ['slo', 'generate', '--help']],
    ['help-slo-validate.txt', ['slo', 'validate', '-h']],
  ])('%s: --help on every command, exit 0', (name, args) => {
    const run = ballast(...args);
    expect([run.status, run.stderr]).toEqual([0, '']);
    golden(name, run.stdout);
  });

  it.each([
    ['usage-none.txt', []],
    ['usage-unknown-command.txt', ['slo', 'generat', 'x.yaml']],
    ['usage-no-files.txt', ['slo', 'generate']],
    ['usage-bad-format.txt', ['slo', 'generate', '--format', 'xml', 'x.yaml']],
    ['usage-unknown-option.txt', ['slo', 'validate', '--strict', 'x.yaml']],
    ['usage-missing-value.txt', ['slo', 'generate', 'x.yaml', '--out']],
    [
      'usage-bad-name.txt',
      ['slo', 'generate', '--format', 'operator', '--name', 'My SLOs', VALID[0]!],
    ],
    ['usage-name-without-operator.txt', ['slo', 'generate', '--name', 'x', 'x.yaml']],
    ['usage-rules-positional.txt', ['rules', 'x.yaml']],
  ])('%s: wrong usage, exit 2 and the usage on standard error', (name, args) => {
    const run = ballast(...args);
    expect([run.status, run.stdout]).toEqual([2, '']);
    golden(name, run.stderr);
  });
});
