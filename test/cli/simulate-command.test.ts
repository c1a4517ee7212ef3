import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/cli/default-scenario.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { minimalScenario, readScenarioFile } from '../helpers/scenarios.js';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly written: ReadonlyMap<string, string>;
}

/** Runs `ballast simulate ...args` on files held in memory. */
async function simulate(files: Record<string, string>, ...args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const written = new Map<string, string>();
  const missing = (path: string) => Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
  const io: CliIo = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    size: (path) => {
      if (!(path in files)) throw missing(path);
      return files[path]!.length;
    },
    read: (path) => {
      if (!(path in files)) throw missing(path);
      return files[path]!;
    },
    write: (path, text) => void written.set(path, text),
  };
  const code = await main(['simulate', ...args], io);
  return { code, out, err, written };
}

const minimal = { 'minimal.json': JSON.stringify(minimalScenario()) };

describe('ballast simulate', () => {
  it('prints the summary of a scenario and exits 0', async () => {
    const run = await simulate(minimal, 'minimal.json');
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toContain('minimal');
  });

  it('prints the figures as JSON with --json, the seed of --seed included', async () => {
    const run = await simulate(minimal, 'minimal.json', '--json', '--seed', '7');
    expect(run.code).toBe(0);
    const figures = JSON.parse(run.out) as {
      variants: { summary: { requests: number }; series?: unknown }[];
    };
    expect(figures).toMatchObject({ scenario: 'minimal', seed: 7, durationMs: 120_000 });
    expect(figures.variants[0]).toMatchObject({ name: 'retry', layers: ['retry', 'breaker'] });
    expect(figures.variants[0]!.summary.requests).toBeGreaterThan(0);
    expect(figures.variants[0]!.series).toBeUndefined();
  });

  it('writes the HTML report to --out', async () => {
    const run = await simulate(minimal, 'minimal.json', '--out', 'report.html');
    expect(run.code).toBe(0);
    expect(run.written.get('report.html')).toMatch(/^<!doctype html>/);
  });

  it('reads YAML', async () => {
    const yaml =
      'name: y\nduration: 10s\ntraffic: 2\ndependency: { latency: 5ms }\nvariants: [{ name: bare }]\nslos: [{ name: a, objective: 0.99 }]\n';
    expect((await simulate({ 'y.yaml': yaml }, 'y.yaml')).code).toBe(0);
  });

  it('exits 1 naming the field path of an invalid scenario', async () => {
    const bad = structuredClone(minimalScenario());
    bad.variants[0]!.layers![0]!['retry']!['maxAttempts'] = -1;
    const run = await simulate({ 'bad.json': JSON.stringify(bad) }, 'bad.json');
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      'bad.json: variants[0].layers[0].retry.maxAttempts must be an integer >= 1',
    );
  });

  it('exits 1 for a missing file or invalid JSON', async () => {
    expect((await simulate({}, 'nope.yaml')).err).toContain(
      'nope.yaml: cannot read the file: no such file',
    );
    const run = await simulate({ 'x.json': '{' }, 'x.json');
    expect(run.code).toBe(1);
    expect(run.err).toContain('x.json: not valid JSON');
  });

  it('exits 1 with one line when a layer retries without delay and time stands still', async () => {
    const spinning = {
      ...minimalScenario(),
      duration: '1m',
      dependency: { errorRate: 1, latency: 0, phases: [] },
      variants: [
        {
          name: 'spinning',
          layers: [{ retry: { maxAttempts: 1e9, backoff: { type: 'constant', delayMs: 0 } } }],
        },
      ],
    };
    const run = await simulate({ 's.json': JSON.stringify(spinning) }, 's.json');
    expect(run).toMatchObject({ code: 1, out: '' });
    expect(run.err).toMatch(
      /^ballast simulate: the simulation stalled at [\d.]+ ms of virtual time in variant "spinning": .*re-arms without delay.*\n$/,
    );
    expect(run.err.split('\n')).toHaveLength(2);
  }, 60_000);

  it('reads --help after --out as its missing value, not as a request for help; a file after --', async () => {
    const missing = await simulate(minimal, 'minimal.json', '--out', '--help');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^ballast simulate: option --out needs a value\n/);
    const run = await simulate(minimal, 'minimal.json', '--out=--help');
    expect(run).toMatchObject({ code: 0, err: '' });
    expect([...run.written.keys()]).toEqual(['--help']);
    const after = await simulate(minimal, '--', '--help');
    expect(after.code).toBe(1);
    expect(after.err).toContain('--help: cannot read the file: no such file');
    expect((await simulate(minimal, 'minimal.json', '--json', '-h')).out).toContain('Usage:');
  });

  it.each([
    [['--seed', 'abc'], '--seed must be a whole number >= 0'],
    [['--seed', '-1'], '--seed must be a whole number >= 0, got "-1"'],
    [['--seed=-1'], '--seed must be a whole number >= 0, got "-1"'],
    [['a.yaml', 'b.yaml'], 'give at most one scenario file'],
    [['--frobnicate'], 'unknown option --frobnicate'],
  ])('exits 2 on wrong usage: %j', async (args, message) => {
    const run = await simulate(minimal, ...args);
    expect(run.code).toBe(2);
    expect(run.err).toContain(message);
  });

  it('runs scenarios/retry-storm.yaml by default: the built-in scenario is that file', () => {
    expect(defaultScenario).toEqual(readScenarioFile('retry-storm.yaml'));
  });
});
