import { show } from '../../internal/validate.js';
import { addCallRow } from './add-call-row.js';
import { eachLine } from './each-line.js';
import { assertText, resolveReadOptions, type ReadTrafficOptions } from './read-options.js';
import type { RecordedTraffic } from './recorded-traffic.js';
import { assertStepFits, TrafficBuckets } from './traffic-buckets.js';
import { TrafficFormatError } from './traffic-format-error.js';

/**
 * Reads recorded calls from NDJSON (JSON Lines): one object per line, a call or `count` identical
 * calls. Fields: `timestamp` (epoch ms, as a number or digits, or ISO 8601 with a zone) and `ok`
 * (`true`/`false`/`1`/`0`) required; `durationMs`, `count` and `incident` optional; others are
 * ignored (log lines carry more). Blank lines are skipped.
 *
 * @throws TrafficFormatError naming the line and field at fault.
 *
 * @example
 * ```ts
 * const traffic = readNdjsonTraffic('{"timestamp":1767571200000,"ok":false,"durationMs":30}\n');
 * traffic.bad; // [1]
 * ```
 */
export function readNdjsonTraffic(text: string, options?: ReadTrafficOptions): RecordedTraffic {
  assertText(text, 'readNdjsonTraffic');
  const resolved = resolveReadOptions(options);
  const { source } = resolved;
  const buckets = new TrafficBuckets(resolved.stepMs);
  eachLine(text, (line, number) => {
    if (line.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new TrafficFormatError(source, number, undefined, `is not JSON: ${reason}`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new TrafficFormatError(
        source,
        number,
        undefined,
        `must be an object, got ${show(row)}`,
      );
    }
    const fields = row as Record<string, unknown>;
    addCallRow(
      buckets,
      (name) => (Object.hasOwn(fields, name) ? fields[name] : undefined),
      (name) => name,
      number,
      resolved,
    );
  });
  assertStepFits(source, options?.stepMs, buckets.span);
  return buckets.finish(source);
}
