import { array, constant, integer, oneof, record, type Arbitrary } from 'fast-check';
import { assertInteger, assertOptions, show } from '../../internal/validate.js';
import type { DependencyStep } from '../dependency-step.js';
import type { Phase } from '../timeline.js';
import { okSteps, stepArbitrary } from './dependency-step.js';
import { resolveLatency, type LatencyOptions } from './latency-ms.js';

/**
 * The kinds of phase {@link dependencyPhases} draws: all answers, all failures, a mix, or slow
 * answers (latencies from the tail of the distribution).
 *
 * @example
 * ```ts
 * const kinds: PhaseKind[] = ['healthy', 'outage'];
 * ```
 */
export type PhaseKind = 'healthy' | 'outage' | 'flaky' | 'slow';

/**
 * Options for {@link dependencyPhases}.
 *
 * @example
 * ```ts
 * const options: DependencyPhasesOptions<string> = {
 *   value: 'x',
 *   failures: [503, networkError()],
 *   hangs: true,
 *   maxPhases: 6,
 *   maxPhaseMs: 30_000,
 * };
 * ```
 */
export interface DependencyPhasesOptions<T> {
  /** What an `ok` step answers. @default undefined */
  readonly value?: T;
  /** The failures to draw from (see {@link DependencyStepOptions.failures}). @default [500, 503, networkError()] */
  readonly failures?: readonly unknown[];
  /** The latency distribution; `slow` phases draw from its tail. @default latencyMs()'s defaults */
  readonly latency?: LatencyOptions;
  /** Whether outages and flaky phases may hang (the client must time calls out). @default false */
  readonly hangs?: boolean;
  /** The kinds of phase to draw from. @default ['healthy', 'outage', 'flaky', 'slow'] */
  readonly kinds?: readonly PhaseKind[];
  /** The fewest phases, an integer >= 1. @default 1 */
  readonly minPhases?: number;
  /** The most phases. @default 4 */
  readonly maxPhases?: number;
  /** The shortest phase, in whole milliseconds. @default 0 */
  readonly minPhaseMs?: number;
  /** The longest phase. @default 10_000 */
  readonly maxPhaseMs?: number;
}

const OPTIONS = [
  'value',
  'failures',
  'latency',
  'hangs',
  'kinds',
  'minPhases',
  'maxPhases',
  'minPhaseMs',
  'maxPhaseMs',
];
const KINDS: readonly PhaseKind[] = ['healthy', 'outage', 'flaky', 'slow'];
const SHORT = { minLength: 1, maxLength: 2 };
const FLAKY = { minLength: 2, maxLength: 4 };

/**
 * The behaviour of a dependency over time, for {@link timeline}: phases such as healthy for 4 s,
 * down (503s, network errors, hangs) for 2 s, then slow. Each phase is labelled with its kind, so
 * a counterexample reads as a story. Shrinks towards fewer, shorter, healthier phases.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { FakeDependency, VirtualClock, timeline } from 'ballast/testing';
 * import { callSchedule, dependencyPhases } from 'ballast/testing/fast-check';
 *
 * fc.asyncProperty(dependencyPhases({ value: 'x', hangs: true }), callSchedule(), async (phases, times) => {
 *   const clock = new VirtualClock();
 *   const dependency = new FakeDependency({ clock, script: timeline(phases) });
 *   // ... build the client on dependency.fetch, replay `times` with callsAt, check invariants
 * });
 * ```
 */
export function dependencyPhases<T = undefined>(
  options?: DependencyPhasesOptions<T>,
): Arbitrary<Phase<T>[]> {
  const given: unknown = options ?? {};
  assertOptions(given, 'options', OPTIONS);
  const o = options ?? {};
  const { minPhases = 1, maxPhases = Math.max(minPhases, 4) } = o;
  const { minPhaseMs = 0, maxPhaseMs = Math.max(minPhaseMs, 10_000) } = o;
  assertInteger(minPhases, 'minPhases', 1);
  assertInteger(maxPhases, 'maxPhases', minPhases);
  assertInteger(minPhaseMs, 'minPhaseMs', 0);
  assertInteger(maxPhaseMs, 'maxPhaseMs', minPhaseMs);
  const hangs = o.hangs ?? false;
  if (typeof hangs !== 'boolean')
    throw new TypeError(`hangs must be a boolean, got ${show(hangs)}`);
  const kinds = o.kinds ?? KINDS;
  const list: unknown = kinds;
  if (!Array.isArray(list) || kinds.length === 0 || kinds.some((kind) => !KINDS.includes(kind))) {
    throw new TypeError(
      `kinds must be a non-empty array of ${KINDS.join(', ')}, got ${show(kinds)}`,
    );
  }
  const { typicalMs, maxMs } = resolveLatency(o.latency, 'latency');
  const hang = hangs ? 1 : 0;
  const steps: Record<PhaseKind, Arbitrary<DependencyStep<T>>> = {
    healthy: okSteps(o),
    outage: stepArbitrary({ ...o, weights: { ok: 0, fail: 3, hang } }),
    flaky: stepArbitrary({ ...o, weights: { ok: 1, fail: 1, hang } }),
    slow: okSteps(o, integer({ min: typicalMs, max: maxMs })),
  };
  const phase = oneof(
    ...kinds.map((kind: PhaseKind) =>
      record<Phase<T>>(
        {
          label: constant(kind),
          durationMs: integer({ min: minPhaseMs, max: maxPhaseMs }),
          // A flaky phase needs two steps to be able to mix answers and failures.
          steps: array(steps[kind], kind === 'flaky' ? FLAKY : SHORT),
        },
        { noNullPrototype: true },
      ),
    ),
  );
  return array(phase, { minLength: minPhases, maxLength: maxPhases });
}
