import { assertNonNegative, assertOptions, assertPositive, show } from '../internal/validate.js';
import { assertJitterFactor, spread } from './internal/jitter-factor.js';

/**
 * Computes the delay before a retry, in milliseconds.
 *
 * `retry` is 1 for the first retry (the second attempt), `previousDelayMs` is what the backoff
 * returned for the previous retry (0 before the first), and `random` returns a number in
 * `[0, 1)`. A backoff must return a finite number >= 0: {@link RetryPolicy} throws a `RangeError`
 * naming `backoff` otherwise, rather than guess a delay.
 *
 * @example
 * ```ts
 * // A custom backoff: 1 s, then 5 s, then 5 s...
 * const steps: Backoff = (retry) => (retry === 1 ? 1_000 : 5_000);
 * ```
 */
export type Backoff = (retry: number, previousDelayMs: number, random: () => number) => number;

/**
 * The jitter of an {@link exponential} backoff, where `d` is the capped exponential delay:
 * `'none'` waits exactly `d`, `'full'` a uniform draw in `[0, d)`, `'equal'` `d / 2` plus a uniform
 * draw in `[0, d / 2)`.
 *
 * @example
 * ```ts
 * const jitter: Jitter = 'equal';
 * ```
 */
export type Jitter = 'none' | 'full' | 'equal';

/**
 * The jitter of a {@link constant} or {@link linear} backoff: a number in `[0, 1]` that spreads
 * each delay `d` uniformly over `[d * (1 - jitter), d * (1 + jitter)]`, so that its mean stays `d`
 * (resilience4j's randomization factor). 0 waits exactly `d`; 0.25 waits within ±25 % of it.
 *
 * The option is named `jitter` on every backoff, but {@link exponential} takes a {@link Jitter}
 * strategy name instead: its delays grow, and full jitter spreads them downwards only.
 *
 * @example
 * ```ts
 * const jitter: JitterFactor = 0.25; // 1 s becomes a uniform draw in [750 ms, 1250 ms]
 * ```
 */
export type JitterFactor = number;

/**
 * Options for {@link constant}.
 *
 * @example
 * ```ts
 * const options: ConstantOptions = { jitter: 0.25 };
 * ```
 */
export interface ConstantOptions {
  /** How much each delay is spread, in `[0, 1]`; see {@link JitterFactor}. @default 0 */
  readonly jitter?: JitterFactor;
}

/**
 * The same delay before every retry; with `jitter`, a uniform draw within `±jitter` of it, capped
 * at the largest finite number: `min(Number.MAX_VALUE, delayMs * (1 + jitter * (2 * random() - 1)))`.
 *
 * @param delayMs - the delay in milliseconds; 0 retries at the next turn of the event loop.
 * @throws RangeError when `delayMs` is negative, NaN or infinite, or `jitter` is not in `[0, 1]`;
 *   TypeError for options that are not an object, an unknown option or a `null` one.
 *
 * @example
 * ```ts
 * import { RetryPolicy, constant } from 'ballast/retry';
 *
 * const policy = new RetryPolicy({ backoff: constant(250) });
 * // Each delay a uniform draw in [750, 1250] ms, so that clients that failed together spread out.
 * const spread = new RetryPolicy({ backoff: constant(1_000, { jitter: 0.25 }) });
 * ```
 */
export function constant(delayMs: number, options?: ConstantOptions): Backoff {
  assertNonNegative(delayMs, 'delayMs');
  if (options !== undefined) {
    const given: unknown = options;
    assertOptions(given, 'options', CONSTANT_OPTIONS);
  }
  const jitter = options?.jitter ?? 0;
  assertJitterFactor(jitter);
  // Without jitter the random source is never called: the delays are exact and draw nothing.
  if (jitter === 0) return () => delayMs;
  return (_retry, _previous, random) => spread(delayMs, jitter, random(), Number.MAX_VALUE);
}

/**
 * Options for {@link linear}.
 *
 * @example
 * ```ts
 * const options: LinearOptions = { initialMs: 100, stepMs: 100, maxMs: 1_000 };
 * ```
 */
export interface LinearOptions {
  /** The delay before the first retry, in milliseconds. */
  readonly initialMs: number;
  /** How much each further retry adds, in milliseconds. */
  readonly stepMs: number;
  /** The longest delay, in milliseconds; finite and >= `initialMs`. @default no cap */
  readonly maxMs?: number;
  /**
   * How much each delay is spread, in `[0, 1]`; see {@link JitterFactor}. Applied to the capped
   * delay, and capped again, so no delay exceeds `maxMs`.
   *
   * @default 0
   */
  readonly jitter?: JitterFactor;
}

/**
 * A delay that grows by the same step each retry: `d = min(maxMs, initialMs + stepMs * (retry - 1))`.
 * Without `maxMs` it grows up to the largest finite number, never to `Infinity`. With `jitter`,
 * each delay is a uniform draw within `±jitter` of `d`, capped at `maxMs` again:
 * `min(maxMs, d * (1 + jitter * (2 * random() - 1)))`.
 *
 * @throws RangeError when an option is negative, NaN or infinite, `maxMs < initialMs`, or `jitter`
 *   is not in `[0, 1]`; TypeError for options that are not an object, an unknown option or a
 *   `null` one.
 *
 * @example
 * ```ts
 * import { RetryPolicy, linear } from 'ballast/retry';
 *
 * // 100, 300, 500, 500... ms
 * const policy = new RetryPolicy({ backoff: linear({ initialMs: 100, stepMs: 200, maxMs: 500 }) });
 * // About 100, 300, 500 ms, each within ±20 %, and never above 500 ms.
 * const jittered = linear({ initialMs: 100, stepMs: 200, maxMs: 500, jitter: 0.2 });
 * ```
 */
export function linear(options: LinearOptions): Backoff {
  const given: unknown = options;
  assertOptions(given, 'options', LINEAR_OPTIONS);
  // Without a cap, the largest finite number: initialMs + stepMs * n may overflow to Infinity.
  const { initialMs, stepMs, maxMs = Number.MAX_VALUE, jitter = 0 } = options;
  assertNonNegative(initialMs, 'initialMs');
  assertNonNegative(stepMs, 'stepMs');
  assertCap(maxMs, initialMs);
  assertJitterFactor(jitter);
  if (jitter === 0) return (retry) => Math.min(maxMs, initialMs + stepMs * (retry - 1));
  return (retry, _previous, random) =>
    spread(Math.min(maxMs, initialMs + stepMs * (retry - 1)), jitter, random(), maxMs);
}

/**
 * Options for {@link exponential}.
 *
 * @example
 * ```ts
 * const options: ExponentialOptions = { initialMs: 50, factor: 3, maxMs: 5_000, jitter: 'equal' };
 * ```
 */
export interface ExponentialOptions {
  /** The delay before the first retry before jitter, in milliseconds; > 0. @default 100 */
  readonly initialMs?: number;
  /** What each retry multiplies the delay by; >= 1. @default 2 */
  readonly factor?: number;
  /** The cap on the delay before jitter, in milliseconds; must be >= `initialMs`. @default 30_000 */
  readonly maxMs?: number;
  /**
   * How the delay is randomised: a {@link Jitter} strategy name (not the numeric
   * {@link JitterFactor} of {@link constant} and {@link linear}). @default 'full'
   */
  readonly jitter?: Jitter;
}

/**
 * An exponentially growing delay, capped, then jittered: with
 * `d = min(maxMs, initialMs * factor ** (retry - 1))`, `'none'` waits `d`, `'full'` a uniform draw
 * in `[0, d)` and `'equal'` `d / 2` plus a uniform draw in `[0, d / 2)`.
 *
 * Full jitter is the default because it spreads clients that failed together the most, which is
 * what ends contention fastest (see the simulation in `docs/retry.md`).
 *
 * @throws RangeError when `initialMs` is not > 0, `factor` is not >= 1, `maxMs < initialMs`, or an
 *   option is NaN or infinite; TypeError for an unknown `jitter`, an unknown option or a `null` one.
 *
 * @example
 * ```ts
 * import { RetryPolicy, exponential } from 'ballast/retry';
 *
 * // Before jitter: 200, 400, 800, 1600, 2000, 2000... ms
 * const backoff = exponential({ initialMs: 200, maxMs: 2_000, jitter: 'equal' });
 * const policy = new RetryPolicy({ backoff, maxAttempts: 5 });
 * ```
 */
export function exponential(options?: ExponentialOptions): Backoff {
  if (options !== undefined) {
    const given: unknown = options;
    assertOptions(given, 'options', EXPONENTIAL_OPTIONS);
  }
  const initialMs = options?.initialMs ?? 100;
  const factor = options?.factor ?? 2;
  const maxMs = options?.maxMs ?? 30_000;
  const jitter = options?.jitter ?? 'full';
  assertPositive(initialMs, 'initialMs');
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 1) {
    throw new RangeError(`factor must be a finite number >= 1, got ${show(factor)}`);
  }
  assertCap(maxMs, initialMs);
  // factor ** n overflows to Infinity for large n; min() then yields maxMs, which is finite, so
  // no jitter below multiplies an infinite delay (0 * Infinity is NaN).
  const capped = (retry: number): number => Math.min(maxMs, initialMs * factor ** (retry - 1));
  switch (jitter) {
    case 'none':
      return capped;
    case 'full':
      return (retry, _previous, random) => random() * capped(retry);
    case 'equal':
      return (retry, _previous, random) => {
        const half = capped(retry) / 2;
        return half + random() * half;
      };
    default:
      throw new TypeError(
        `jitter must be 'none', 'full' or 'equal', got ${show(jitter)}${
          typeof jitter === 'number' ? ' (a number is the jitter of constant() and linear())' : ''
        }`,
      );
  }
}

/**
 * Options for {@link decorrelatedJitter}.
 *
 * @example
 * ```ts
 * const options: DecorrelatedJitterOptions = { initialMs: 50, maxMs: 10_000 };
 * ```
 */
export interface DecorrelatedJitterOptions {
  /** The shortest delay, in milliseconds; > 0. @default 100 */
  readonly initialMs?: number;
  /** The longest delay, in milliseconds; must be >= `initialMs`. @default 30_000 */
  readonly maxMs?: number;
}

/**
 * "Decorrelated jitter" from the AWS Architecture Blog: each delay is a uniform draw between
 * `initialMs` and three times the previous delay, capped:
 * `min(maxMs, uniform in [initialMs, 3 * max(initialMs, previousDelayMs)))`. The first retry
 * (previous delay 0) draws from `[initialMs, 3 * initialMs)`, as AWS's `sleep = base` start does.
 *
 * Every delay is in `[initialMs, maxMs]`. It depends on the previous delay, so give each call its
 * own sequence: {@link RetryPolicy} passes the previous delay it computed.
 *
 * @throws RangeError when `initialMs` is not > 0, `maxMs < initialMs`, or an option is NaN or
 *   infinite; TypeError for an unknown option or a `null` one.
 *
 * @example
 * ```ts
 * import { RetryPolicy, decorrelatedJitter } from 'ballast/retry';
 *
 * const policy = new RetryPolicy({ backoff: decorrelatedJitter({ initialMs: 100, maxMs: 10_000 }) });
 * ```
 */
export function decorrelatedJitter(options?: DecorrelatedJitterOptions): Backoff {
  if (options !== undefined) {
    const given: unknown = options;
    assertOptions(given, 'options', DECORRELATED_OPTIONS);
  }
  const initialMs = options?.initialMs ?? 100;
  const maxMs = options?.maxMs ?? 30_000;
  assertPositive(initialMs, 'initialMs');
  assertCap(maxMs, initialMs);
  return (_retry, previousDelayMs, random) => {
    const upper = 3 * Math.max(initialMs, previousDelayMs);
    const r = random();
    // Near Number.MAX_VALUE, 3 * previous overflows: any draw above 0 is then past the cap, and a
    // draw of 0 is initialMs (0 * Infinity would be NaN).
    if (upper === Infinity) return r > 0 ? maxMs : initialMs;
    return Math.min(maxMs, initialMs + r * (upper - initialMs));
  };
}

const CONSTANT_OPTIONS: readonly string[] = ['jitter'];
const LINEAR_OPTIONS: readonly string[] = ['initialMs', 'stepMs', 'maxMs', 'jitter'];
const EXPONENTIAL_OPTIONS: readonly string[] = ['initialMs', 'factor', 'maxMs', 'jitter'];
const DECORRELATED_OPTIONS: readonly string[] = ['initialMs', 'maxMs'];

function assertCap(maxMs: unknown, initialMs: number): void {
  if (typeof maxMs !== 'number' || !Number.isFinite(maxMs) || maxMs < initialMs) {
    throw new RangeError(
      `maxMs must be a finite number >= initialMs (${initialMs}), got ${show(maxMs)}`,
    );
  }
}
