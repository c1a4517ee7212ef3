import { describe, expect, it } from 'vitest';
import {
  readPrometheusTraffic,
  readTraffic,
  TrafficFormatError,
} from '../../../src/simulator/index.js';

type Sample = [number, string];

function exportOf(...series: { metric: Record<string, string>; values: Sample[] }[]): string {
  return JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: series } });
}

const at = (seconds: number[], values: number[]): Sample[] =>
  seconds.map((s, i) => [s, String(values[i])]);

describe('readPrometheusTraffic', () => {
  it('turns counters into increases per step, the first sample setting the baseline', () => {
    const text = exportOf(
      { metric: { outcome: 'good' }, values: at([0, 60, 120], [1000, 1090, 1185]) },
      { metric: { outcome: 'all' }, values: at([0, 60, 120], [1010, 1110, 1210]) },
    );
    const traffic = readPrometheusTraffic(text);
    expect(traffic.fromMs).toBe(60_000);
    expect(traffic.good).toEqual([90, 95]);
    expect(traffic.bad).toEqual([10, 5]);
  });

  it('counts a counter reset as the whole later value, as increase() does', () => {
    // The process restarted between 60 s and 120 s: 1090 -> 40 is 40 new calls, not -1050.
    const text = exportOf(
      { metric: { code: '2xx' }, values: at([0, 60, 120, 180], [1000, 1090, 40, 100]) },
      { metric: { code: 'all' }, values: at([0, 60, 120, 180], [1000, 1100, 50, 115]) },
    );
    const traffic = readPrometheusTraffic(text, {
      goodSeries: 'code=2xx',
      totalSeries: 'code=all',
    });
    expect(traffic.good).toEqual([90, 40, 60]);
    expect(traffic.bad).toEqual([10, 10, 5]);
  });

  it('picks series by label, whatever their order', () => {
    const text = exportOf(
      { metric: { code: 'all' }, values: at([0, 60], [0, 10]) },
      { metric: { code: 'other' }, values: at([0, 60], [0, 99]) },
      { metric: { code: '2xx' }, values: at([0, 60], [0, 8]) },
    );
    const traffic = readTraffic(text, {
      source: 'q.json',
      goodSeries: 'code=2xx',
      totalSeries: 'code=all',
    });
    expect([traffic.good, traffic.bad]).toEqual([[8], [2]]);
  });

  it.each([
    [{ status: 'error' }, 'status', 'must be "success"'],
    [
      { status: 'success', data: { resultType: 'vector', result: [] } },
      'data.resultType',
      'range query',
    ],
    [
      { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [] }] } },
      'data.result',
      'holds 1 series',
    ],
    [
      {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [
            { metric: {}, values: [[0, '1']] },
            { metric: {}, values: [[0, 'NaN']] },
          ],
        },
      },
      'data.result[1].values[0][1]',
      'got "NaN"',
    ],
  ])('rejects %j at %s', (document, field, problem) => {
    let caught: unknown;
    try {
      readPrometheusTraffic(JSON.stringify(document), { source: 'q.json' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TrafficFormatError);
    expect((caught as TrafficFormatError).field).toBe(field);
    expect((caught as TrafficFormatError).message).toContain(problem);
  });
});
