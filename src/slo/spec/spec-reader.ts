// Reads the plain values of a spec document field by field, collecting every problem with its
// path (and, from its position, its line and column) instead of stopping at the first.
import { closest, show } from '../../internal/validate.js';
import { pathOf, type Position } from './read-yaml.js';
import type { SpecProblem } from './slo-spec-error.js';

/** A mapping read from a document. @internal */
export type Fields = Readonly<Record<string, unknown>>;

/** Where problems go, for one document. @internal */
export class SpecReader {
  /** Every problem found, shared by the readers of the documents read together. */
  readonly problems: SpecProblem[];
  readonly #file: string;
  readonly #positions: ReadonlyMap<string, Position> | undefined;
  readonly #prefix: string;

  /**
   * @param prefix - prepended to every path, for a document in a list (`[1]`); `''` for none.
   */
  constructor(
    file: string,
    positions: ReadonlyMap<string, Position> | undefined,
    problems: SpecProblem[] = [],
    prefix = '',
  ) {
    this.problems = problems;
    this.#file = file;
    this.#positions = positions;
    this.#prefix = prefix;
  }

  /** Records a problem at `path` (at the nearest enclosing value that has a position). */
  report(path: string, message: string): void {
    const position = this.position(path);
    let full = path;
    if (this.#prefix !== '') {
      full =
        path === '' || path.startsWith('[') ? `${this.#prefix}${path}` : `${this.#prefix}.${path}`;
    }
    this.problems.push({
      file: this.#file,
      path: full,
      line: position?.line,
      column: position?.column,
      message,
    });
  }

  /** The position of `path`, or of the nearest enclosing path that has one. */
  position(path: string): Position | undefined {
    if (this.#positions === undefined) return undefined;
    for (let at = path; ; at = parentOf(at)) {
      const found = this.#positions.get(at);
      if (found !== undefined || at === '') return found;
    }
  }

  /**
   * `value` as a mapping whose keys are all in `known`; a key in `refused` is reported with its
   * reason, any other unknown key with the closest known name. Undefined (and reported) when
   * `value` is not a mapping.
   */
  fields(
    value: unknown,
    path: string,
    known: readonly string[],
    refused: Readonly<Record<string, string>> = {},
  ): Fields | undefined {
    if (!isMapping(value)) {
      this.report(path, `must be a mapping, got ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(refused, key)) {
        this.report(pathOf(path, key), refused[key]!);
      } else if (!known.includes(key)) {
        this.report(pathOf(path, key), `unknown field (did you mean "${closest(key, known)}"?)`);
      }
    }
    return value;
  }

  /** A required or optional non-empty string. */
  string(fields: Fields, key: string, path: string, required: boolean): string | undefined {
    const value = fields[key];
    if (value === undefined || value === null) {
      if (required) this.report(pathOf(path, key), 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.report(pathOf(path, key), `must be a non-empty string, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** An optional finite number. */
  number(fields: Fields, key: string, path: string, required: boolean): number | undefined {
    const value = fields[key];
    if (value === undefined || value === null) {
      if (required) this.report(pathOf(path, key), 'is required');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.report(pathOf(path, key), `must be a number, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** An optional boolean. */
  boolean(fields: Fields, key: string, path: string): boolean | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.report(pathOf(path, key), `must be true or false, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** An optional list. */
  list(fields: Fields, key: string, path: string): readonly unknown[] | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) {
      this.report(pathOf(path, key), `must be a list, got ${describe(value)}`);
      return undefined;
    }
    return value as readonly unknown[];
  }

  /**
   * An optional mapping of Prometheus labels: valid names that the rules do not set themselves
   * (`sloth_*` and `alertname`; `severity` too, on every rule's `series` labels).
   */
  labels(
    fields: Fields,
    key: string,
    path: string,
    on: 'series' | 'alert',
  ): Record<string, string> | undefined {
    const labels = this.strings(fields, key, path);
    for (const name of Object.keys(labels ?? {})) {
      const at = pathOf(pathOf(path, key), name);
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || name.startsWith('__')) {
        this.report(at, 'not a valid Prometheus label name');
      } else if (
        name.startsWith('sloth_') ||
        name === 'alertname' ||
        (on === 'series' && name === 'severity')
      ) {
        this.report(at, 'the rules set this label themselves');
      }
    }
    return labels;
  }

  /** An optional mapping of strings (labels, annotations), as a plain object. */
  strings(fields: Fields, key: string, path: string): Record<string, string> | undefined {
    const value = fields[key];
    if (value === undefined || value === null) return undefined;
    const at = pathOf(path, key);
    if (!isMapping(value)) {
      this.report(at, `must be a mapping of strings, got ${describe(value)}`);
      return undefined;
    }
    const entries: Record<string, string> = {};
    for (const [name, inner] of Object.entries(value)) {
      if (typeof inner === 'string') define(entries, name, inner);
      else this.report(pathOf(at, name), `must be a string, got ${describe(inner)}`);
    }
    return entries;
  }
}

/** Whether `value` is a mapping (a plain or null-prototype object). @internal */
export function isMapping(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

/** Sets an own, enumerable property, whatever its name (`__proto__` included). @internal */
export function define<T>(target: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(target, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** A value as a problem message shows it: its kind, or a short scalar. @internal */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return show(value);
}

function parentOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut <= 0 ? '' : path.slice(0, cut);
}
