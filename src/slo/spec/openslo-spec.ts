// OpenSLO v1 `SLO` documents: occurrences budgeting over a rolling window, one objective, a
// ratioMetric SLI of Prometheus queries (inline or an `SLI` document), and alert policies.
import type { PrometheusSloSpec } from '../prometheus-spec.js';
import type { SloOptions } from '../slo-options.js';
import { duration, readMetadata, readPolicies, type Named } from './openslo-alerts.js';
import { pathOf } from './read-yaml.js';
import { checkDefinition, type SloDefinition } from './slo-definition.js';
import { fromPercent } from './spec-durations.js';
import { describe, type Fields, type SpecReader } from './spec-reader.js';

/** ballast's annotations of an SLO's metadata: what OpenSLO has no field for. @internal */
export const SLO_ANNOTATIONS = {
  minimumEvents: 'ballast/minimum-events',
  latencyThresholdMs: 'ballast/latency-threshold-ms',
  alertName: 'ballast/alert-name',
} as const;

const LONGEST_DEFAULT_MS = 3 * 86_400_000;

const COMPOSITE =
  'refused: composite SLOs (an indicator per objective) are not supported: write one SLO per ' +
  'indicator';
const THRESHOLD =
  'refused: a thresholdMetric compares a value with a threshold, and ballast counts good and ' +
  'bad events: write a ratioMetric';
const TIMESLICES =
  'ballast budgets by occurrences (bad events over all events): timeslices budgeting is not ' +
  'supported';

/** The SLIs and DataSources of the files, for `indicatorRef` and `metricSourceRef`. @internal */
export interface NamedSlis extends Named {
  readonly slis: ReadonlyMap<string, { reader: SpecReader; value: Fields }>;
  readonly dataSources: ReadonlyMap<string, { reader: SpecReader; value: Fields }>;
}

/** The SLO of an OpenSLO `SLO` document, or undefined with problems reported. @internal */
export function readOpenSloDocument(
  reader: SpecReader,
  value: Fields,
  named: NamedSlis,
  source: Omit<SloDefinition['source'], 'path' | 'line' | 'format'>,
): SloDefinition | undefined {
  const before = reader.problems.length;
  const known = Object.values(SLO_ANNOTATIONS);
  const metadata = readMetadata(reader, value, '', known, 'series', true);
  const spec = reader.fields(value['spec'], 'spec', [
    'description',
    'service',
    'indicator',
    'indicatorRef',
    'timeWindow',
    'budgetingMethod',
    'objectives',
    'alertPolicies',
  ]);
  if (spec === undefined) return undefined;
  const description = reader.string(spec, 'description', 'spec', false);
  const service = reader.string(spec, 'service', 'spec', true);
  const windowMs = readTimeWindow(reader, spec);
  const budgeting = reader.string(spec, 'budgetingMethod', 'spec', true);
  if (budgeting !== undefined && budgeting !== 'Occurrences') {
    reader.report(
      'spec.budgetingMethod',
      budgeting === 'Timeslices' || budgeting === 'RatioTimeslices'
        ? `refused: ${TIMESLICES}`
        : `must be Occurrences, got ${describe(budgeting)}`,
    );
  }
  const objective = readObjectives(reader, spec);
  const sli = readIndicator(reader, spec, named);
  const policies = reader.list(spec, 'alertPolicies', 'spec');
  const read = policies && readPolicies(reader, policies, 'spec.alertPolicies', named, windowMs);
  if (policies === undefined && windowMs !== undefined && windowMs < LONGEST_DEFAULT_MS) {
    reader.report(
      'spec.timeWindow[0].duration',
      'is shorter than 3d, the longest window of the default alert tiers: give alertPolicies ' +
        '(alertPolicies: [] for none)',
    );
  }
  const minimumEvents = count(reader, metadata.annotations, SLO_ANNOTATIONS.minimumEvents);
  const latencyThresholdMs = count(
    reader,
    metadata.annotations,
    SLO_ANNOTATIONS.latencyThresholdMs,
  );
  const alertName = metadata.annotations[SLO_ANNOTATIONS.alertName];
  if (reader.problems.length > before) return undefined;
  const options: SloOptions = {
    name: metadata.name!,
    objective: objective!,
    ...(windowMs === undefined ? {} : { windowMs }),
    ...(latencyThresholdMs === undefined ? {} : { latencyThresholdMs }),
    ...(policies === undefined ? {} : { alerts: read!.alerts.length > 0 ? read!.alerts : false }),
    ...(minimumEvents === undefined ? {} : { minimumEvents }),
  };
  const labels = metadata.labels ?? {};
  const prometheus: PrometheusSloSpec = {
    slo: options,
    service: service!,
    ...sli!.queries,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(alertName === undefined ? {} : { alertName }),
    ...(read?.alerting === undefined ? {} : { alerting: read.alerting }),
  };
  const annotation = (key: string) => pathOf('metadata.annotations', key);
  const ok = checkDefinition(reader, prometheus, '', {
    slo: '',
    'slo.name': 'metadata.name',
    'slo.objective': 'spec.objectives[0]',
    'slo.windowMs': 'spec.timeWindow[0].duration',
    'slo.alerts': 'spec.alertPolicies',
    'slo.minimumEvents': annotation(SLO_ANNOTATIONS.minimumEvents),
    'slo.latencyThresholdMs': annotation(SLO_ANNOTATIONS.latencyThresholdMs),
    service: 'spec.service',
    labels: 'metadata.labels',
    alertName: annotation(SLO_ANNOTATIONS.alertName),
    alerting: 'spec.alertPolicies',
    ...sli!.paths,
  });
  if (!ok) return undefined;
  return {
    options,
    prometheus,
    description,
    source: { ...source, format: 'openslo/v1', path: '', line: reader.position('')?.line },
  };
}

function readTimeWindow(reader: SpecReader, spec: Fields): number | undefined {
  const list = reader.list(spec, 'timeWindow', 'spec');
  if (list === undefined) return undefined;
  if (list.length !== 1) {
    reader.report('spec.timeWindow', 'must list exactly one window, as OpenSLO v1 requires');
    return undefined;
  }
  const path = 'spec.timeWindow[0]';
  const window = reader.fields(list[0], path, ['duration', 'isRolling'], {
    calendar:
      "refused: calendar-aligned windows are not supported (ballast's period rolls): " +
      'write isRolling: true and no calendar',
  });
  if (window === undefined) return undefined;
  const rolling = reader.boolean(window, 'isRolling', path);
  if (rolling === false) {
    reader.report(
      pathOf(path, 'isRolling'),
      "refused: calendar-aligned windows are not supported (ballast's period rolls): write " +
        'isRolling: true',
    );
  }
  return duration(reader, window, 'duration', path, true);
}

function readObjectives(reader: SpecReader, spec: Fields): number | undefined {
  const list = reader.list(spec, 'objectives', 'spec');
  if (list === undefined || list.length === 0) {
    reader.report('spec.objectives', 'must list one objective');
    return undefined;
  }
  if (list.length > 1) {
    reader.report(
      'spec.objectives',
      `refused: ballast tracks one objective per SLO, got ${list.length}: write one SLO per objective`,
    );
    return undefined;
  }
  const path = 'spec.objectives[0]';
  const objective = reader.fields(list[0], path, ['displayName', 'target', 'targetPercent'], {
    op: `${THRESHOLD}`,
    value: `${THRESHOLD}`,
    timeSliceTarget: `refused: ${TIMESLICES}`,
    timeSliceWindow: `refused: ${TIMESLICES}`,
    indicator: COMPOSITE,
    indicatorRef: COMPOSITE,
    compositeWeight: COMPOSITE,
  });
  if (objective === undefined) return undefined;
  reader.string(objective, 'displayName', path, false);
  const target = reader.number(objective, 'target', path, false);
  const percent = reader.number(objective, 'targetPercent', path, false);
  if ((target === undefined) === (percent === undefined)) {
    if (!('target' in objective) && !('targetPercent' in objective)) {
      reader.report(path, 'must give target (such as 0.999) or targetPercent (such as 99.9)');
    } else if (target !== undefined) {
      reader.report(path, 'must give target or targetPercent, not both');
    }
    return undefined;
  }
  if (target !== undefined) {
    if (target > 0 && target < 1) return target;
    reader.report(pathOf(path, 'target'), `must be in (0, 1), got ${target}`);
    return undefined;
  }
  if (percent! > 0 && percent! < 100) return fromPercent(percent!);
  reader.report(pathOf(path, 'targetPercent'), `must be in (0, 100), got ${percent!}`);
  return undefined;
}

type Queries = Pick<
  PrometheusSloSpec,
  'total' | 'good' | 'bad' | 'totalQuery' | 'goodQuery' | 'badQuery'
>;

/** The SLI's queries as a PrometheusSloSpec's, and the path of each. */
function readIndicator(
  reader: SpecReader,
  spec: Fields,
  named: NamedSlis,
): { queries: Queries; paths: Record<string, string> } | undefined {
  const inline = spec['indicator'];
  const ref = spec['indicatorRef'];
  if ((inline === undefined) === (ref === undefined)) {
    reader.report('spec', 'must give indicator or indicatorRef (exactly one)');
    return undefined;
  }
  if (inline !== undefined) {
    const fields = reader.fields(inline, 'spec.indicator', ['metadata', 'spec']);
    return fields && readSli(reader, fields, 'spec.indicator', named);
  }
  const name = reader.string(spec, 'indicatorRef', 'spec', true);
  if (name === undefined) return undefined;
  const found = named.slis.get(name);
  if (found === undefined) {
    reader.report('spec.indicatorRef', `no SLI named ${JSON.stringify(name)} in the files read`);
    return undefined;
  }
  return readSli(found.reader, found.value, '', named);
}

const WINDOW = /\{\{\s*\.window\s*\}\}/;

/** An SLI (an `SLI` document, or an inline indicator) at `path`. @internal */
export function readSli(
  reader: SpecReader,
  value: Fields,
  path: string,
  named: NamedSlis,
): { queries: Queries; paths: Record<string, string> } | undefined {
  const before = reader.problems.length;
  readMetadata(reader, value, path, [], 'series');
  const specPath = pathOf(path, 'spec');
  const spec = reader.fields(value['spec'], specPath, ['description', 'ratioMetric'], {
    thresholdMetric: THRESHOLD,
  });
  if (spec === undefined || !('ratioMetric' in spec)) {
    if (spec !== undefined && !('thresholdMetric' in spec)) {
      reader.report(specPath, 'must have a ratioMetric');
    }
    return undefined;
  }
  reader.string(spec, 'description', specPath, false);
  const ratioPath = pathOf(specPath, 'ratioMetric');
  const raw =
    'refused: a precomputed ratio has no event counts, which the ratio of sums, the ' +
    'low-traffic guard and the in-process tracker need: give good or bad, and total';
  const ratio = reader.fields(spec['ratioMetric'], ratioPath, ['counter', 'good', 'bad', 'total'], {
    raw,
    rawType: raw,
  });
  if (ratio === undefined) return undefined;
  const counter = reader.boolean(ratio, 'counter', ratioPath);
  const given = (['total', 'good', 'bad'] as const).filter((key) => ratio[key] !== undefined);
  if (!given.includes('total')) reader.report(ratioPath, 'must have total');
  if (given.includes('good') === given.includes('bad')) {
    reader.report(ratioPath, 'must have good or bad (exactly one)');
  }
  const texts: Partial<Record<'total' | 'good' | 'bad', string>> = {};
  for (const key of given) {
    const query = readMetric(reader, ratio[key], pathOf(ratioPath, key), named);
    if (query !== undefined) texts[key] = query;
  }
  if (reader.problems.length > before) return undefined;
  const templated = given.filter((key) => WINDOW.test(texts[key]!));
  if (templated.length > 0 && templated.length < given.length) {
    const plain = given.find((key) => !templated.includes(key))!;
    reader.report(
      queryPath(ratioPath, plain),
      'must use {{.window}} as the others do: give every query as a template, or every one as a ' +
        'series selector',
    );
    return undefined;
  }
  const queries: Record<string, string> = {};
  const paths: Record<string, string> = {};
  const suffix = templated.length > 0 ? 'Query' : '';
  if (suffix === '' && counter === false) {
    reader.report(
      pathOf(ratioPath, 'counter'),
      'series selectors must be counters (the rules take their rate()): for a gauge, give ' +
        'queries with a {{.window}} range',
    );
    return undefined;
  }
  for (const key of given) {
    queries[`${key}${suffix}`] = texts[key]!;
    paths[`${key}${suffix}`] = queryPath(ratioPath, key);
  }
  return { queries, paths };
}

function queryPath(ratioPath: string, key: string): string {
  return `${ratioPath}.${key}.metricSource.spec.query`;
}

function readMetric(
  reader: SpecReader,
  value: unknown,
  path: string,
  named: NamedSlis,
): string | undefined {
  const metric = reader.fields(value, path, ['metricSource']);
  if (metric === undefined) return undefined;
  const sourcePath = pathOf(path, 'metricSource');
  const source = reader.fields(metric['metricSource'], sourcePath, [
    'metricSourceRef',
    'type',
    'spec',
  ]);
  if (source === undefined) return undefined;
  const type = reader.string(source, 'type', sourcePath, false);
  const ref = reader.string(source, 'metricSourceRef', sourcePath, false);
  if (type !== undefined && type.toLowerCase() !== 'prometheus') {
    reader.report(
      pathOf(sourcePath, 'type'),
      `must be Prometheus (ballast writes Prometheus rules), got ${describe(type)}`,
    );
  }
  const dataSource = ref === undefined ? undefined : named.dataSources.get(ref);
  const spec = dataSource && (dataSource.value['spec'] as Fields | undefined);
  const sourceType = spec?.['type'];
  if (typeof sourceType === 'string' && sourceType.toLowerCase() !== 'prometheus') {
    reader.report(
      pathOf(sourcePath, 'metricSourceRef'),
      `names a DataSource of type ${describe(sourceType)}: ballast writes Prometheus rules`,
    );
  }
  const specPath = pathOf(sourcePath, 'spec');
  const query = reader.fields(source['spec'], specPath, ['query']);
  return query && reader.string(query, 'query', specPath, true);
}

function count(
  reader: SpecReader,
  annotations: Readonly<Record<string, string>>,
  key: string,
): number | undefined {
  const text = annotations[key];
  if (text === undefined) return undefined;
  if (/^\d{1,15}$/.test(text) && Number(text) > 0) return Number(text);
  reader.report(
    pathOf('metadata.annotations', key),
    `must be a whole number > 0, as a string ("20"), got ${JSON.stringify(text)}`,
  );
  return undefined;
}
