// A registered symbol, so that the guard also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side), where `instanceof` fails.
const BRAND = Symbol.for('ballast.SloSpecError');

/**
 * One thing wrong with an SLO spec: where it is and what is wrong, never the file's content.
 *
 * @example
 * ```ts
 * const problem: SpecProblem = {
 *   file: 'checkout.yaml',
 *   path: 'spec.objectives[0].target',
 *   line: 14,
 *   column: 15,
 *   message: 'must be in (0, 1), got 1.5',
 * };
 * ```
 */
export interface SpecProblem {
  /** The file, as given in `parseSloSpec`'s `file` option; `<input>` without one. */
  readonly file: string;
  /** Where in the document: `spec.objectives[0].target`, `slos[1].sli.events`; `''` for all of it. */
  readonly path: string;
  /** 1-based line of the value (or of the nearest enclosing one); undefined without source text. */
  readonly line: number | undefined;
  /** 1-based column, as `line`. */
  readonly column: number | undefined;
  /** What is wrong, and why when the field is refused. */
  readonly message: string;
}

/**
 * The rejection of an SLO spec that cannot be read or turned into SLOs: every problem found, each
 * with its file, path and line:column. The message lists them, one per line, as
 * {@link formatSpecProblem} writes them.
 *
 * @example
 * ```ts
 * try {
 *   parseSloSpec(text, { file: 'checkout.yaml' });
 * } catch (error) {
 *   if (!isSloSpecError(error)) throw error;
 *   for (const problem of error.problems) console.error(formatSpecProblem(problem));
 * }
 * ```
 */
export class SloSpecError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'SloSpecError',
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this.prototype, BRAND, { value: true });
  }

  /** Every problem found, in the order of the file. At least one. */
  readonly problems: readonly SpecProblem[];

  /** @param problems - what is wrong, at least one. */
  constructor(problems: readonly SpecProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid SLO spec, ${count}:\n${problems.map(formatSpecProblem).join('\n')}`);
    this.problems = Object.freeze([...problems]);
  }
}

/**
 * Whether `error` is a {@link SloSpecError}, from this copy of ballast or another.
 *
 * @example
 * ```ts
 * if (isSloSpecError(error)) process.exitCode = 1;
 * ```
 */
export function isSloSpecError(error: unknown): error is SloSpecError {
  return typeof error === 'object' && error !== null && BRAND in error;
}

/**
 * A problem as one line: `file:line:column path: message` (`file: path: message` without a line).
 *
 * @example
 * ```ts
 * formatSpecProblem(problem); // 'checkout.yaml:14:15 spec.objectives[0].target: must be in (0, 1), got 1.5'
 * ```
 */
export function formatSpecProblem(problem: SpecProblem): string {
  const where =
    problem.line === undefined
      ? `${problem.file}:`
      : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === ''
    ? `${where} ${problem.message}`
    : `${where} ${problem.path}: ${problem.message}`;
}
