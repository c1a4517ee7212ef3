// A registered symbol, so that the guard also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side), where `instanceof` fails.
const BRAND = Symbol.for('ballast.TrafficFormatError');

/**
 * The rejection of a recording that cannot be read: where (the source, the 1-based line, the
 * field or column) and what is wrong. The message reads `events.csv:12: ok: must be true, false,
 * 1 or 0, got "yes"`.
 *
 * @example
 * ```ts
 * try {
 *   readTraffic(text, { source: 'events.csv' });
 * } catch (error) {
 *   if (!isTrafficFormatError(error)) throw error;
 *   console.error(error.message); // events.csv:12: ok: must be true, false, 1 or 0, got "yes"
 * }
 * ```
 */
export class TrafficFormatError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'TrafficFormatError',
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }

  /** The file name, or what the caller called the input. */
  readonly source: string;
  /** The 1-based line at fault; undefined for the input as a whole (or a JSON document). */
  readonly line: number | undefined;
  /** The field, column or JSON path at fault; undefined for the line as a whole. */
  readonly field: string | undefined;
  /** What is wrong, without the place. */
  readonly problem: string;

  constructor(
    source: string,
    line: number | undefined,
    field: string | undefined,
    problem: string,
  ) {
    const where = line === undefined ? source : `${source}:${line}`;
    super(`${where}: ${field === undefined ? '' : `${field}: `}${problem}`);
    this.source = source;
    this.line = line;
    this.field = field;
    this.problem = problem;
  }
}

/**
 * Whether `error` is a {@link TrafficFormatError}, from this copy of ballast or another.
 *
 * @example
 * ```ts
 * if (isTrafficFormatError(error)) process.exitCode = 1;
 * ```
 */
export function isTrafficFormatError(error: unknown): error is TrafficFormatError {
  return typeof error === 'object' && error !== null && BRAND in error;
}
