import { assertNonNegative, assertOptions, show } from '../internal/validate.js';
import { assertStep, type DependencyStep } from './dependency-step.js';
import type { FakeCall } from './fake-dependency.js';

/**
 * A stretch of time during which a dependency behaves one way: the calls that start in it play
 * `steps` in turn, the first call of the phase the first step, round and round.
 *
 * @example
 * ```ts
 * const outage: Phase = { label: 'outage', durationMs: 30_000, steps: [fail(503), hang()] };
 * ```
 */
export interface Phase<T = unknown> {
  /** How long the phase lasts, in milliseconds. The last phase lasts for ever. */
  readonly durationMs: number;
  /** What the calls in the phase do, in turn; at least one step. */
  readonly steps: readonly DependencyStep<T>[];
  /** A name for the phase, for people reading a test or a counterexample. @default none */
  readonly label?: string;
}

/**
 * Options for {@link timeline}.
 *
 * @example
 * ```ts
 * const script = timeline(phases, { startMs: clock.now() });
 * ```
 */
export interface TimelineOptions {
  /** When the first phase starts, on the dependency's clock. @default 0 */
  readonly startMs?: number;
}

const PHASE_OPTIONS = ['durationMs', 'steps', 'label'];

/**
 * A script for a {@link FakeDependency} that follows phases in time, one after the other from
 * `startMs`: healthy, then down for 30 s, then slow, say. Each call plays a step of the phase it
 * starts in (a call before `startMs` plays the first phase); the last phase lasts for ever.
 *
 * @example
 * ```ts
 * import { FakeDependency, fail, ok, slow, timeline } from 'ballast/testing';
 *
 * const dependency = new FakeDependency({
 *   clock,
 *   script: timeline([
 *     { durationMs: 10_000, steps: [ok('x', { latencyMs: 20 })] },
 *     { durationMs: 30_000, steps: [fail(503)] },
 *     { durationMs: 0, steps: [slow(900, 'x'), ok('x', { latencyMs: 20 })] },
 *   ]),
 * });
 * ```
 */
export function timeline<T>(
  phases: readonly Phase<T>[],
  options?: TimelineOptions,
): (call: FakeCall) => DependencyStep<T> {
  const list: unknown = phases;
  if (!Array.isArray(list) || phases.length === 0) {
    throw new TypeError(`phases must be a non-empty array, got ${show(phases)}`);
  }
  const given: unknown = options;
  if (given !== undefined) assertOptions(given, 'options', ['startMs']);
  const startMs = options?.startMs ?? 0;
  if (!Number.isFinite(startMs))
    throw new RangeError(`startMs must be finite, got ${show(startMs)}`);
  const ends: number[] = [];
  let end = startMs;
  phases.forEach((phase, index) => {
    const entry: unknown = phase;
    assertOptions(entry, `phases[${index}]`, PHASE_OPTIONS);
    assertNonNegative(phase.durationMs, `phases[${index}].durationMs`);
    const steps: unknown = phase.steps;
    if (!Array.isArray(steps) || steps.length === 0) {
      throw new TypeError(`phases[${index}].steps must be a non-empty array, got ${show(steps)}`);
    }
    steps.forEach((step, at) => assertStep(step, `phases[${index}].steps[${at}]`));
    end += phase.durationMs;
    ends.push(end);
  });
  const counts = phases.map(() => 0);
  return (call) => {
    let index = 0;
    while (index < phases.length - 1 && call.now >= ends[index]!) index++;
    const steps = phases[index]!.steps;
    return steps[counts[index]!++ % steps.length]!;
  };
}
