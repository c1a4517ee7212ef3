// The library's checks of hostile input: the wrong argument types, corrupt recordings and
// options out of range are refused with a message naming the place and showing the value.
import { describe, expect, it } from 'vitest';
import {
  backtest,
  parseAlertTiers,
  readTraffic,
  type RecordedTraffic,
} from '../../../src/simulator/index.js';
import { MAX_TRAFFIC_STEPS } from '../../../src/simulator/backtest/traffic-buckets.js';

const MINUTE = 60_000;

function traffic(): RecordedTraffic {
  return {
    source: 't',
    fromMs: 0,
    stepMs: MINUTE,
    good: [1000, 500, 1000],
    bad: [0, 500, 0],
    incidents: [],
  };
}

function prometheus(good: [number, string][], total: [number, string][]): string {
  return JSON.stringify({
    status: 'success',
    data: {
      resultType: 'matrix',
      result: [
        { metric: { s: 'good' }, values: good },
        { metric: { s: 'total' }, values: total },
      ],
    },
  });
}

describe('entry points check their main argument', () => {
  it.each([
    [
      'readTraffic(5)',
      () => readTraffic(5 as never),
      /^readTraffic: text must be a string .*got 5$/,
    ],
    [
      'parseAlertTiers(5)',
      () => parseAlertTiers(5 as never),
      /^parseAlertTiers: text must be a string .*got 5$/,
    ],
    [
      'backtest({})',
      () => backtest({} as never),
      /^traffic.source must be a string, got undefined$/,
    ],
    ['backtest(5)', () => backtest(5 as never), /^traffic must be a RecordedTraffic .*got 5$/],
  ])('%s is a TypeError naming the argument', (_name, call, message) => {
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  it('names a bad count in traffic', () => {
    expect(() => backtest({ ...traffic(), bad: [0, -1, 0] })).toThrow(
      'traffic.bad[1] must be a whole number >= 0, got -1',
    );
    expect(() => backtest({ ...traffic(), bad: [0] })).toThrow('one length, got 3 and 1');
  });
});

describe('incidentRule', () => {
  it('rejects an unknown key with the closest valid name', () => {
    expect(() =>
      backtest(traffic(), { incidents: 'derived', incidentRule: { minBurnrate: 2 } as never }),
    ).toThrow(
      'unknown option "incidentRule.minBurnrate" (did you mean "incidentRule.minBurnRate"?)',
    );
  });

  it.each([
    [{ minBurnRate: -1 }, 'incidentRule.minBurnRate must be a finite number > 0, got -1'],
    [{ minBurnRate: 0 }, 'incidentRule.minBurnRate must be a finite number > 0, got 0'],
    [{ mergeGapMs: -5 }, 'incidentRule.mergeGapMs must be a finite number >= 0, got -5'],
    [{ minBudget: 1.5 }, 'incidentRule.minBudget must be in [0, 1], got 1.5'],
    [{ minBudget: Number.NaN }, 'incidentRule.minBudget must be in [0, 1], got NaN'],
  ])('rejects %j', (rule, message) => {
    expect(() => backtest(traffic(), { incidents: 'derived', incidentRule: rule })).toThrow(
      RangeError,
    );
    expect(() => backtest(traffic(), { incidents: 'derived', incidentRule: rule })).toThrow(
      message,
    );
  });

  it('accepts the edges: no merging and no budget floor', () => {
    const result = backtest(traffic(), {
      incidents: 'derived',
      incidentRule: { minBurnRate: 2, mergeGapMs: 0, minBudget: 0 },
    });
    expect(result.incidents).toEqual([{ id: 'incident-1', fromMs: MINUTE, toMs: 2 * MINUTE }]);
  });
});

describe('strategies', () => {
  it('rejects two strategies of one name', () => {
    const one = parseAlertTiers('1x:10m');
    expect(() => backtest(traffic(), { strategies: [one, one] })).toThrow(
      'strategies[1].name repeats strategies[0].name ("1x:10m")',
    );
  });
});

describe('corrupt recordings', () => {
  it('refuses good and total series sampled at different times, naming the sample', () => {
    const text = prometheus(
      [
        [1767571200, '10'],
        [1767571260, '20'],
      ],
      [
        [1767571200, '10'],
        [1767571320, '30'],
      ],
    );
    expect(() => readTraffic(text, { format: 'prometheus' })).toThrow(
      '<input>: data.result[0].values[1][0]: is 1767571260, but data.result[1].values[1][0] is 1767571320',
    );
    const shorter = prometheus(
      [[1767571200, '10']],
      [
        [1767571200, '10'],
        [1767571260, '30'],
      ],
    );
    expect(() => readTraffic(shorter, { format: 'prometheus' })).toThrow(
      'data.result[0].values: holds 1 samples, data.result[1].values 2',
    );
  });

  it('refuses unsorted Prometheus samples, naming the position', () => {
    const text = prometheus(
      [
        [1767571260, '20'],
        [1767571200, '10'],
      ],
      [
        [1767571260, '30'],
        [1767571200, '10'],
      ],
    );
    expect(() => readTraffic(text, { format: 'prometheus' })).toThrow(
      'data.result[0].values[1][0]: must be later than the sample before (1767571260), got 1767571200',
    );
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-04-31T12:00:00Z',
    '2026-01-01T24:00:00Z',
    '2025-02-29T00:00Z',
  ])('refuses the impossible time %s', (time) => {
    expect(() => readTraffic(`timestamp,ok\n${time},1\n`, { source: 'a.csv' })).toThrow(
      `a.csv:2: column 1 (timestamp): is not a valid time: "${time}"`,
    );
  });

  it('reads a leap day', () => {
    expect(readTraffic('timestamp,ok\n2024-02-29T12:00:00Z,1\n').fromMs).toBe(
      Date.parse('2024-02-29T12:00:00Z'),
    );
  });

  it('refuses a step chosen longer than the recording', () => {
    const week = 'timestamp,ok\n2026-01-05T00:00:00Z,1\n2026-01-11T23:59:00Z,0\n';
    expect(() => readTraffic(week, { source: 'w.csv', stepMs: 8 * 86_400_000 })).toThrow(
      'w.csv: stepMs 691200000 is longer than the recording, which spans 604740000 ms (2026-01-05T00:00:00.000Z to 2026-01-11T23:59:00.000Z)',
    );
    expect(readTraffic(week, { stepMs: 86_400_000 }).good).toHaveLength(7);
  });
});

describe('very long recordings', () => {
  it('refuses a span of more steps than the limit, saying so exactly, before summing', () => {
    const text = 'timestamp,ok\n1000000000000,1\n1500000000000,0\n';
    const started = performance.now();
    expect(() => readTraffic(text, { source: 'h.csv' })).toThrow(
      'h.csv:3: column 1 (timestamp): the recording would span 500000000000 ms (2001-09-09T01:46:40.000Z to 2017-07-14T02:40:00.000Z), 8333335 steps of 60000 ms, more than 1000000: give a longer step',
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('takes the last step within the limit, and refuses the first past it', () => {
    const last = (MAX_TRAFFIC_STEPS - 1) * MINUTE;
    expect(() => readTraffic(`timestamp,ok\n0,1\n${last + MINUTE},1\n`)).toThrow(
      `${MAX_TRAFFIC_STEPS + 1} steps of 60000 ms, more than ${MAX_TRAFFIC_STEPS}`,
    );
    expect(() =>
      readTraffic(`timestamp,ok\n0,1\n${last},1\n`, { stepMs: MINUTE * 1000 }),
    ).not.toThrow();
  });
});
