import { closest } from '../../internal/validate.js';
import { addCallRow } from './add-call-row.js';
import { CALL_FIELDS } from './call-fields.js';
import { eachLine } from './each-line.js';
import type { RecordedTraffic } from './recorded-traffic.js';
import { assertStepFits, TrafficBuckets } from './traffic-buckets.js';
import { TrafficFormatError } from './traffic-format-error.js';
import { assertText, resolveReadOptions, type ReadTrafficOptions } from './read-options.js';

/**
 * Reads recorded calls from CSV: a header line naming the columns, then one call (or `count`
 * identical calls) per line. Columns: `timestamp` (epoch ms or ISO 8601 with a zone) and `ok`
 * (`true`/`false`/`1`/`0`) required; `durationMs`, `count` and `incident` optional; others are
 * ignored. Fields may be quoted (`"a, b"`, `""` for a quote). Blank lines and lines starting
 * with `#` are skipped.
 *
 * @throws TrafficFormatError naming the line and column at fault.
 *
 * @example
 * ```ts
 * const traffic = readCsvTraffic('timestamp,ok,count\n2026-01-05T00:00:00Z,1,980\n2026-01-05T00:00:00Z,0,20\n');
 * traffic.good; // [980]
 * ```
 */
export function readCsvTraffic(text: string, options?: ReadTrafficOptions): RecordedTraffic {
  assertText(text, 'readCsvTraffic');
  const resolved = resolveReadOptions(options);
  const { source } = resolved;
  const buckets = new TrafficBuckets(resolved.stepMs);
  let columns: Map<string, number> | undefined;
  eachLine(text, (line, number) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    const cells = splitCsvLine(line);
    if (typeof cells === 'string') throw new TrafficFormatError(source, number, undefined, cells);
    if (columns === undefined) {
      columns = header(cells, source, number);
      return;
    }
    if (cells.length !== columns.size) {
      throw new TrafficFormatError(
        source,
        number,
        undefined,
        `has ${cells.length} fields, the header ${columns.size}`,
      );
    }
    const known = columns;
    addCallRow(
      buckets,
      (name) => {
        const index = known.get(name);
        return index === undefined ? undefined : cells[index]!.trim();
      },
      (name) => `column ${known.get(name)! + 1} (${name})`,
      number,
      resolved,
    );
  });
  if (columns === undefined) throw new TrafficFormatError(source, undefined, undefined, 'is empty');
  assertStepFits(source, options?.stepMs, buckets.span);
  return buckets.finish(source);
}

function header(cells: readonly string[], source: string, line: number): Map<string, number> {
  const columns = new Map<string, number>();
  cells.forEach((cell, index) => {
    const name = cell.trim();
    if (columns.has(name)) {
      throw new TrafficFormatError(source, line, `column ${index + 1}`, `repeats ${name}`);
    }
    columns.set(name, index);
  });
  for (const required of ['timestamp', 'ok']) {
    if (columns.has(required)) continue;
    const near = closest(required, [...columns.keys()]);
    const hint = near !== '' && !CALL_FIELDS.includes(near as never) ? ` (is "${near}" it?)` : '';
    throw new TrafficFormatError(
      source,
      line,
      undefined,
      `the header has no ${required} column${hint}: expected ${CALL_FIELDS.join(', ')}`,
    );
  }
  return columns;
}

/** The fields of one CSV line, or what is wrong with its quotes. */
export function splitCsvLine(line: string): string[] | string {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote === -1) return `column ${cells.length + 1}: a quoted field is not closed`;
        cell += line.slice(i, quote);
        i = quote + 1;
        if (line[i] !== '"') break;
        cell += '"';
        i++;
      }
      cells.push(cell);
      if (i < line.length && line[i] !== ',') {
        return `column ${cells.length}: text after a quoted field's closing quote`;
      }
    } else {
      const comma = line.indexOf(',', i);
      cells.push(line.slice(i, comma === -1 ? line.length : comma));
      i = comma === -1 ? line.length : comma;
    }
    if (i >= line.length) return cells;
    i++; // the comma
  }
}
