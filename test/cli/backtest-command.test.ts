// `ballast backtest` in-process: exit codes, what it prints and what it writes.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../helpers/memory-io.js';

const SAMPLE = 'samples/checkout-week.csv';
const POLICY = 'test/fixtures/slo-spec/openslo-alert-policy.yaml';
const SMALL =
  'timestamp,ok,count\n2026-01-05T00:00:00Z,1,1000\n2026-01-05T00:01:00Z,0,500\n2026-01-05T00:02:00Z,1,1000\n';

const MISMATCH = JSON.stringify({
  status: 'success',
  data: {
    resultType: 'matrix',
    result: [
      {
        metric: { s: 'good' },
        values: [
          [1767571200, '10'],
          [1767571260, '20'],
        ],
      },
      {
        metric: { s: 'total' },
        values: [
          [1767571200, '10'],
          [1767571320, '30'],
        ],
      },
    ],
  },
});

function run(args: string[], files: Record<string, string> = {}) {
  const io = memoryIo(files);
  const code = main(['backtest', ...args], io);
  if (typeof code !== 'number') throw new Error('backtest runs synchronously');
  return { code, out: io.stdout(), err: io.stderr(), files: io.files };
}

describe('ballast backtest', () => {
  it('prints the summary of every default strategy and writes the HTML report', () => {
    const { code, out, err, files } = run(['--events', 'small.csv', '--out', 'report.html'], {
      'small.csv': SMALL,
    });
    expect([code, err]).toEqual([0, '']);
    expect(out).toContain('multiwindow, multi-burn-rate');
    expect(out).toContain('error rate > 0.1 %');
    expect(files.get('report.html')).toMatch(/^<!doctype html>/);
  });

  it('prints the figures as JSON without the per-step series', () => {
    const { code, out } = run([
      '--events',
      SAMPLE,
      '--json',
      '--alerts',
      '14.4x:1h/5m',
      '--alerts',
      '1x:10m',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out) as Record<string, unknown> & {
      strategies: { name: string; detected: number }[];
    };
    expect(result['requests']).toBeUndefined();
    expect(result['events']).toBe(6_048_777);
    expect(result.strategies.map((s) => [s.name, s.detected])).toEqual([
      ['14.4x:1h/5m', 1],
      ['1x:10m', 3],
    ]);
  });

  it("takes the objective from a spec and adds the spec's tiers as one more strategy", () => {
    const { code, out } = run(['--events', SAMPLE, '--slo', POLICY, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      slo: { name: string; objective: number };
      strategies: { name: string }[];
    };
    expect(result.slo).toMatchObject({ name: 'success', objective: 0.995 });
    expect(result.strategies.map((s) => s.name)).toEqual([
      'multiwindow, multi-burn-rate',
      'single window burn rate',
      'error rate > 0.5 %',
      'success (spec tiers)',
    ]);
  });

  it('exits 1 on invalid input, naming the line and the field', () => {
    const bad = run(['--events', 'bad.csv'], { 'bad.csv': 'timestamp,ok\n0,1\n0,maybe\n' });
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      'ballast backtest: bad.csv:3: column 2 (ok): must be true, false, 1 or 0, got "maybe"\n',
    );
    const missing = run(['--events', 'nowhere.csv']);
    expect(missing).toMatchObject({
      code: 1,
      err: 'ballast backtest: cannot read nowhere.csv: no such file\n',
    });
    const several = run(['--events', SAMPLE, '--slo', 'test/fixtures/slo-spec/sloth-multi.yaml']);
    expect(several.code).toBe(1);
    expect(several.err).toContain('give --slo-name');
  });

  it.each([
    [[], '--events <file> is required'],
    [
      ['--events', SAMPLE, '--alerts', '14.4:1h/5m'],
      '--alerts: "14.4:1h/5m" must be <rate>x:<long>/<short>',
    ],
    [['--events', SAMPLE, '--alerts', '6x:5m/1h'], 'the short window must be shorter'],
    [['--events', SAMPLE, '--format', 'xml'], '--format must be csv, ndjson, prometheus'],
    [['--events', SAMPLE, '--step', '1M'], '--step months vary in length'],
    [['--events', SAMPLE, '--objective', '99.9'], '--objective must be in (0, 1)'],
    [['--events', SAMPLE, '--slo', POLICY, '--objective', '0.99'], 'exclude each other'],
    [['--events', SAMPLE, '--bogus'], 'unknown option --bogus'],
  ])('exits 2 on wrong usage: %j', (args, message) => {
    const { code, err } = run(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: ballast backtest');
  });

  it.each([
    [['--events', SAMPLE, '--good-series', 'a=b'], 'reads as csv'],
    [['--events', SAMPLE, '--total-series', 'a=b'], 'reads as csv'],
    [['--events', SAMPLE, '--format', 'csv', '--good-series', 'a=b'], 'not csv'],
    [
      ['--events', SAMPLE, '--alerts', '-1x:1h'],
      '--alerts: "-1x:1h": the burn rate must be > 0, got -1',
    ],
    [['--events', SAMPLE, '--grace', '-1h'], '--grace must not be negative, got -1h'],
    [['--events', SAMPLE, '--grace=-1h'], '--grace must not be negative, got -1h'],
    [['--events', SAMPLE, '--step', '0s'], '--step must be longer than 0, got "0s"'],
    [['--events', SAMPLE, '--step', '0'], 'got "0"'],
    [
      ['--events', SAMPLE, '--alerts', '14.4x:100w'],
      "--alerts 14.4x:100w: strategy.windowMs must be at most the SLO's period (2592000000), got 60480000000",
    ],
    [
      ['--events', SAMPLE, '--alerts', '1x:10m', '--alerts', '1x:10m'],
      '--alerts 1x:10m is given twice',
    ],
  ])('exits 2 with one line and the usage, never a stack: %j', (args, message) => {
    const { code, err } = run(args);
    expect(code).toBe(2);
    const [first] = err.split('\n');
    expect(first).toMatch(/^ballast backtest: /);
    expect(first).toContain(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('accepts a grace of 0', () => {
    const { code, out } = run(['--events', 'small.csv', '--grace', '0', '--json'], {
      'small.csv': SMALL,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ stepMs: 60_000 });
  });

  it.each([
    ['mismatch.json', MISMATCH, 'data.result[0].values[1][0]: is 1767571260'],
    [
      'feb30.csv',
      'timestamp,ok\n2026-02-30T00:00:00Z,1\n',
      'is not a valid time: "2026-02-30T00:00:00Z"',
    ],
    [
      'huge.csv',
      'timestamp,ok\n0,1\n9000000000000,0\n',
      '150000001 steps of 60000 ms, more than 1000000',
    ],
  ])('exits 1 with one line on the corrupt %s', (name, text, message) => {
    const { code, err } = run(['--events', name], { [name]: text });
    expect(code).toBe(1);
    expect(err.startsWith(`ballast backtest: ${name}`)).toBe(true);
    expect(err).toContain(message);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a step longer than the recording', () => {
    const { code, err } = run(['--events', SAMPLE, '--step', '8d']);
    expect(code).toBe(1);
    expect(err).toContain(
      'stepMs 691200000 is longer than the recording, which spans 604740000 ms',
    );
  });

  it("prefixes a spec's problems with the command", () => {
    const { code, err } = run(['--events', SAMPLE, '--slo', 'bad.yaml'], { 'bad.yaml': 'a: [\n' });
    expect(code).toBe(1);
    for (const line of err.trimEnd().split('\n')) expect(line).toMatch(/^ballast backtest: /);
  });
});
