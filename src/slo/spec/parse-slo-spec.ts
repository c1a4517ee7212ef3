import { assertOptions, show } from '../../internal/validate.js';
import { readOpenSloDocument, type NamedSlis } from './openslo-spec.js';
import { readYaml, type Position } from './read-yaml.js';
import type { SloDefinition } from './slo-definition.js';
import { SloSpecError, type SpecProblem } from './slo-spec-error.js';
import { readSlothDocument, slothVersionProblem } from './sloth-spec.js';
import { describe, isMapping, SpecReader, type Fields } from './spec-reader.js';

/**
 * Options of {@link parseSloSpec} and {@link sloFromSpec}.
 *
 * @example
 * ```ts
 * parseSloSpec(text, { file: 'slo/checkout.yaml' });
 * ```
 */
export interface SloSpecOptions {
  /**
   * The file's name, for problems and {@link SloSource.file}.
   *
   * @default '<input>'
   */
  readonly file?: string;
}

/** One document to read, with its positions when it comes from text. */
interface Input {
  readonly file: string;
  readonly index: number;
  readonly value: unknown;
  readonly positions: ReadonlyMap<string, Position> | undefined;
  /** Prepended to paths of a document given as an object in a list: `[1]`. */
  readonly prefix: string;
}

const KINDS = [
  'SLO',
  'SLI',
  'AlertPolicy',
  'AlertCondition',
  'Service',
  'DataSource',
  'AlertNotificationTarget',
];

/**
 * Reads SLO definitions from YAML text: OpenSLO v1 (`apiVersion: openslo/v1`: `SLO` documents with
 * their `SLI`, `AlertPolicy` and `AlertCondition` documents, `Service`, `DataSource` and
 * `AlertNotificationTarget` tolerated) or Sloth's `prometheus/v1` specs, several documents per
 * file (`---`). Each SLO gives the options of an in-process {@link SloTracker} and the input of
 * {@link toPrometheusRules}.
 *
 * The text is untrusted: files over 1 MiB are refused unparsed, aliases are bounded (a "billion
 * laughs" file is refused, not expanded), keys such as `__proto__` are plain keys, and what the
 * spec asks that ballast cannot do (calendar windows, timeslices budgeting, composite SLOs,
 * precomputed ratios, Sloth's plugins) is refused, never ignored.
 *
 * @throws {@link SloSpecError} with every problem found, each with its file, path and line:column.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseSloSpec } from 'ballast/slo-spec';
 * import { SloTracker, toPrometheusRules } from 'ballast/slo';
 *
 * const slos = parseSloSpec(readFileSync('checkout.yaml', 'utf8'), { file: 'checkout.yaml' });
 * const trackers = slos.map((slo) => new SloTracker(slo.options));
 * const rules = toPrometheusRules(slos.map((slo) => slo.prometheus));
 * ```
 */
export function parseSloSpec(text: string, options?: SloSpecOptions): SloDefinition[] {
  const file = fileOf(options);
  if (typeof text !== 'string') {
    throw new TypeError(`text must be a string of YAML, got ${show(text)}`);
  }
  const read = readYaml(text);
  if (read.problems.length > 0) {
    throw new SloSpecError(
      read.problems.map(({ path, position, message }) => ({
        file,
        path,
        line: position?.line,
        column: position?.column,
        message,
      })),
    );
  }
  return definitionsOf(
    file,
    read.documents.map((doc, index) => ({ file, index, ...doc, prefix: '' })),
  );
}

/**
 * Reads SLO definitions from documents already parsed (by your own YAML or JSON reader): one
 * document, or a list of them, as {@link parseSloSpec} reads each. Problems have no line and column.
 *
 * @throws {@link SloSpecError} with every problem found.
 *
 * @example
 * ```ts
 * const [slo] = sloFromSpec({
 *   version: 'prometheus/v1',
 *   service: 'checkout',
 *   slos: [
 *     {
 *       name: 'availability',
 *       objective: 99.9,
 *       sli: {
 *         events: {
 *           error_query: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))',
 *           total_query: 'sum(rate(http_requests_total[{{.window}}]))',
 *         },
 *       },
 *     },
 *   ],
 * });
 * ```
 */
export function sloFromSpec(doc: unknown, options?: SloSpecOptions): SloDefinition[] {
  const file = fileOf(options);
  const list = Array.isArray(doc) ? doc : [doc];
  return definitionsOf(
    file,
    list.map((value: unknown, index) => ({
      file,
      index,
      value,
      positions: undefined,
      prefix: Array.isArray(doc) ? `[${index}]` : '',
    })),
  );
}

function fileOf(options: SloSpecOptions | undefined): string {
  if (options === undefined) return '<input>';
  assertOptions(options, 'options', ['file']);
  const { file } = options;
  if (file !== undefined && typeof file !== 'string') {
    throw new TypeError(`file must be a string, got ${show(file)}`);
  }
  return file ?? '<input>';
}

interface Located {
  readonly input: Input;
  readonly reader: SpecReader;
  readonly value: Fields;
}

function definitionsOf(file: string, inputs: readonly Input[]): SloDefinition[] {
  const problems: SpecProblem[] = [];
  const located: Located[] = [];
  for (const input of inputs) {
    const reader = new SpecReader(input.file, input.positions, problems, input.prefix);
    if (input.value === null || input.value === undefined) continue;
    if (!isMapping(input.value)) {
      reader.report('', `a document must be a mapping, got ${describe(input.value)}`);
      continue;
    }
    located.push({ input, reader, value: input.value });
  }
  const named: NamedSlis = {
    slis: new Map(),
    policies: new Map(),
    conditions: new Map(),
    dataSources: new Map(),
  };
  const slos: Located[] = [];
  const sloths: Located[] = [];
  for (const doc of located) {
    const { reader, value } = doc;
    if (value['version'] !== undefined && value['apiVersion'] === undefined) {
      const problem = slothVersionProblem(value);
      if (problem === undefined) sloths.push(doc);
      else reader.report('version', problem);
      continue;
    }
    const apiVersion = value['apiVersion'];
    if (apiVersion !== 'openslo/v1') {
      reader.report(
        apiVersion === undefined ? '' : 'apiVersion',
        apiVersion === undefined
          ? 'is neither OpenSLO (apiVersion: openslo/v1) nor Sloth (version: prometheus/v1)'
          : `ballast reads openslo/v1 (and Sloth's prometheus/v1), got ${describe(apiVersion)}`,
      );
      continue;
    }
    const kind = value['kind'];
    if (typeof kind !== 'string' || !KINDS.includes(kind)) {
      reader.report('kind', `must be one of ${KINDS.join(', ')}, got ${describe(kind)}`);
      continue;
    }
    if (kind === 'SLO') {
      slos.push(doc);
      continue;
    }
    const table = {
      SLI: named.slis,
      AlertPolicy: named.policies,
      AlertCondition: named.conditions,
      DataSource: named.dataSources,
    }[kind];
    if (table === undefined) continue;
    const metadata = value['metadata'];
    const name = isMapping(metadata) ? metadata['name'] : undefined;
    if (typeof name !== 'string' || name === '') {
      reader.report(isMapping(metadata) ? 'metadata.name' : 'metadata', 'a name is required');
    } else if (table.has(name)) {
      reader.report('metadata.name', `another ${kind} is named ${JSON.stringify(name)}`);
    } else {
      (table as Map<string, { reader: SpecReader; value: Fields }>).set(name, { reader, value });
    }
  }
  const definitions: SloDefinition[] = [];
  for (const { input, reader, value } of [...slos, ...sloths].sort(
    (a, b) => a.input.index - b.input.index,
  )) {
    const source = { file: input.file, document: input.index };
    if (value['version'] !== undefined) {
      definitions.push(...readSlothDocument(reader, value, source));
    } else {
      const definition = readOpenSloDocument(reader, value, named, source);
      if (definition !== undefined) definitions.push(definition);
    }
  }
  // One rule file holds them all: two SLOs with the same service and name would clash.
  const ids = new Map<string, SloDefinition>();
  for (const definition of definitions) {
    const id = `${definition.prometheus.service}-${definition.options.name}`;
    const first = ids.get(id);
    if (first === undefined) ids.set(id, definition);
    else {
      const { file, path, line } = definition.source;
      problems.push({
        file,
        path,
        line,
        column: line === undefined ? undefined : 1,
        message:
          `repeats the service and name (id ${JSON.stringify(id)}) of the SLO in document ` +
          `${first.source.document + 1}${first.source.path === '' ? '' : ` at ${first.source.path}`}: ` +
          'one rule file cannot hold both',
      });
    }
  }
  if (problems.length === 0 && definitions.length === 0) {
    new SpecReader(file, undefined, problems).report(
      '',
      'defines no SLO: give an OpenSLO SLO document or a Sloth prometheus/v1 spec',
    );
  }
  if (problems.length > 0) throw new SloSpecError(unique(problems));
  return definitions;
}

/** The problems without repeats (a referenced object is read once per reference), in file order. */
function unique(problems: readonly SpecProblem[]): SpecProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((problem) => {
      const key = JSON.stringify(problem);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
