// OpenSLO v1 alert policies: each policy's one burn-rate condition is one of ballast's alert tiers
// (severity page or ticket, the threshold as the burn rate, the lookback as the long window and a
// twelfth of it as the short window, the SRE Workbook's rule of thumb), `alertAfter` the `for:`
// of its severity's alert, and `alertWhenNoData` the "SLO data absent" alert.
import type { BurnRateAlert } from '../burn-rate-alert.js';
import type { SloAlertRule, SloAlerting } from '../prometheus-spec.js';
import { pathOf } from './read-yaml.js';
import { parseShorthand, toShorthand } from './spec-durations.js';
import { closest } from '../../internal/validate.js';
import { define, describe, isMapping, type Fields, type SpecReader } from './spec-reader.js';

/** The annotation of an AlertCondition that sets the short window, when not a twelfth. @internal */
export const SHORT_WINDOW_ANNOTATION = 'ballast/short-window';

/** Named objects of the other documents, for `alertPolicyRef` and `conditionRef`. @internal */
export interface Named {
  readonly policies: ReadonlyMap<string, { reader: SpecReader; value: Fields }>;
  readonly conditions: ReadonlyMap<string, { reader: SpecReader; value: Fields }>;
}

/** The tiers and alerting an SLO's `alertPolicies` give. @internal */
export interface ReadPolicies {
  readonly alerts: readonly BurnRateAlert[];
  readonly alerting: SloAlerting | undefined;
}

interface Severity {
  forMs: number | undefined;
  forPath: string;
  labels: Record<string, string>;
}

/** Reads `spec.alertPolicies` (given, a list). @internal */
export function readPolicies(
  reader: SpecReader,
  list: readonly unknown[],
  path: string,
  named: Named,
  windowMs: number | undefined,
): ReadPolicies | undefined {
  const before = reader.problems.length;
  const alerts: BurnRateAlert[] = [];
  const severities: Partial<Record<'page' | 'ticket', Severity>> = {};
  let noData = false;
  list.forEach((item, index) => {
    const at = pathOf(path, index);
    const policy = resolveRef(reader, item, at, 'alertPolicyRef', 'AlertPolicy', named.policies);
    if (policy === undefined) return;
    const { reader: where, value, path: policyPath } = policy;
    const spec = where.fields(value['spec'], pathOf(policyPath, 'spec'), [
      'description',
      'alertWhenNoData',
      'alertWhenResolved',
      'alertWhenBreaching',
      'conditions',
      'notificationTargets',
    ]);
    const { labels } = readMetadata(where, value, policyPath, [], 'alert');
    if (spec === undefined) return;
    const specPath = pathOf(policyPath, 'spec');
    if (where.boolean(spec, 'alertWhenNoData', specPath) === true) noData = true;
    where.boolean(spec, 'alertWhenResolved', specPath);
    where.list(spec, 'notificationTargets', specPath);
    const breaching = where.boolean(spec, 'alertWhenBreaching', specPath) ?? true;
    const conditions = where.list(spec, 'conditions', specPath);
    const conditionsPath = pathOf(specPath, 'conditions');
    if (conditions === undefined || conditions.length !== 1) {
      where.report(conditionsPath, 'must list exactly one condition, as OpenSLO v1 allows');
      return;
    }
    const condition = resolveRef(
      where,
      conditions[0],
      pathOf(conditionsPath, 0),
      'conditionRef',
      'AlertCondition',
      named.conditions,
    );
    if (condition === undefined) return;
    const tier = readCondition(condition.reader, condition.value, condition.path, windowMs);
    if (tier === undefined || !breaching) return;
    alerts.push(tier.alert);
    const severity = (severities[tier.alert.severity] ??= {
      forMs: tier.forMs,
      forPath: tier.forPath,
      labels: {},
    });
    if (severity.forMs !== tier.forMs) {
      condition.reader.report(
        tier.forPath,
        `every ${tier.alert.severity} condition must wait as long (one Prometheus alert holds ` +
          `them all): ${show(tier.forMs)} here, ${show(severity.forMs)} at ${severity.forPath}`,
      );
    }
    for (const [name, label] of Object.entries(labels ?? {})) {
      if (Object.hasOwn(severity.labels, name) && severity.labels[name] !== label) {
        where.report(
          pathOf(pathOf(pathOf(policyPath, 'metadata'), 'labels'), name),
          `differs from another ${tier.alert.severity} policy's (one Prometheus alert holds them all)`,
        );
      }
      severity.labels[name] = label;
    }
  });
  if (reader.problems.length > before) return undefined;
  const rule = (severity: Severity | undefined): SloAlertRule | undefined => {
    if (severity === undefined) return undefined;
    const rule = {
      ...(Object.keys(severity.labels).length > 0 ? { labels: severity.labels } : {}),
      ...(severity.forMs === undefined ? {} : { forMs: severity.forMs }),
    };
    return Object.keys(rule).length > 0 ? rule : undefined;
  };
  const page = rule(severities.page);
  const ticket = rule(severities.ticket);
  const alerting: SloAlerting = {
    ...(page === undefined ? {} : { page }),
    ...(ticket === undefined ? {} : { ticket }),
    ...(noData ? { absent: {} } : {}),
  };
  return { alerts, alerting: Object.keys(alerting).length > 0 ? alerting : undefined };
}

function show(forMs: number | undefined): string {
  return forMs === undefined ? 'no alertAfter' : `alertAfter ${forMs / 60_000}m`;
}

/**
 * An inline object (`kind: AlertPolicy`, `metadata`, `spec`) or a reference to one in another
 * document of the files read.
 */
function resolveRef(
  reader: SpecReader,
  item: unknown,
  path: string,
  refKey: string,
  kind: string,
  named: ReadonlyMap<string, { reader: SpecReader; value: Fields }>,
): { reader: SpecReader; value: Fields; path: string } | undefined {
  const fields = reader.fields(item, path, [refKey, 'apiVersion', 'kind', 'metadata', 'spec']);
  if (fields === undefined) return undefined;
  const ref = fields[refKey];
  if (ref !== undefined) {
    if (Object.keys(fields).length > 1) {
      reader.report(path, `must be either ${refKey} or an inline ${kind}, not both`);
      return undefined;
    }
    const name = reader.string(fields, refKey, path, true);
    if (name === undefined) return undefined;
    const found = named.get(name);
    if (found === undefined) {
      reader.report(
        pathOf(path, refKey),
        `no ${kind} named ${JSON.stringify(name)} in the files read`,
      );
      return undefined;
    }
    return { ...found, path: '' };
  }
  if (fields['kind'] !== undefined && fields['kind'] !== kind) {
    reader.report(pathOf(path, 'kind'), `must be ${kind}, got ${describe(fields['kind'])}`);
    return undefined;
  }
  if (fields['apiVersion'] !== undefined && fields['apiVersion'] !== 'openslo/v1') {
    reader.report(
      pathOf(path, 'apiVersion'),
      `must be openslo/v1, got ${describe(fields['apiVersion'])}`,
    );
    return undefined;
  }
  return { reader, value: fields, path };
}

const OPS: Readonly<Record<string, string>> = {
  lt: 'a burn-rate alert fires when the burn rate is at or above its threshold: write op: gte',
  lte: 'a burn-rate alert fires when the burn rate is at or above its threshold: write op: gte',
  gt:
    'the tracker and the rules fire at or above the threshold, not strictly above it: ' +
    'write op: gte',
};

function readCondition(
  reader: SpecReader,
  value: Fields,
  path: string,
  windowMs = 30 * 86_400_000,
): { alert: BurnRateAlert; forMs: number | undefined; forPath: string } | undefined {
  const before = reader.problems.length;
  const { annotations } = readMetadata(reader, value, path, [SHORT_WINDOW_ANNOTATION], 'alert');
  const specPath = pathOf(path, 'spec');
  const spec = reader.fields(value['spec'], specPath, ['description', 'severity', 'condition']);
  if (spec === undefined) return undefined;
  const severity = reader.string(spec, 'severity', specPath, true);
  if (severity !== undefined && severity !== 'page' && severity !== 'ticket') {
    reader.report(
      pathOf(specPath, 'severity'),
      `must be page or ticket (the two severities of ballast's alerts; route on labels), got ${describe(severity)}`,
    );
  }
  const conditionPath = pathOf(specPath, 'condition');
  const condition = reader.fields(spec['condition'], conditionPath, [
    'kind',
    'op',
    'threshold',
    'lookbackWindow',
    'alertAfter',
  ]);
  if (condition === undefined) return undefined;
  const kind = condition['kind'];
  if (kind !== undefined && kind !== 'burnrate') {
    reader.report(pathOf(conditionPath, 'kind'), `must be burnrate, got ${describe(kind)}`);
  }
  const op = reader.string(condition, 'op', conditionPath, true);
  if (op !== undefined && op !== 'gte') {
    reader.report(pathOf(conditionPath, 'op'), OPS[op] ?? `must be gte, got ${describe(op)}`);
  }
  const threshold = reader.number(condition, 'threshold', conditionPath, true);
  if (threshold !== undefined && threshold <= 0) {
    reader.report(pathOf(conditionPath, 'threshold'), `must be a burn rate > 0, got ${threshold}`);
  }
  const longWindowMs = duration(reader, condition, 'lookbackWindow', conditionPath, true);
  if (longWindowMs !== undefined && longWindowMs > windowMs) {
    reader.report(
      pathOf(conditionPath, 'lookbackWindow'),
      `must be at most the SLO's timeWindow (${toShorthand(windowMs) ?? `${windowMs} ms`})`,
    );
  }
  const forPath = pathOf(conditionPath, 'alertAfter');
  const forMs = duration(reader, condition, 'alertAfter', conditionPath, false);
  const short = annotations[SHORT_WINDOW_ANNOTATION];
  let shortWindowMs = longWindowMs === undefined ? undefined : longWindowMs / 12;
  if (short !== undefined) {
    const parsed = parseShorthand(short, true);
    const at = pathOf(pathOf(pathOf(path, 'metadata'), 'annotations'), SHORT_WINDOW_ANNOTATION);
    if (typeof parsed === 'string') reader.report(at, parsed);
    else shortWindowMs = parsed;
  }
  if (reader.problems.length > before || longWindowMs === undefined) return undefined;
  return {
    alert: {
      severity: severity as 'page' | 'ticket',
      burnRate: threshold!,
      longWindowMs,
      shortWindowMs: shortWindowMs!,
    },
    forMs: forMs === 0 ? undefined : forMs,
    forPath,
  };
}

/** A duration field in OpenSLO's shorthand (`alertAfter: 0m` is allowed). @internal */
export function duration(
  reader: SpecReader,
  fields: Fields,
  key: string,
  path: string,
  required: boolean,
): number | undefined {
  const value = fields[key];
  if (value === undefined || value === null) {
    if (required) reader.report(pathOf(path, key), 'is required');
    return undefined;
  }
  if (value === '0m' && !required) return 0;
  const parsed = parseShorthand(value);
  if (typeof parsed === 'string') {
    reader.report(pathOf(path, key), parsed);
    return undefined;
  }
  return parsed;
}

/** An object's `metadata`: labels (one string each) and ballast's annotations. @internal */
export interface Metadata {
  readonly name: string | undefined;
  readonly labels: Record<string, string> | undefined;
  /** The annotations under `ballast/`; the others belong to other tools and are left to them. */
  readonly annotations: Record<string, string>;
}

/**
 * Reads `metadata` of an object at `path`: `name` (required when `nameRequired`), `labels` (a
 * list of values is refused: a Prometheus label holds one value) and `annotations`, whose keys
 * under `ballast/` must be in `known`.
 *
 * @internal
 */
export function readMetadata(
  reader: SpecReader,
  value: Fields,
  path: string,
  known: readonly string[],
  on: 'series' | 'alert',
  nameRequired = false,
): Metadata {
  const at = pathOf(path, 'metadata');
  const given = value['metadata'];
  if ((given === undefined || given === null) && !nameRequired) {
    return { name: undefined, labels: undefined, annotations: {} };
  }
  const metadata = reader.fields(given ?? {}, at, ['name', 'displayName', 'labels', 'annotations']);
  if (metadata === undefined) return { name: undefined, labels: undefined, annotations: {} };
  const name = reader.string(metadata, 'name', at, nameRequired);
  reader.string(metadata, 'displayName', at, false);
  const rawLabels = metadata['labels'];
  let labels: Record<string, string> | undefined;
  if (rawLabels !== undefined && rawLabels !== null && isMapping(rawLabels)) {
    labels = {};
    for (const [label, inner] of Object.entries(rawLabels)) {
      const where = pathOf(pathOf(at, 'labels'), label);
      if (typeof inner === 'string') define(labels, label, inner);
      else if (Array.isArray(inner)) {
        reader.report(where, 'a list of values is refused: a Prometheus label holds one value');
      } else reader.report(where, `must be a string, got ${describe(inner)}`);
    }
  }
  if (labels !== undefined) labels = reader.labels({ labels }, 'labels', at, on);
  else labels = reader.labels(metadata, 'labels', at, on);
  const annotations: Record<string, string> = {};
  for (const [key, inner] of Object.entries(reader.strings(metadata, 'annotations', at) ?? {})) {
    if (!key.startsWith('ballast/')) continue;
    if (known.includes(key)) define(annotations, key, inner);
    else {
      reader.report(
        pathOf(pathOf(at, 'annotations'), key),
        known.length === 0
          ? 'unknown ballast annotation: ballast reads none here'
          : `unknown ballast annotation (did you mean "${closest(key, known)}"?)`,
      );
    }
  }
  return { name, labels, annotations };
}
