// `ballast backtest` in-process: exit codes, what it prints and what it writes.
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../helpers/memory-io.js';

const SAMPLE = 'samples/checkout-week.csv';
const POLICY = 'test/fixtures/slo-spec/openslo-alert-policy.yaml';
const SMALL =
  'timestamp,ok,count\n2026-01-05T00:00:00Z,1,1000\n2026-01-05T00:01:00Z,0,500\n2026-01-05T00:02:00Z,1,1000\n';

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
});
