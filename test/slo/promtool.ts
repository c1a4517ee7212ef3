// Finds promtool (Debian's `prometheus` package) for the rule-file tests, and runs it.

import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** promtool's path on PATH, or undefined. */
export function findPromtool(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'promtool');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface PromtoolResult {
  readonly ok: boolean;
  readonly output: string;
}

/** Writes `files` into a fresh temp directory, runs promtool there with `args`, cleans up. */
export function runPromtool(
  promtool: string,
  files: Readonly<Record<string, string>>,
  args: readonly string[],
): PromtoolResult {
  const dir = mkdtempSync(join(tmpdir(), 'ballast-slo-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    try {
      const output = execFileSync(promtool, args, {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 20_000,
      });
      return { ok: true, output };
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; message: string };
      return {
        ok: false,
        output: `${failure.stdout ?? ''}${failure.stderr ?? ''}${failure.message}`,
      };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const promtool = findPromtool();

/**
 * The timeout of a test that runs promtool: a process of its own that loads and evaluates rules,
 * a second or two on a quiet machine and several when the test files run side by side.
 */
export const PROMTOOL_TIMEOUT = { timeout: 30_000 } as const;

/** Why the promtool tests are skipped, or undefined when they run. Throws in CI without promtool. */
export function promtoolSkipReason(): string | undefined {
  if (promtool !== undefined) return undefined;
  return 'promtool is not on PATH: install Debian\'s "prometheus" package to run the rule-file tests';
}

/** The opening of a `promtool test rules` file: one test over `rules.yml`, one sample a minute. */
export const PROMTOOL_TEST_HEAD: readonly string[] = [
  'rule_files:',
  '  - rules.yml',
  'evaluation_interval: 1m',
  'tests:',
  '  - interval: 1m',
  '    input_series:',
];
