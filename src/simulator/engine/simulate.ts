import { assertFunction, assertInteger, assertOptions, show } from '../../internal/validate.js';
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
 * seed give the same result, to the byte of its JSON.
 *
 * @throws TypeError (as a rejection) when `scenario` is not a {@link Scenario} from
 * `parseScenario`, or an option is of the wrong type or unknown; RangeError for a seed that is
 * not an integer >= 0.
 * @throws Error (as a rejection) when a variant's stack re-arms timers at one instant of virtual
 * time without end (a retry without limit or backoff): the run would never finish.
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
  assertScenario(scenario);
  const given: unknown = options;
  if (given !== undefined) assertOptions(given, 'options', ['seed', 'onProgress']);
  const seed: unknown = options?.seed ?? scenario.seed;
  if (typeof seed !== 'number') throw new TypeError(`seed must be a number, got ${show(seed)}`);
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

/** A shallow check of the fields the engine reads: it catches a wrong argument, not a forged one. */
function assertScenario(scenario: unknown): asserts scenario is Scenario {
  const fields = { name: 'string', durationMs: 'number', stepMs: 'number', seed: 'number' };
  const objects = ['traffic', 'dependency'];
  const arrays = ['variants', 'slos'];
  const wrong =
    typeof scenario !== 'object' || scenario === null
      ? undefined
      : (Object.entries(fields).find(
          ([field, kind]) => typeof Reflect.get(scenario, field) !== kind,
        )?.[0] ??
        objects.find((field) => {
          const value: unknown = Reflect.get(scenario, field);
          return typeof value !== 'object' || value === null;
        }) ??
        arrays.find((field) => !Array.isArray(Reflect.get(scenario, field))));
  if (typeof scenario !== 'object' || scenario === null || wrong !== undefined) {
    throw new TypeError(
      `scenario must be a Scenario (what parseScenario returns from a file's contents)${wrong === undefined ? '' : `: its \`${wrong}\` is ${show(Reflect.get(scenario as object, wrong))}`}, got ${show(scenario)}`,
    );
  }
}
