import { constant, constantFrom, oneof, tuple, type Arbitrary } from 'fast-check';
import { assertInteger, assertOptions, show } from '../../internal/validate.js';
import { fail, hang, ok, type DependencyStep } from '../dependency-step.js';
import { networkError } from '../network-error.js';
import { latencyMs, resolveLatency, type LatencyOptions } from './latency-ms.js';

/**
 * How often {@link dependencyStep} draws each kind of step, as integer weights.
 *
 * @example
 * ```ts
 * const weights: StepWeights = { ok: 8, fail: 1, hang: 1 };
 * ```
 */
export interface StepWeights {
  /** @default 3 */
  readonly ok?: number;
  /** @default 2 */
  readonly fail?: number;
  /** Steps that never settle: leave at 0 unless the client times its calls out. @default 0 */
  readonly hang?: number;
}

/**
 * Options for {@link dependencyStep}.
 *
 * @example
 * ```ts
 * const options: DependencyStepOptions<string> = {
 *   value: 'x',
 *   failures: [503, 429, networkError()],
 *   latency: { typicalMs: 50, maxMs: 3_000 },
 *   weights: { ok: 4, fail: 1 },
 * };
 * ```
 */
export interface DependencyStepOptions<T> {
  /** What an `ok` step answers. @default undefined */
  readonly value?: T;
  /**
   * The failures to draw from, evenly: numbers are HTTP statuses (`fail(503)`), anything else an
   * error to reject with.
   *
   * @default [500, 503, networkError()]
   */
  readonly failures?: readonly unknown[];
  /** The latency of `ok` and `fail` steps. @default latencyMs()'s defaults */
  readonly latency?: LatencyOptions;
  /** How often each kind of step comes. @default { ok: 3, fail: 2, hang: 0 } */
  readonly weights?: StepWeights;
}

const OPTIONS = ['value', 'failures', 'latency', 'weights'];

/**
 * One {@link DependencyStep}: an answer, a failure drawn from an error mix, or (when weighted) a
 * hang, each with a latency drawn from a distribution. Shrinks towards a fast `ok`.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { dependencyStep } from 'ballast/testing/fast-check';
 *
 * fc.sample(dependencyStep({ value: 'x', failures: [503, 429] }), 3);
 * // e.g. [ok('x', 12 ms), fail(503, 80 ms), ok('x', 1400 ms)] as plain step objects
 * ```
 */
export function dependencyStep<T = undefined>(
  options?: DependencyStepOptions<T>,
): Arbitrary<DependencyStep<T>> {
  const given: unknown = options ?? {};
  assertOptions(given, 'options', OPTIONS);
  return stepArbitrary(options ?? {});
}

/** @internal The step arbitrary, for options already checked for unknown keys. */
export function stepArbitrary<T>(options: DependencyStepOptions<T>): Arbitrary<DependencyStep<T>> {
  const weights = resolveWeights(options.weights);
  const parts: { arbitrary: Arbitrary<DependencyStep<T>>; weight: number }[] = [];
  if (weights.ok > 0) parts.push({ arbitrary: okSteps(options), weight: weights.ok });
  if (weights.fail > 0) parts.push({ arbitrary: failSteps(options), weight: weights.fail });
  if (weights.hang > 0) parts.push({ arbitrary: constant(hang()), weight: weights.hang });
  return oneof(...parts);
}

/** @internal `ok` steps answering `options.value`, with latencies drawn from `latency`. */
export function okSteps<T>(
  options: DependencyStepOptions<T>,
  latency: Arbitrary<number> = latencyMs(resolveLatency(options.latency, 'latency')),
): Arbitrary<DependencyStep<T>> {
  const value = options.value as T;
  return latency.map((ms) => ok(value, { latencyMs: ms }));
}

/** @internal `fail` steps drawn from `options.failures`. */
export function failSteps<T>(options: DependencyStepOptions<T>): Arbitrary<DependencyStep<T>> {
  const failures = resolveFailures(options.failures);
  const latency = latencyMs(resolveLatency(options.latency, 'latency'));
  return tuple(constantFrom(...failures), latency).map(([failure, ms]) =>
    fail(failure, { latencyMs: ms }),
  );
}

function resolveFailures(failures: readonly unknown[] | undefined): unknown[] {
  const path = 'failures';
  if (failures === undefined) return [500, 503, networkError()];
  const list: unknown = failures;
  if (!Array.isArray(list) || failures.length === 0) {
    throw new TypeError(`${path} must be a non-empty array, got ${show(failures)}`);
  }
  failures.forEach((failure: unknown, index) => {
    if (
      typeof failure === 'number' &&
      !(Number.isInteger(failure) && failure >= 400 && failure <= 599)
    ) {
      throw new RangeError(
        `${path}[${index}] must be an HTTP status in [400, 599], got ${show(failure)}`,
      );
    }
  });
  return [...failures];
}

function resolveWeights(weights: StepWeights | undefined): Required<StepWeights> {
  const path = 'weights';
  const given: unknown = weights ?? {};
  assertOptions(given, path, ['ok', 'fail', 'hang']);
  const { ok = 3, fail = 2, hang = 0 } = weights ?? {};
  assertInteger(ok, `${path}.ok`, 0);
  assertInteger(fail, `${path}.fail`, 0);
  assertInteger(hang, `${path}.hang`, 0);
  if (ok + fail + hang === 0) throw new RangeError(`${path} must not all be 0`);
  return { ok, fail, hang };
}
