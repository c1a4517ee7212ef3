import { describe, expect, it } from 'vitest';
import { detectTrafficFormat, readTraffic } from '../../../src/simulator/index.js';

describe('detectTrafficFormat', () => {
  it('goes by the extension, then by the content', () => {
    expect(detectTrafficFormat('', 'a.CSV')).toBe('csv');
    expect(detectTrafficFormat('', 'a.jsonl')).toBe('ndjson');
    expect(detectTrafficFormat('', 'a.json')).toBe('prometheus');
    expect(detectTrafficFormat('timestamp,ok\n')).toBe('csv');
    expect(detectTrafficFormat('{"timestamp":0,"ok":true}\n')).toBe('ndjson');
    expect(detectTrafficFormat(' {"status":"success","data":{}}')).toBe('prometheus');
    expect(detectTrafficFormat('{\n  "status": "success",\n  "data": {}\n}\n')).toBe('prometheus');
  });
});

describe('readTraffic', () => {
  it('reads the format it is told, whatever the extension', () => {
    const traffic = readTraffic('{"timestamp":0,"ok":false}\n', {
      source: 'calls.txt',
      format: 'ndjson',
    });
    expect(traffic.bad).toEqual([1]);
  });

  it('rejects series options for line formats, and unknown formats', () => {
    expect(() => readTraffic('timestamp,ok\n0,1\n', { goodSeries: 'a=b' })).toThrow(
      /prometheus format/,
    );
    expect(() => readTraffic('', { format: 'xml' as never })).toThrow(
      /format must be csv, ndjson or prometheus, got "xml"/,
    );
  });
});
