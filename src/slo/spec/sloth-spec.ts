// Sloth's `prometheus/v1` spec: a service, its labels and a list of SLOs with `events` SLIs
// (error and total query templates) and page and ticket alerts. Sloth's period is 30 days and its
// alert tiers are the SRE Workbook's, ballast's defaults.
import { defaultBurnRateAlerts } from '../burn-rate-alert.js';
import type { PrometheusSloSpec, SloAlertRule, SloAlerting } from '../prometheus-spec.js';
import type { SloOptions } from '../slo-options.js';
import { pathOf } from './read-yaml.js';
import { checkDefinition, type SloDefinition } from './slo-definition.js';
import { fromPercent } from './spec-durations.js';
import { describe, type Fields, type SpecReader } from './spec-reader.js';

const PLUGINS =
  "Sloth's plugins are Go code that Sloth runs, which ballast cannot: write the SLI as " +
  'sli.events (error_query and total_query)';
const SLO_PLUGINS =
  "Sloth's SLO plugins are Go code that Sloth runs, which ballast cannot: leave them out " +
  '(the alerting options cover the alerts they add)';

/** The SLOs of one Sloth document (or none, with problems reported). @internal */
export function readSlothDocument(
  reader: SpecReader,
  value: Fields,
  source: Omit<SloDefinition['source'], 'path' | 'line' | 'format'>,
): SloDefinition[] {
  const doc = reader.fields(value, '', ['version', 'service', 'labels', 'slos'], {
    slo_plugins: `refused: ${SLO_PLUGINS}`,
  });
  if (doc === undefined) return [];
  const before = reader.problems.length;
  const service = reader.string(doc, 'service', '', true);
  const labels = reader.labels(doc, 'labels', '', 'series');
  const slos = reader.list(doc, 'slos', '');
  if (slos === undefined || slos.length === 0) {
    reader.report('slos', 'must list at least one SLO');
    return [];
  }
  const definitions: SloDefinition[] = [];
  // With the service or its labels wrong, each SLO is still read for its own problems.
  const serviceOk = reader.problems.length === before;
  slos.forEach((slo, index) => {
    const path = pathOf('slos', index);
    const definition = readSlo(reader, slo, path, serviceOk ? service : undefined, labels);
    if (definition !== undefined) {
      definitions.push({
        ...definition,
        source: { ...source, format: 'prometheus/v1', path, line: reader.position(path)?.line },
      });
    }
  });
  return definitions;
}

function readSlo(
  reader: SpecReader,
  value: unknown,
  path: string,
  service: string | undefined,
  serviceLabels: Readonly<Record<string, string>> | undefined,
): Omit<SloDefinition, 'source'> | undefined {
  const before = reader.problems.length;
  const slo = reader.fields(
    value,
    path,
    ['name', 'description', 'objective', 'labels', 'sli', 'alerting'],
    { plugins: `refused: ${SLO_PLUGINS}` },
  );
  if (slo === undefined) return undefined;
  const name = reader.string(slo, 'name', path, true);
  const description = reader.string(slo, 'description', path, false);
  const percent = reader.number(slo, 'objective', path, true);
  if (percent !== undefined && !(percent > 0 && percent < 100)) {
    reader.report(
      pathOf(path, 'objective'),
      `must be a percentage in (0, 100), such as 99.9, got ${percent}`,
    );
  }
  const labels = { ...serviceLabels, ...reader.labels(slo, 'labels', path, 'series') };
  const sliPath = pathOf(path, 'sli');
  const sli = reader.fields(slo['sli'] ?? {}, sliPath, ['events', 'raw'], {
    plugin: `refused: ${PLUGINS}`,
  });
  let events: Fields | undefined;
  let raw: Fields | undefined;
  if (sli !== undefined) {
    if (sli['events'] !== undefined && sli['raw'] !== undefined) {
      reader.report(sliPath, 'must have events or raw, not both');
    } else if (sli['events'] !== undefined) {
      events = reader.fields(sli['events'], pathOf(sliPath, 'events'), [
        'error_query',
        'total_query',
      ]);
    } else if (sli['raw'] !== undefined) {
      raw = reader.fields(sli['raw'], pathOf(sliPath, 'raw'), ['error_ratio_query']);
    } else if (!('plugin' in sli)) {
      reader.report(sliPath, 'must have events (or raw)');
    }
  }
  const eventsPath = pathOf(sliPath, 'events');
  const rawPath = pathOf(sliPath, 'raw');
  let badQuery = events && reader.string(events, 'error_query', eventsPath, true);
  let totalQuery = events && reader.string(events, 'total_query', eventsPath, true);
  const ratio = raw && reader.string(raw, 'error_ratio_query', rawPath, true);
  if (ratio !== undefined) {
    // The error ratio itself, over a total of one: `(ratio or vector(0)) / (ratio * 0 + 1)` is the
    // ratio wherever it has a value, and the total is absent exactly when the ratio is.
    badQuery = ratio.trim();
    totalQuery = `(\n${badQuery}\n) * 0 + 1`;
  }
  const alertingPath = pathOf(path, 'alerting');
  const alerting = readAlerting(reader, slo['alerting'], alertingPath);
  if (reader.problems.length > before || name === undefined || percent === undefined) {
    return undefined;
  }
  if (service === undefined || badQuery === undefined || totalQuery === undefined) {
    return undefined;
  }
  // A disabled alert takes its tiers out of the tracker too: no page in-process either, and the
  // tickets are no longer held quiet by a page that cannot fire.
  const { page, ticket } = alerting?.alerting ?? {};
  const enabled = defaultBurnRateAlerts.filter(
    (tier) => (tier.severity === 'page' ? page : ticket) !== false,
  );
  const options: SloOptions = {
    name,
    objective: fromPercent(percent),
    ...(enabled.length === defaultBurnRateAlerts.length
      ? {}
      : { alerts: enabled.length > 0 ? enabled : false }),
  };
  const prometheus: PrometheusSloSpec = {
    slo: options,
    service,
    totalQuery,
    badQuery,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    ...(alerting?.name === undefined ? {} : { alertName: alerting.name }),
    ...(alerting?.alerting === undefined ? {} : { alerting: alerting.alerting }),
  };
  const ok = checkDefinition(reader, prometheus, path, {
    slo: path,
    'slo.name': pathOf(path, 'name'),
    'slo.objective': pathOf(path, 'objective'),
    service: 'service',
    labels: slo['labels'] === undefined ? 'labels' : pathOf(path, 'labels'),
    totalQuery:
      ratio === undefined
        ? pathOf(eventsPath, 'total_query')
        : pathOf(rawPath, 'error_ratio_query'),
    badQuery:
      ratio === undefined
        ? pathOf(eventsPath, 'error_query')
        : pathOf(rawPath, 'error_ratio_query'),
    alertName: pathOf(alertingPath, 'name'),
    alerting: alertingPath,
    'alerting.page': pathOf(alertingPath, 'page_alert'),
    'alerting.ticket': pathOf(alertingPath, 'ticket_alert'),
  });
  return ok ? { options, prometheus, description } : undefined;
}

function readAlerting(
  reader: SpecReader,
  value: unknown,
  path: string,
): { name: string | undefined; alerting: SloAlerting | undefined } | undefined {
  if (value === undefined || value === null) return undefined;
  const alerting = reader.fields(value, path, [
    'name',
    'labels',
    'annotations',
    'page_alert',
    'ticket_alert',
  ]);
  if (alerting === undefined) return undefined;
  const name = reader.string(alerting, 'name', path, false);
  const labels = reader.labels(alerting, 'labels', path, 'alert');
  const annotations = reader.strings(alerting, 'annotations', path);
  const rule = (key: string): SloAlertRule | false => {
    const at = pathOf(path, key);
    const given = alerting[key] ?? {};
    const alert = reader.fields(given, at, ['disable', 'labels', 'annotations']);
    if (alert === undefined) return {};
    if (reader.boolean(alert, 'disable', at) === true) return false;
    const ruleLabels = { ...labels, ...reader.labels(alert, 'labels', at, 'alert') };
    const ruleAnnotations = { ...annotations, ...reader.strings(alert, 'annotations', at) };
    return {
      ...(Object.keys(ruleLabels).length > 0 ? { labels: ruleLabels } : {}),
      ...(Object.keys(ruleAnnotations).length > 0 ? { annotations: ruleAnnotations } : {}),
    };
  };
  const page = rule('page_alert');
  const ticket = rule('ticket_alert');
  const plain = (r: SloAlertRule | false) => r !== false && Object.keys(r).length === 0;
  return {
    name,
    alerting: plain(page) && plain(ticket) ? undefined : { page, ticket },
  };
}

/** Reports a `version` ballast does not read. @internal */
export function slothVersionProblem(value: Fields): string | undefined {
  const version = value['version'];
  if (version === undefined || version === 'prometheus/v1') return undefined;
  return `ballast reads Sloth's "prometheus/v1" specs, got ${describe(version)}`;
}
