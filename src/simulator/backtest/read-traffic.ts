import { show } from '../../internal/validate.js';
import { readCsvTraffic } from './read-csv.js';
import { readNdjsonTraffic } from './read-ndjson.js';
import { assertText } from './read-options.js';
import { readPrometheusTraffic, type PrometheusReadOptions } from './read-prometheus.js';
import type { RecordedTraffic } from './recorded-traffic.js';

/** The formats {@link readTraffic} reads. */
export type TrafficFormat = 'csv' | 'ndjson' | 'prometheus';

/**
 * Options of {@link readTraffic}.
 *
 * @example
 * ```ts
 * const options: ReadAnyTrafficOptions = { source: 'export.json', format: 'prometheus', goodSeries: 'code=2xx' };
 * ```
 */
export interface ReadAnyTrafficOptions extends PrometheusReadOptions {
  /** The format; detected from `source`'s extension, then from the content, when absent. */
  readonly format?: TrafficFormat;
}

/**
 * The format of `text`: by the extension of `source` (`.csv`; `.ndjson`, `.jsonl`; `.json` for a
 * Prometheus export), else by its content: text starting with `{` is NDJSON when its first line is
 * a JSON object without `status` or `data`, else a Prometheus export; anything else is CSV.
 *
 * @example
 * ```ts
 * detectTrafficFormat('{"timestamp":0,"ok":true}\n'); // 'ndjson'
 * ```
 */
export function detectTrafficFormat(text: string, source = ''): TrafficFormat {
  assertText(text, 'detectTrafficFormat');
  const extension = /\.([a-z]+)$/i.exec(source)?.[1]?.toLowerCase();
  if (extension === 'csv') return 'csv';
  if (extension === 'ndjson' || extension === 'jsonl') return 'ndjson';
  if (extension === 'json') return 'prometheus';
  const start = text.trimStart();
  if (!start.startsWith('{')) return 'csv';
  // NDJSON's first line is a whole call; a Prometheus export (one line or pretty-printed) is not.
  const end = start.indexOf('\n');
  let first: unknown;
  try {
    first = JSON.parse(end === -1 ? start : start.slice(0, end));
  } catch {
    return 'prometheus';
  }
  const isExport =
    typeof first === 'object' && first !== null && ('status' in first || 'data' in first);
  return isExport ? 'prometheus' : 'ndjson';
}

/**
 * Reads recorded calls in any supported format (CSV, NDJSON or a Prometheus range-query export),
 * detected unless `format` says. See {@link readCsvTraffic}, {@link readNdjsonTraffic} and
 * {@link readPrometheusTraffic} for each format's fields.
 *
 * @throws TrafficFormatError naming the line (or JSON path) and the field at fault.
 *
 * @example
 * ```ts
 * const traffic = readTraffic(readFileSync('samples/checkout-week.csv', 'utf8'), { source: 'checkout-week.csv' });
 * const result = backtest(traffic);
 * ```
 */
export function readTraffic(text: string, options?: ReadAnyTrafficOptions): RecordedTraffic {
  assertText(text, 'readTraffic');
  const { format: given, ...rest } = options ?? {};
  const format = given ?? detectTrafficFormat(text, rest.source);
  switch (format) {
    case 'csv':
    case 'ndjson': {
      const { goodSeries, totalSeries, ...lines } = rest;
      if (goodSeries !== undefined || totalSeries !== undefined) {
        throw new TypeError(
          `goodSeries and totalSeries go with the prometheus format, not ${format}`,
        );
      }
      return format === 'csv' ? readCsvTraffic(text, lines) : readNdjsonTraffic(text, lines);
    }
    case 'prometheus':
      return readPrometheusTraffic(text, rest);
    default:
      throw new TypeError(`format must be csv, ndjson or prometheus, got ${show(given)}`);
  }
}
