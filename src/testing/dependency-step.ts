import { assertNonNegative, assertOptions, show } from '../internal/validate.js';

/**
 * A step that answers with `value` after `latencyMs`.
 *
 * @example
 * ```ts
 * const step: OkStep<string> = ok('x', { latencyMs: 20 });
 * ```
 */
export interface OkStep<T> {
  readonly kind: 'ok';
  readonly value: T;
  readonly latencyMs: number;
  /** Headers of the `Response` that {@link FakeDependency.fetch} resolves. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A step that fails after `latencyMs`: with an HTTP `status`, or with `error`.
 *
 * @example
 * ```ts
 * const step: FailStep = fail(503, { latencyMs: 5 });
 * ```
 */
export interface FailStep {
  readonly kind: 'fail';
  readonly latencyMs: number;
  /** The HTTP status of the failure, when given as a number: `fail(503)`. */
  readonly status?: number;
  /** The error to reject with, when given as anything else: `fail(new Error('reset'))`. */
  readonly error?: unknown;
  /** Headers of the `Response` that {@link FakeDependency.fetch} resolves for a status. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A step that never settles: the call waits until its signal aborts.
 *
 * @example
 * ```ts
 * const step: HangStep = hang();
 * ```
 */
export interface HangStep {
  readonly kind: 'hang';
}

/**
 * What one call to a {@link FakeDependency} does: made with {@link ok}, {@link fail},
 * {@link slow} or {@link hang}. Plain data, so a failing property test prints it legibly.
 *
 * @example
 * ```ts
 * const script: DependencyStep<string>[] = [fail(503), slow(2_000, 'late'), ok('x'), hang()];
 * ```
 */
export type DependencyStep<T = unknown> = OkStep<T> | FailStep | HangStep;

/**
 * Options of {@link ok} and {@link fail}.
 *
 * @example
 * ```ts
 * fail(429, { latencyMs: 10, headers: { 'retry-after': '2' } });
 * ```
 */
export interface StepOptions {
  /**
   * How long the call takes on the dependency's clock, in milliseconds. With 0 the call settles
   * at once (in a microtask), with no timer.
   *
   * @default 0
   */
  readonly latencyMs?: number;
  /** Headers of the `Response` that {@link FakeDependency.fetch} resolves. @default none */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A step that answers with `value` (`undefined` when omitted). `fetch` resolves it as a `200`
 * response: a string as text, any other value as JSON.
 *
 * @example
 * ```ts
 * import { FakeDependency, ok } from 'ballast/testing';
 *
 * const dependency = new FakeDependency({ clock, script: [ok({ id: 1 }, { latencyMs: 20 })] });
 * ```
 */
export function ok(): OkStep<undefined>;
export function ok<T>(value: T, options?: StepOptions): OkStep<T>;
export function ok(value?: unknown, options?: StepOptions): OkStep<unknown> {
  return { kind: 'ok', value, ...stepOptions(options) };
}

/**
 * A step that fails. With a number (an HTTP status in [400, 599]), `call` rejects with a
 * {@link DependencyError} whose `status` is that number, made afresh for each call, and `fetch`
 * resolves a `Response` with that status (as `fetch` does: HTTP errors are responses, not
 * rejections). With anything else, both reject with it, the same object each time: pass an error
 * such as Node's `TypeError('fetch failed')` to stand for a network failure.
 *
 * @example
 * ```ts
 * import { fail } from 'ballast/testing';
 *
 * const script = [fail(503), fail(new Error('connection reset'), { latencyMs: 30 })];
 * ```
 */
export function fail(failure: unknown, options?: StepOptions): FailStep {
  if (typeof failure !== 'number') return { kind: 'fail', error: failure, ...stepOptions(options) };
  if (!Number.isInteger(failure) || failure < 400 || failure > 599) {
    throw new RangeError(`status must be an integer in [400, 599], got ${show(failure)}`);
  }
  return { kind: 'fail', status: failure, ...stepOptions(options) };
}

/**
 * A step that answers with `value` after `ms`: `slow(ms, value)` is `ok(value, { latencyMs: ms })`.
 *
 * @example
 * ```ts
 * const script = [slow(2_000, 'late'), ok('fast')];
 * ```
 */
export function slow<T = undefined>(ms: number, value?: T): OkStep<T> {
  assertNonNegative(ms, 'ms');
  return { kind: 'ok', value: value as T, latencyMs: ms };
}

/**
 * A step that never settles: the call rejects only when its signal aborts (with the signal's
 * reason). Without a signal it stays in flight for ever, which `clock.run` reports as a deadlock.
 *
 * @example
 * ```ts
 * const script = [hang(), ok('x')]; // the first attempt needs a timeout
 * ```
 */
export function hang(): HangStep {
  return { kind: 'hang' };
}

function stepOptions(options: StepOptions | undefined): {
  latencyMs: number;
  headers?: Readonly<Record<string, string>>;
} {
  if (options === undefined) return { latencyMs: 0 };
  const given: unknown = options;
  assertOptions(given, 'options', ['latencyMs', 'headers']);
  const { latencyMs = 0, headers } = options;
  assertNonNegative(latencyMs, 'latencyMs');
  if (headers === undefined) return { latencyMs };
  if (typeof headers !== 'object') {
    throw new TypeError(`headers must be an object, got ${show(headers)}`);
  }
  return { latencyMs, headers };
}

/** @internal Checks that `value` is a step (a script's entries are checked before any call). */
export function assertStep(value: unknown, path: string): asserts value is DependencyStep {
  const step = (typeof value === 'object' ? value : null) as Partial<FailStep> | null;
  const kind: unknown = step?.kind;
  const latencyMs: unknown = step?.latencyMs;
  const valid =
    kind === 'hang' ||
    ((kind === 'ok' || kind === 'fail') &&
      typeof latencyMs === 'number' &&
      Number.isFinite(latencyMs) &&
      latencyMs >= 0);
  if (!valid) {
    throw new TypeError(
      `${path} must be a step made by ok(), fail(), slow() or hang(), got ${show(value)}`,
    );
  }
}
