import { neverAborted, neverAbortingCall } from './never-aborted.js';

// Option checks shared by every module. Each throws at construction time with a message that names
// the option and the value it got, so bad input never becomes a silent default.

/**
 * Any JavaScript value as text for an error message. Never throws: not for a BigInt, a Symbol, a
 * null-prototype object, a revoked proxy or a circular structure.
 */
export function show(value: unknown): string {
  try {
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
      case 'function':
        return 'a function';
      case 'bigint':
        return `${value.toString()}n`;
      case 'symbol':
        return value.toString();
      case 'number':
        return Object.is(value, -0) ? '-0' : String(value);
      case 'object':
        return value === null ? 'null' : showObject(value);
      default:
        return String(value);
    }
  } catch {
    return 'an unprintable value';
  }
}

function showObject(value: object): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== null && prototype !== Object.prototype) {
    const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name !== 'string' || name === '') return 'an object';
    return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, inner: unknown) =>
      typeof inner === 'bigint' ? `${inner.toString()}n` : inner,
    );
  } catch {
    text = undefined;
  }
  if (text === undefined) return 'an object';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Checks an options object: `undefined` is allowed when `optional` (all defaults); anything else
 * must be a non-null object whose keys are all in `known` and whose values are not `null` (an
 * omitted or `undefined` option means its default; `null` is always a mistake). An unknown key is
 * reported with the closest valid name, or with `hints[key]` when the key is a known name from
 * another library (`resetTimeout` for `openMs`).
 *
 * @param path - how the object is named in messages: `options`, `halfOpen`, `alerts[2]`.
 */
export function assertOptions(
  value: unknown,
  path: string,
  known: readonly string[],
  hints?: Readonly<Record<string, string>>,
): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${path} must be an object, got ${show(value)}`);
  }
  const prefix = path === 'options' ? '' : `${path}.`;
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const hint = hints !== undefined && Object.hasOwn(hints, key) ? hints[key] : undefined;
      const suggestion =
        hint ?? (known.length > 0 ? `did you mean "${prefix}${closest(key, known)}"?` : '');
      throw new TypeError(
        `unknown option "${prefix}${key}"${suggestion === '' ? '' : ` (${suggestion})`}`,
      );
    }
    if ((value as Record<string, unknown>)[key] === null) {
      throw new TypeError(
        `${prefix}${key} must not be null (omit it, or pass undefined, for the default)`,
      );
    }
  }
}

/** The name in `candidates` nearest to `key` by edit distance, ignoring case. */
export function closest(key: string, candidates: readonly string[]): string {
  let best = candidates[0] ?? '';
  let bestDistance = Number.POSITIVE_INFINITY;
  const lower = key.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** A non-empty string (a name that ends up in metrics, logs and messages). */
export function assertName(value: unknown, option: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${option} must be a non-empty string, got ${show(value)}`);
  }
}

/** A finite number >= 0 (a delay or duration that may be zero). */
export function assertNonNegative(value: unknown, option: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${option} must be a finite number >= 0, got ${show(value)}`);
  }
}

/** A finite number > 0 (a window length, a rate). */
export function assertPositive(value: unknown, option: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${option} must be a finite number > 0, got ${show(value)}`);
  }
}

/** An integer >= `min` (a count). */
export function assertInteger(
  value: unknown,
  option: string,
  min: number,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${option} must be an integer >= ${min}, got ${show(value)}`);
  }
}

/** A number between `low` and `high`; `bounds` says which ends are open, in interval notation. */
export function assertInRange(
  value: unknown,
  option: string,
  low: number,
  high: number,
  bounds: '()' | '(]' | '[)' | '[]',
): asserts value is number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (bounds[0] === '(' ? value > low : value >= low) &&
    (bounds[1] === ')' ? value < high : value <= high);
  if (!ok) {
    const interval = `${bounds[0]}${low}, ${high}${bounds[1]}`;
    throw new RangeError(`${option} must be in ${interval}, got ${show(value)}`);
  }
}

/** A function, when given. */
export function assertFunction(value: unknown, option: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${option} must be a function, got ${show(value)}`);
  }
}

/** A `Clock`-shaped object, when given. */
export function assertClock(value: unknown, option = 'clock'): void {
  if (value === undefined) return;
  if (
    value === null ||
    typeof value !== 'object' ||
    !('now' in value) ||
    typeof value.now !== 'function' ||
    !('setTimer' in value) ||
    typeof value.setTimer !== 'function'
  ) {
    throw new TypeError(`${option} must be a Clock with now() and setTimer(), got ${show(value)}`);
  }
  const wall = (value as { readonly wallNow?: unknown }).wallNow;
  if (wall !== undefined && typeof wall !== 'function') {
    throw new TypeError(`${option}.wallNow must be a function when given, got ${show(wall)}`);
  }
}

/**
 * An `AbortSignal`, when given. Checked before any timer or listener is set, so that a wrong
 * value (the `AbortController` itself, say) fails the call cleanly instead of leaving a timer armed.
 */
export function assertSignal(
  value: unknown,
  option = 'signal',
): asserts value is AbortSignal | undefined {
  if (value === undefined) return;
  const signal = value as Record<keyof AbortSignal, unknown> | null;
  if (
    typeof value !== 'object' ||
    signal === null ||
    typeof signal.aborted !== 'boolean' ||
    typeof signal.addEventListener !== 'function' ||
    typeof signal.removeEventListener !== 'function'
  ) {
    const hint =
      typeof value === 'object' && value !== null && 'signal' in value && 'abort' in value
        ? ' (pass controller.signal, not the controller)'
        : '';
    throw new TypeError(`${option} must be an AbortSignal, got ${show(value)}${hint}`);
  }
}

/**
 * An options object of one key, checked on a hot path (per call, per timer): for the usual object
 * that holds only `key`, one `for...in` and no allocation; anything else gets the full check of
 * {@link assertOptions}, with its messages. Returns the value of `key`.
 */
function singleOption(
  options: object,
  key: string,
  extra: readonly string[] = NO_KEYS,
  also?: string,
): unknown {
  if (Array.isArray(options))
    throw new TypeError(`options must be an object, got ${show(options)}`);
  const record = options as Record<string, unknown>;
  for (const name in record) {
    if (name !== key && ((name !== also && !extra.includes(name)) || record[name] === null)) {
      assertOptions(
        options,
        'options',
        also === undefined ? [key, ...extra] : [key, also, ...extra],
      );
    }
  }
  const value = record[key];
  if (value === null) assertOptions(options, 'options', [key, ...extra]);
  return value;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/**
 * What is wrong with one `execute` call, or `undefined` when nothing is: `fn` must be a function,
 * and `options` `undefined` or an object whose keys are `signal` (an `AbortSignal`), `deadline`
 * (a finite number, a time on the policy's clock) and the policy's own per-call keys in `extra`,
 * whose values the policy checks itself (none is `null`). Every `execute` rejects with it, before
 * any timer or listener is set, and never throws. Cheap enough for the hot path: no allocation for
 * the usual `{ signal }` or `{ signal, deadline }` (which `wrap()` hands every nested call).
 */
export function executeError(
  fn: unknown,
  options: unknown,
  extra?: readonly string[],
): TypeError | RangeError | undefined {
  if (typeof fn !== 'function') return new TypeError(`fn must be a function, got ${show(fn)}`);
  if (options === undefined || options === neverAbortingCall) return undefined;
  try {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`options must be an object, got ${show(options)}`);
    }
    const signal = singleOption(options, 'signal', extra, 'deadline');
    if (signal !== neverAborted) assertSignal(signal);
    const deadline = (options as { readonly deadline?: unknown }).deadline;
    // Infinity is no deadline at all, and -Infinity one long past: both order as times do.
    if (deadline !== undefined && (typeof deadline !== 'number' || Number.isNaN(deadline))) {
      const message = `options.deadline must be a time on the policy's clock (a number), got ${show(deadline)}`;
      throw typeof deadline === 'number' ? new RangeError(message) : new TypeError(message);
    }
    return undefined;
  } catch (error) {
    return error as TypeError | RangeError;
  }
}

/**
 * The options of `Clock.setTimer`: `undefined`, or an object whose only key is `unref`, a boolean.
 * Allocation-free for the usual `{ unref: true }`, since timers are set per call.
 */
export function assertTimerOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${show(options)}`);
  }
  const unref = singleOption(options, 'unref');
  if (unref !== undefined && typeof unref !== 'boolean') {
    throw new TypeError(`unref must be a boolean, got ${show(unref)}`);
  }
}
