import { describe, expect, it } from 'vitest';
import { isTrafficFormatError, readCsvTraffic } from '../../../src/simulator/index.js';

const T0 = Date.parse('2026-01-05T00:00:00Z');

function error(read: () => unknown): {
  message: string;
  line: number | undefined;
  field: string | undefined;
} {
  try {
    read();
  } catch (caught) {
    if (!isTrafficFormatError(caught)) throw caught;
    return { message: caught.message, line: caught.line, field: caught.field };
  }
  throw new Error('no error');
}

describe('readCsvTraffic', () => {
  it('sums rows into steps: counts, ISO and epoch times, 1/0 and true/false', () => {
    const text = [
      'timestamp,ok,count,incident',
      '2026-01-05T00:00:10Z,1,100,',
      `${T0 + 20_000},false,3,db`,
      '2026-01-05T00:01:00.500+00:00,true,,db',
      '',
      '# a comment',
      `${T0 + 180_000},0,2,`,
    ].join('\n');
    const traffic = readCsvTraffic(text, { source: 'x.csv' });
    expect(traffic).toEqual({
      source: 'x.csv',
      fromMs: T0,
      stepMs: 60_000,
      good: [100, 1, 0, 0],
      bad: [3, 0, 0, 2],
      incidents: [{ id: 'db', label: 'db', fromMs: T0, toMs: T0 + 120_000 }],
    });
  });

  it('counts a successful call slower than the latency threshold as bad; extra columns are ignored', () => {
    const text = 'host,timestamp,ok,durationMs\na,0,1,250\nb,1,1,300\nc,2,1,301\n';
    const traffic = readCsvTraffic(text, { latencyThresholdMs: 300 });
    expect([traffic.good, traffic.bad]).toEqual([[2], [1]]);
  });

  it('reads quoted fields, with commas and doubled quotes', () => {
    const text = 'timestamp,ok,incident\n0,0,"db, ""primary"""\r\n';
    expect(readCsvTraffic(text).incidents[0]!.id).toBe('db, "primary"');
  });

  it.each([
    ['timestamp,ok\n0,yes\n', 2, 'column 2 (ok)', 'must be true, false, 1 or 0, got "yes"'],
    ['timestamp,ok\n2026-01-05T00:00:00,1\n', 2, 'column 1 (timestamp)', 'needs a zone'],
    ['timestamp,ok\nyesterday,1\n', 2, 'column 1 (timestamp)', 'ISO 8601'],
    ['timestamp,ok,count\n0,1,2\n0,1,-3\n', 3, 'column 3 (count)', 'whole number >= 0, got "-3"'],
    ['timestamp,ok,durationMs\n0,1,fast\n', 2, 'column 3 (durationMs)', 'milliseconds'],
    ['timestamp,ok\n0,1,2\n', 2, undefined, 'has 3 fields, the header 2'],
    ['timestamp,ok,incident\n0,1,"db\n', 2, undefined, 'not closed'],
    ['time,ok\n0,1\n', 1, undefined, 'no timestamp column (is "time" it?)'],
  ])('rejects %j at line %i, field %s', (text, line, field, problem) => {
    const found = error(() => readCsvTraffic(text, { source: 'bad.csv' }));
    expect(found.line).toBe(line);
    expect(found.field).toBe(field);
    expect(found.message).toContain(problem);
    expect(found.message).toMatch(new RegExp(`^bad\\.csv:${line}: `));
  });

  it('rejects an empty file, and options it does not know', () => {
    expect(error(() => readCsvTraffic('\n# nothing\n')).message).toBe('<input>: is empty');
    expect(() => readCsvTraffic('timestamp,ok\n', { step: 1 } as never)).toThrow(
      /did you mean "stepMs"/,
    );
    expect(() => readCsvTraffic('timestamp,ok\n')).toThrow(/holds no calls/);
  });
});
