// One row of CSV or NDJSON into the buckets: shared, so that both formats accept the same values
// and word their errors alike.
import {
  parseCount,
  parseDuration,
  parseIncident,
  parseOk,
  parseTimestamp,
} from './call-fields.js';
import { TrafficFormatError } from './traffic-format-error.js';
import type { TrafficBuckets } from './traffic-buckets.js';

/** How a reader classifies calls. */
export interface RowOptions {
  /** Where the rows come from, for errors. */
  readonly source: string;
  /** A successful call slower than this is bad; `Infinity` for none. */
  readonly latencyThresholdMs: number;
}

/**
 * Reads one row's fields (`field(name)` is the raw value, or undefined when absent) and adds its
 * calls. `where(name)` names a field in errors: the field for NDJSON, the column for CSV.
 *
 * @throws TrafficFormatError naming `line` and the field.
 */
export function addCallRow(
  buckets: TrafficBuckets,
  field: (name: string) => unknown,
  where: (name: string) => string,
  line: number,
  options: RowOptions,
): void {
  const fail = (name: string, problem: string): never => {
    throw new TrafficFormatError(options.source, line, where(name), problem);
  };
  const timestamp = parseTimestamp(field('timestamp'));
  if (typeof timestamp === 'string') return fail('timestamp', timestamp);
  const ok = parseOk(field('ok'));
  if (typeof ok === 'string') return fail('ok', ok);
  const count = parseCount(field('count'));
  if (typeof count === 'string') return fail('count', count);
  const durationMs = parseDuration(field('durationMs'));
  if (typeof durationMs === 'string') return fail('durationMs', durationMs);
  const incident = parseIncident(field('incident'));
  if (typeof incident === 'object') return fail('incident', incident.problem);
  const tooLong = buckets.tooLong(timestamp);
  if (tooLong !== undefined) return fail('timestamp', tooLong);
  const good = ok && (durationMs === undefined || durationMs <= options.latencyThresholdMs);
  buckets.add(timestamp, good, count, incident);
}
