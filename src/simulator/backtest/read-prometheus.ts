import { show } from '../../internal/validate.js';
import { assertText, resolveReadOptions, type ReadTrafficOptions } from './read-options.js';
import type { RecordedTraffic } from './recorded-traffic.js';
import { assertStepFits, TrafficBuckets } from './traffic-buckets.js';
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
 * two counters: good calls and all calls, sampled at the same times and in time order (as one
 * range query returns them; anything else is refused, not aligned). A counter's increase between two samples goes to the
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
  assertText(text, 'readPrometheusTraffic');
  const resolved = resolveReadOptions(options, ['goodSeries', 'totalSeries']);
  const { source } = resolved;
  const fail = (field: string | undefined, problem: string): never => {
    throw new TrafficFormatError(source, undefined, field, problem);
  };
  const series = seriesOf(text, fail);
  const good = pick(series, options?.goodSeries, 0, 'goodSeries', fail);
  const total = pick(series, options?.totalSeries, 1, 'totalSeries', fail);
  if (good === total) {
    fail('data.result', `goodSeries and totalSeries match the same series (result[${good}])`);
  }
  const goodSamples = samplesOf(series[good]!, `data.result[${good}]`, fail);
  const totalSamples = samplesOf(series[total]!, `data.result[${total}]`, fail);
  alignedOrFail(goodSamples, totalSamples, good, total, fail);
  const goodIncreases = increases(goodSamples);
  const buckets = new TrafficBuckets(resolved.stepMs);
  for (const [at, all] of increases(totalSamples)) {
    const ok = Math.min(goodIncreases.get(at) ?? 0, all);
    buckets.add(at, true, ok, undefined);
    buckets.add(at, false, all - ok, undefined);
  }
  const first = totalSamples[0];
  const last = totalSamples.at(-1);
  if (first !== undefined && last !== undefined) {
    assertStepFits(source, options?.stepMs, { fromMs: first.ms, toMs: last.ms });
  }
  return buckets.finish(source);
}

type Fail = (field: string | undefined, problem: string) => never;

/** The series of a range query's response, checked down to each one's `metric` and `values`. */
function seriesOf(text: string, fail: Fail): Series[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return fail(
      undefined,
      `is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof document !== 'object' || document === null) {
    return fail(undefined, 'must be a JSON object');
  }
  const { status, data } = document as { status?: unknown; data?: unknown };
  if (status !== 'success') return fail('status', `must be "success", got ${show(status)}`);
  if (typeof data !== 'object' || data === null) return fail('data', 'must be an object');
  const { resultType, result } = data as { resultType?: unknown; result?: unknown };
  if (resultType !== 'matrix') {
    return fail('data.resultType', `must be "matrix" (a range query), got ${show(resultType)}`);
  }
  if (!Array.isArray(result)) return fail('data.result', `must be an array, got ${show(result)}`);
  result.forEach((entry: unknown, i) => {
    const ok =
      typeof entry === 'object' && entry !== null && 'metric' in entry && 'values' in entry;
    if (!ok) fail(`data.result[${i}]`, 'must be an object with metric and values');
  });
  return result as Series[];
}

/** The index of the series `matcher` (`label=value`) picks, or `fallback` without a matcher. */
function pick(
  series: readonly Series[],
  matcher: string | undefined,
  fallback: number,
  option: string,
  fail: Fail,
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

interface Sample {
  readonly ms: number;
  readonly value: number;
}

/** A series' samples, checked: each a time and a counter value, times strictly increasing. */
function samplesOf(series: Series, path: string, fail: Fail): Sample[] {
  if (!Array.isArray(series.values)) fail(`${path}.values`, 'must be an array');
  let before = Number.NEGATIVE_INFINITY;
  return (series.values as unknown[]).map((sample, i) => {
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
    const ms = Math.round(time * 1000);
    // Prometheus exports samples in time order: any other order is a corrupt or edited file, and
    // sorting it would read the disorder as counter resets.
    if (ms <= before) {
      fail(
        `${at}[0]`,
        `must be later than the sample before (${before / 1000}), got ${show(time)}: samples must be in time order`,
      );
    }
    before = ms;
    return { ms, value };
  });
}

/**
 * Fails unless both series were sampled at the same times, as one range query samples them:
 * increases over different intervals cannot be compared, and would read as bad calls.
 */
function alignedOrFail(
  good: readonly Sample[],
  total: readonly Sample[],
  goodIndex: number,
  totalIndex: number,
  fail: Fail,
): void {
  const length = Math.min(good.length, total.length);
  for (let i = 0; i < length; i++) {
    if (good[i]!.ms === total[i]!.ms) continue;
    fail(
      `data.result[${goodIndex}].values[${i}][0]`,
      `is ${good[i]!.ms / 1000}, but data.result[${totalIndex}].values[${i}][0] is ${total[i]!.ms / 1000}: the good and total series must be sampled at the same times`,
    );
  }
  if (good.length !== total.length) {
    fail(
      `data.result[${goodIndex}].values`,
      `holds ${good.length} samples, data.result[${totalIndex}].values ${total.length}: the good and total series must be sampled at the same times`,
    );
  }
}

/** Per sample time (ms), the counter's increase since the sample before, resets counted whole. */
function increases(samples: readonly Sample[]): Map<number, number> {
  const result = new Map<number, number>();
  for (let i = 1; i < samples.length; i++) {
    const { ms, value } = samples[i]!;
    const before = samples[i - 1]!.value;
    result.set(ms, Math.round(value >= before ? value - before : value));
  }
  return result;
}
