import { show } from '../../internal/validate.js';
import { resolveReadOptions, type ReadTrafficOptions } from './read-options.js';
import type { RecordedTraffic } from './recorded-traffic.js';
import { TrafficBuckets } from './traffic-buckets.js';
import { TrafficFormatError } from './traffic-format-error.js';

/**
 * Options of {@link readPrometheusTraffic}: which series counts the good calls and which all of
 * them, each as a `label=value` matcher (`__name__=http_requests_total`, `code=2xx`). Without
 * matchers, the export must hold exactly two series: the first is good, the second total.
 *
 * @example
 * ```ts
 * const options: PrometheusReadOptions = { goodSeries: 'outcome=good', totalSeries: 'outcome=all' };
 * ```
 */
export interface PrometheusReadOptions extends ReadTrafficOptions {
  /** The series of good calls. @default the first series */
  readonly goodSeries?: string;
  /** The series of all calls. @default the second series */
  readonly totalSeries?: string;
}

interface Series {
  readonly metric: Record<string, unknown>;
  readonly values: unknown;
}

/**
 * Reads a Prometheus range query's JSON export (`/api/v1/query_range`, `resultType: 'matrix'`) of
 * two counters: good calls and all calls. A counter's increase between two samples goes to the
 * step of the later one; a fall is a counter reset and counts as the whole later value, as
 * Prometheus' `increase` reads it (without its extrapolation to the range's edges). Increases are
 * rounded to whole calls; a step whose good increase exceeds its total (samples scraped apart)
 * counts no bad call. The first sample of each series only sets the baseline.
 *
 * @throws TrafficFormatError naming the JSON path at fault.
 *
 * @example
 * ```ts
 * const traffic = readPrometheusTraffic(JSON.stringify(response), { goodSeries: 'code=2xx', totalSeries: 'code=all' });
 * ```
 */
export function readPrometheusTraffic(
  text: string,
  options?: PrometheusReadOptions,
): RecordedTraffic {
  const resolved = resolveReadOptions(options, ['goodSeries', 'totalSeries']);
  const { source } = resolved;
  const fail = (field: string | undefined, problem: string): never => {
    throw new TrafficFormatError(source, undefined, field, problem);
  };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    fail(undefined, `is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const root = document as { status?: unknown; data?: { resultType?: unknown; result?: unknown } };
  if (typeof root !== 'object' || root === null) fail(undefined, 'must be a JSON object');
  if (root.status !== 'success') fail('status', `must be "success", got ${show(root.status)}`);
  if (typeof root.data !== 'object' || root.data === null) fail('data', 'must be an object');
  if (root.data!.resultType !== 'matrix') {
    fail('data.resultType', `must be "matrix" (a range query), got ${show(root.data!.resultType)}`);
  }
  const result = root.data!.result;
  if (!Array.isArray(result)) fail('data.result', `must be an array, got ${show(result)}`);
  const series = result as unknown[];
  series.forEach((entry, i) => {
    const ok =
      typeof entry === 'object' && entry !== null && 'metric' in entry && 'values' in entry;
    if (!ok) fail(`data.result[${i}]`, 'must be an object with metric and values');
  });
  const good = pick(series as Series[], options?.goodSeries, 0, 'goodSeries', fail);
  const total = pick(series as Series[], options?.totalSeries, 1, 'totalSeries', fail);
  if (good === total)
    fail('data.result', `goodSeries and totalSeries match the same series (result[${good}])`);
  const goodIncreases = increases(series[good] as Series, `data.result[${good}]`, fail);
  const totalIncreases = increases(series[total] as Series, `data.result[${total}]`, fail);
  const buckets = new TrafficBuckets(resolved.stepMs);
  for (const [at, all] of totalIncreases) {
    const ok = Math.min(goodIncreases.get(at) ?? 0, all);
    buckets.add(at, true, ok, undefined);
    buckets.add(at, false, all - ok, undefined);
  }
  return buckets.finish(source);
}

/** The index of the series `matcher` (`label=value`) picks, or `fallback` without a matcher. */
function pick(
  series: readonly Series[],
  matcher: string | undefined,
  fallback: number,
  option: string,
  fail: (field: string | undefined, problem: string) => never,
): number {
  if (matcher === undefined) {
    if (series.length !== 2) {
      fail(
        'data.result',
        `holds ${series.length} series: give ${option} (label=value) to pick one, or export exactly two (good, then total)`,
      );
    }
    return fallback;
  }
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(matcher);
  if (match === null) throw new TypeError(`${option} must be label=value, got ${show(matcher)}`);
  const [, label, value] = match as unknown as [string, string, string];
  const found = series.flatMap((s, i) => (s.metric?.[label] === value ? [i] : []));
  if (found.length !== 1) {
    fail('data.result', `${option} ${matcher} matches ${found.length} series, not one`);
  }
  return found[0]!;
}

/** Per sample time (ms), the counter's increase since the sample before, resets counted whole. */
function increases(
  series: Series,
  path: string,
  fail: (field: string | undefined, problem: string) => never,
): Map<number, number> {
  if (!Array.isArray(series.values)) fail(`${path}.values`, 'must be an array');
  const samples = (series.values as unknown[]).map((sample, i) => {
    const at = `${path}.values[${i}]`;
    if (!Array.isArray(sample) || sample.length !== 2) fail(at, 'must be [time, "value"]');
    const [time, text] = sample as [unknown, unknown];
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
      fail(`${at}[0]`, `must be a Unix time in seconds, got ${show(time)}`);
    }
    const value = typeof text === 'string' && text.trim() !== '' ? Number(text) : Number.NaN;
    if (!Number.isFinite(value) || value < 0) {
      fail(`${at}[1]`, `must be a counter's value (a number >= 0 as text), got ${show(text)}`);
    }
    return { ms: Math.round(time * 1000), value };
  });
  samples.sort((a, b) => a.ms - b.ms);
  const result = new Map<number, number>();
  for (let i = 1; i < samples.length; i++) {
    const { ms, value } = samples[i]!;
    const before = samples[i - 1]!.value;
    const increase = value >= before ? value - before : value;
    result.set(ms, (result.get(ms) ?? 0) + Math.round(increase));
  }
  return result;
}
