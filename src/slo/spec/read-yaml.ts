// YAML from an untrusted file, read defensively: a size bound before parsing, a bound on aliases
// and on the values they expand to (a "billion laughs" file is refused, not expanded), plain
// objects with no prototype (a `__proto__` key is only a key), and a position for every value so
// that each problem names its line and column without quoting the file.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
} from 'yaml';

/** Files larger than this (in UTF-16 code units, about bytes for YAML) are refused unparsed. */
export const MAX_SPEC_SIZE = 1_048_576;
/** Aliases (`*name`) allowed in one document. */
const MAX_ALIAS_COUNT = 100;
/** Values (scalars, mappings, sequences) one document may expand to, aliases included. */
const MAX_VALUES = 100_000;

/** A 1-based line and column. @internal */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One YAML document as plain values, and the position of the value at each path. @internal */
export interface YamlDocument {
  readonly value: unknown;
  /** `path` -> position, for paths as {@link pathOf} writes them; `''` is the document. */
  readonly positions: ReadonlyMap<string, Position>;
}

/** What went wrong while reading the YAML itself. @internal */
export interface YamlProblem {
  readonly path: string;
  readonly position: Position | undefined;
  readonly message: string;
}

/** The documents of `text`, or the problems that keep it from being read. @internal */
export function readYaml(
  text: string,
): { documents: YamlDocument[]; problems: [] } | { documents: []; problems: YamlProblem[] } {
  if (text.length > MAX_SPEC_SIZE) {
    return fail({
      path: '',
      position: undefined,
      message: `the file is larger than ${MAX_SPEC_SIZE} bytes: refused unread`,
    });
  }
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const parsed = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2',
    schema: 'core',
  });
  const list = Array.isArray(parsed) ? parsed : [];
  const problems: YamlProblem[] = [];
  for (const doc of list) {
    for (const error of doc.errors) {
      problems.push({ path: '', position: at(error.pos[0]), message: error.message });
    }
  }
  if (problems.length > 0) return fail(...problems);
  const documents: YamlDocument[] = [];
  for (const doc of list) {
    const converted = convert(doc, at);
    if ('problem' in converted) return fail(converted.problem);
    documents.push(converted);
  }
  return { documents, problems: [] };
}

function fail(...problems: YamlProblem[]): { documents: []; problems: YamlProblem[] } {
  return { documents: [], problems };
}

/** The path of `key` inside `parent`: `a.b`, `a[0]`, `a["openslo.com/x"]`. @internal */
export function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_][\w-]*$/.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

class Refused extends Error {}

function convert(
  doc: Document.Parsed,
  at: (offset: number) => Position,
): YamlDocument | { problem: YamlProblem } {
  const positions = new Map<string, Position>();
  let values = 0;
  let aliases = 0;
  let where = '';
  const walk = (node: unknown, path: string, depth: number): unknown => {
    where = path;
    if (++values > MAX_VALUES) {
      throw new Refused(`expands to more than ${MAX_VALUES} values (aliases of aliases?): refused`);
    }
    if (depth > 64) throw new Refused('is nested more than 64 levels deep: refused');
    let target = node;
    if (isAlias(target)) {
      if (++aliases > MAX_ALIAS_COUNT) {
        throw new Refused(
          `is alias number ${aliases} of its document, which may use ${MAX_ALIAS_COUNT}: refused ` +
            '(aliases of aliases can expand a small file beyond memory)',
        );
      }
      target = target.resolve(doc);
      if (target === undefined) throw new Refused('is an alias to no anchor');
    }
    const range = (target as { range?: readonly number[] | null }).range;
    if (!positions.has(path) && range != null) positions.set(path, at(range[0]!));
    if (isMap(target)) {
      const object: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const pair of target.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          where = path;
          throw new Refused('has a key that is not a string');
        }
        const name = String(key);
        const inner = pathOf(path, name);
        const keyRange = (pair.key as { range?: readonly number[] | null }).range;
        if (keyRange != null) positions.set(inner, at(keyRange[0]!));
        const value = pair.value == null ? null : walk(pair.value, inner, depth + 1);
        // A null-prototype object: `__proto__`, `constructor` and `prototype` are plain keys.
        Object.defineProperty(object, name, { value, enumerable: true, writable: true });
        // The value's own position is more precise than its key's, when it has one.
        if (pair.value != null) {
          const valueRange = (pair.value as { range?: readonly number[] | null }).range;
          if (valueRange != null && !isMap(pair.value) && !isSeq(pair.value)) {
            positions.set(inner, at(valueRange[0]!));
          }
        }
      }
      return object;
    }
    if (isSeq(target)) {
      return target.items.map((item, index) =>
        item == null ? null : walk(item, pathOf(path, index), depth + 1),
      );
    }
    if (isScalar(target)) return target.value;
    /* c8 ignore next */
    throw new Refused('holds a value of an unknown kind');
  };
  try {
    const value = doc.contents == null ? null : walk(doc.contents, '', 0);
    return { value, positions };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    let at = where;
    while (at !== '' && !positions.has(at)) {
      at = at.slice(0, Math.max(at.lastIndexOf('.'), at.lastIndexOf('['), 0));
    }
    return { problem: { path: where, position: positions.get(at), message: error.message } };
  }
}
