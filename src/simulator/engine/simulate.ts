import { assertFunction, assertInteger, assertOptions } from '../../internal/validate.js';
import type { Scenario } from '../scenario/scenario.js';
import type { SimulationResult, VariantResult } from '../simulation-result.js';
import { runVariant } from './run-variant.js';

/**
 * Options for {@link simulate}.
 *
 * @example
 * ```ts
 * const options: SimulateOptions = { seed: 7, onProgress: (done) => bar.update(done) };
 * ```
 */
export interface SimulateOptions {
  /** The seed of every random draw, in place of the scenario's. @default scenario.seed */
  readonly seed?: number;
  /** Hears the share of the run done, from 0 to 1, once per step of each variant. @default none */
  readonly onProgress?: (fraction: number) => void;
}

/**
 * Runs a scenario: its traffic through each variant's stack of real ballast policies, against
 * a simulated dependency, in virtual time (a day of traffic in seconds). The same scenario and
 * seed give the same result, to the byte of its JSON. While it runs, errors capture no stack
 * trace (`Error.stackTraceLimit` is 0, and restored after).
 *
 * @example
 * ```ts
 * import { parseScenario, simulate, simulationSummary } from 'ballast/simulator';
 *
 * const result = await simulate(parseScenario(spec), { seed: 42 });
 * console.log(simulationSummary(result));
 * ```
 */
export async function simulate(
  scenario: Scenario,
  options?: SimulateOptions,
): Promise<SimulationResult> {
  const given: unknown = options;
  if (given !== undefined) assertOptions(given, 'options', ['seed', 'onProgress']);
  const seed = options?.seed ?? scenario.seed;
  assertInteger(seed, 'seed', 0);
  assertFunction(options?.onProgress, 'onProgress');
  const onProgress = options?.onProgress ?? ((): void => {});
  const count = scenario.variants.length;
  const variants: VariantResult[] = [];
  for (const [index, variant] of scenario.variants.entries()) {
    variants.push(
      await runVariant(scenario, variant, seed, (done) => onProgress((index + done) / count)),
    );
  }
  return {
    scenario: scenario.name,
    description: scenario.description,
    seed,
    durationMs: scenario.durationMs,
    stepMs: scenario.stepMs,
    phases: scenario.dependency.phases.map(({ name, fromMs, toMs }) => ({ name, fromMs, toMs })),
    variants,
  };
}
