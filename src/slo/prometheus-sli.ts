// The two ways a PrometheusSloSpec names its events: series selectors of counters, which the rules
// wrap in sum(rate(...)), or PromQL query templates with a {{.window}} placeholder, as Sloth's
// `events` SLIs give them. Both become the same PromQL building blocks, per window.
import { show } from '../internal/validate.js';

/** The checked events of one SLO. @internal */
export interface ResolvedSli {
  readonly form: 'selectors' | 'queries';
  /** A selector, or a query template (trimmed, line breaks as `\n`). */
  readonly total: string;
  readonly good: string | undefined;
  readonly bad: string | undefined;
}

const SELECTOR = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*\s*)?(?:\{[^\n\r]*\})?$/;
const WINDOW = /\{\{\s*\.window\s*\}\}/g;
// Raw, these break the YAML literal block the query is written into (YAML 1.1, which Prometheus's
// parser follows, also ends lines at NEL, LS and PS).
// eslint-disable-next-line no-control-regex -- control characters are what this pattern finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/**
 * Checks the events of a spec: `total` and one of `good`/`bad`, or `totalQuery` and one of
 * `goodQuery`/`badQuery`, never a mix.
 *
 * @internal
 */
export function resolveSli(spec: Readonly<Record<string, unknown>>, path: string): ResolvedSli {
  const selectors = ['total', 'good', 'bad'].filter((key) => spec[key] !== undefined);
  const queries = ['totalQuery', 'goodQuery', 'badQuery'].filter((key) => spec[key] !== undefined);
  if (selectors.length > 0 && queries.length > 0) {
    throw new TypeError(
      `${path} mixes series selectors (${selectors.join(', ')}) with query templates ` +
        `(${queries.join(', ')}): give total and good or bad, or totalQuery and goodQuery or badQuery`,
    );
  }
  if (queries.length > 0) {
    const total = query(spec['totalQuery'], `${path}.totalQuery`);
    const good = optional(spec['goodQuery'], `${path}.goodQuery`, query);
    const bad = optional(spec['badQuery'], `${path}.badQuery`, query);
    if ((good === undefined) === (bad === undefined)) {
      throw new TypeError(`${path} must give exactly one of goodQuery and badQuery`);
    }
    return { form: 'queries', total, good, bad };
  }
  const total = selector(spec['total'], `${path}.total`);
  const good = optional(spec['good'], `${path}.good`, selector);
  const bad = optional(spec['bad'], `${path}.bad`, selector);
  if ((good === undefined) === (bad === undefined)) {
    throw new TypeError(`${path} must give exactly one of good and bad`);
  }
  return { form: 'selectors', total, good, bad };
}

function optional(
  value: unknown,
  path: string,
  check: (value: unknown, path: string) => string,
): string | undefined {
  return value === undefined ? undefined : check(value, path);
}

function selector(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '' || !SELECTOR.test(value.trim())) {
    throw new TypeError(
      `${path} must be a series selector such as 'http_requests_total{job="api"}', ` +
        `got ${show(value)}`,
    );
  }
  return value.trim();
}

function query(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(
      `${path} must be a PromQL query with a {{.window}} range, such as ` +
        `'sum(rate(http_requests_total{job="api"}[{{.window}}]))', got ${show(value)}`,
    );
  }
  if (CONTROL.test(value)) {
    throw new TypeError(`${path} must not hold control characters, got ${show(value)}`);
  }
  const lines = value.replace(/\r\n?/g, '\n');
  if (lines.match(WINDOW) === null) {
    throw new TypeError(
      `${path} must use {{.window}} as its range, as in rate(...[{{.window}}]), got ${show(value)}`,
    );
  }
  // Placeholders blanked out, so that positions in messages are those of the query as written.
  const blank = lines.replace(WINDOW, (placeholder) => '_'.repeat(placeholder.length));
  const other = /\{\{.*?\}\}|\{\{|\}\}/.exec(blank);
  if (other !== null) {
    throw new TypeError(`${path}: only {{.window}} can be templated, got ${show(other[0])}`);
  }
  const unbalanced = bracketError(blank);
  if (unbalanced !== undefined) throw new TypeError(`${path} ${unbalanced}`);
  const text = lines.trim();
  return text;
}

const CLOSING: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/**
 * What is wrong with the brackets of `text`, outside strings and comments, or undefined. A query
 * goes into the rules inside parentheses; one that closes more than it opens would change the
 * meaning of the rule around it rather than fail, so it is refused here.
 */
function bracketError(text: string): string | undefined {
  const open: { char: string; line: number; column: number }[] = [];
  let quote: string | undefined;
  let comment = false;
  let line = 1;
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    column++;
    if (char === '\n') {
      line++;
      column = 0;
      comment = false;
    } else if (comment) {
      // up to the end of the line
    } else if (quote !== undefined) {
      if (char === '\\' && quote !== '`') {
        i++;
        column++;
      } else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '`') {
      quote = char;
    } else if (char === '#') {
      comment = true;
    } else if (char in CLOSING) {
      open.push({ char, line, column });
    } else if (char === ')' || char === ']' || char === '}') {
      const last = open.pop();
      if (last === undefined || CLOSING[last.char] !== char) {
        return `has an unmatched "${char}" at line ${line}, column ${column}`;
      }
    }
  }
  if (quote !== undefined) return `has an unterminated ${quote} string`;
  const last = open.pop();
  return last === undefined
    ? undefined
    : `has an unclosed "${last.char}" from line ${last.line}, column ${last.column}`;
}

/** PromQL for the events of an SLO over one window, as lines of the rule file. @internal */
export interface SliExpressions {
  /** The rate of every event. */
  readonly total: (window: string) => string[];
  /** The rate of good or of bad events (whichever the spec gives), 0 when nothing matches. */
  readonly givenOrZero: (window: string) => string[];
  /** At least `minimum` events over the window (of `windowMs`), for `and on ()`. */
  readonly atLeast: (window: string, windowMs: number, minimum: number) => string[];
  /** 1 while the SLO has no events to measure. */
  readonly absent: (window: string) => string[];
}

/** The building blocks of the rules for `sli`. @internal */
export function sliExpressions(sli: ResolvedSli): SliExpressions {
  const given = (sli.bad ?? sli.good)!;
  if (sli.form === 'selectors') {
    return {
      total: (window) => [`sum(rate(${sli.total}[${window}]))`],
      // `or vector(0)`: a selector that matches no series (no 5xx on a clean service; no 2xx when
      // every request fails) is 0 events, not an empty result, which would drop the ratio.
      givenOrZero: (window) => [`(sum(rate(${given}[${window}])) or vector(0))`],
      // Prometheus's increase() extrapolates, so this guard is close to, not exactly, the tracker's.
      atLeast: (window, _, minimum) => [`(sum(increase(${sli.total}[${window}])) >= ${minimum})`],
      // The series themselves, not their rate: it notices at once, from the staleness markers of
      // the scrapes that stopped, rather than once the rate's range has emptied.
      absent: () => [`absent(${sli.total})`],
    };
  }
  return {
    // In parentheses, as Sloth writes them, whatever the query's own operators.
    total: (window) => wrap('(', render(sli.total, window), ')'),
    // The same `or vector(0)` as for selectors; `or` binds loosest, so it applies to the query's
    // whole result.
    givenOrZero: (window) => {
      const lines = render(given, window);
      return oneLine(lines)
        ? [`(${lines[0]} or vector(0))`]
        : ['(', ...indent(lines), '  or vector(0)', ')'];
    },
    // A query gives a rate per second: times the window's seconds, the events in it.
    atLeast: (window, windowMs, minimum) => {
      const lines = render(sli.total, window);
      const tail = ` * ${windowMs / 1000} >= ${minimum}`;
      return oneLine(lines)
        ? [`(sum(${lines[0]})${tail})`]
        : ['(', '  sum(', ...indent(indent(lines)), `  )${tail}`, ')'];
    },
    // An expression has no staleness of its own: it is absent once it returns nothing, when the
    // window's range holds fewer than two samples of every series it reads.
    absent: (window) => wrap('absent(', render(sli.total, window), ')'),
  };
}

function render(template: string, window: string): string[] {
  return template.replace(WINDOW, window).split('\n');
}

/** One line, unless the query spans several or may end in a `#` comment that would swallow it. */
function oneLine(lines: readonly string[]): boolean {
  return lines.length === 1 && !lines[0]!.includes('#');
}

function wrap(open: string, lines: readonly string[], close: string): string[] {
  return oneLine(lines) ? [`${open}${lines[0]}${close}`] : [open, ...indent(lines), close];
}

/** @internal */
export function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
