import type { BurnRateAlert } from '../../slo/index.js';
import type { BackendCapacity, BackendPhase, LatencyDistribution } from '../../testing/index.js';
import type { LayerSpec } from './layer-spec.js';

/**
 * A validated simulation scenario, every duration in milliseconds: what {@link parseScenario}
 * returns and {@link simulate} runs. See docs/simulator.md for the file format it is read from.
 *
 * @example
 * ```ts
 * const scenario: Scenario = parseScenario(YAML.parse(readFileSync('scenarios/hard-outage.yaml', 'utf8')));
 * ```
 */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly durationMs: number;
  /** @default 1 */
  readonly seed: number;
  /** The series' resolution. @default the smallest whole second giving at most 1,500 steps */
  readonly stepMs: number;
  readonly traffic: TrafficSpec;
  readonly dependency: DependencySpec;
  readonly variants: readonly VariantSpec[];
  readonly slos: readonly SloSpec[];
}

/**
 * Users' calls per second over time: a step function of `points` (the first from 0), or with
 * `ramp` a line between them; arrivals `poisson` (seeded) or evenly spaced (`uniform`).
 *
 * @example
 * ```ts
 * const traffic: TrafficSpec = { points: [{ fromMs: 0, rps: 100 }], ramp: false, arrivals: 'poisson' };
 * ```
 */
export interface TrafficSpec {
  readonly points: readonly { readonly fromMs: number; readonly rps: number }[];
  readonly ramp: boolean;
  readonly arrivals: 'poisson' | 'uniform';
}

/**
 * The dependency's behaviour: a {@link SimulatedBackend}'s options.
 *
 * @example
 * ```ts
 * const dependency: DependencySpec = { errorRate: 0, latency: { type: 'fixed', ms: 20 }, phases: [] };
 * ```
 */
export interface DependencySpec {
  readonly errorRate: number;
  readonly latency: LatencyDistribution;
  readonly capacity?: BackendCapacity;
  readonly phases: readonly BackendPhase[];
}

/**
 * One client stack to try: its layers, outermost first.
 *
 * @example
 * ```ts
 * const variant: VariantSpec = { name: 'timeout only', layers: [{ kind: 'timeout', timeoutMs: 1_000 }] };
 * ```
 */
export interface VariantSpec {
  readonly name: string;
  readonly layers: readonly LayerSpec[];
}

/**
 * An SLO observed on every user call of every variant.
 *
 * @example
 * ```ts
 * const slo: SloSpec = { name: 'availability', objective: 0.999, periodMs: 30 * 86_400_000 };
 * ```
 */
export interface SloSpec {
  readonly name: string;
  readonly objective: number;
  readonly latencyThresholdMs?: number;
  /** @default 30 days */
  readonly periodMs: number;
  /** `false` for none. @default the tracker's default tiers */
  readonly alerts?: readonly BurnRateAlert[] | false;
}
