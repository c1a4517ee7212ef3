import { describe, expect, it } from 'vitest';
import { TrafficFormatError, readNdjsonTraffic } from '../../../src/simulator/index.js';

describe('readNdjsonTraffic', () => {
  it('reads calls and aggregated rows; other fields are ignored', () => {
    const text = [
      '{"timestamp":1767571201000,"ok":true,"durationMs":12,"path":"/orders"}',
      '{"timestamp":"2026-01-05T00:00:30Z","ok":0,"count":4,"incident":"db"}',
      '',
      '{"timestamp":"1767571261000","ok":"true","count":"7"}',
    ].join('\n');
    const traffic = readNdjsonTraffic(text, { stepMs: 60_000 });
    expect(traffic.good).toEqual([1, 7]);
    expect(traffic.bad).toEqual([4, 0]);
    expect(traffic.incidents).toHaveLength(1);
  });

  it.each([
    ['{"timestamp":0,"ok":true}\n{"timestamp":0}\n', 2, 'ok', 'got undefined'],
    ['{"timestamp":-5,"ok":true}\n', 1, 'timestamp', 'got -5'],
    ['{"timestamp":0,"ok":true,"count":1.5}\n', 1, 'count', 'got 1.5'],
    ['{"timestamp":0,"ok":true,"incident":7}\n', 1, 'incident', 'must be a string'],
    ['{"timestamp":0,"ok":true}\n{oops\n', 2, undefined, 'is not JSON'],
    ['[1,2]\n', 1, undefined, 'must be an object'],
  ])('rejects %j at line %i, field %s', (text, line, field, problem) => {
    let caught: unknown;
    try {
      readNdjsonTraffic(text, { source: 'calls.ndjson' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TrafficFormatError);
    const error = caught as TrafficFormatError;
    expect([error.line, error.field]).toEqual([line, field]);
    expect(error.message).toContain(problem);
    expect(
      error.message.startsWith(`calls.ndjson:${line}: ${field === undefined ? '' : `${field}: `}`),
    ).toBe(true);
  });
});
