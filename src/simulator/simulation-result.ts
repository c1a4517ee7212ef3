/**
 * A span of simulated time, from `fromMs` (inclusive) to `toMs` (exclusive); `toMs` is
 * `undefined` for a span still open when the run ended.
 *
 * @example
 * ```ts
 * const outage: TimeSpan = { fromMs: 600_000, toMs: 1_200_000 };
 * ```
 */
export interface TimeSpan {
  readonly fromMs: number;
  readonly toMs: number | undefined;
}

/**
 * What {@link simulate} found: the figures of every variant of the client's stack, run against
 * the same traffic and the same dependency. Times are milliseconds since the scenario's start.
 *
 * @example
 * ```ts
 * const result: SimulationResult = await simulate(scenario);
 * for (const variant of result.variants) console.log(variant.name, variant.summary.amplification);
 * ```
 */
export interface SimulationResult {
  /** The scenario's name. */
  readonly scenario: string;
  /** The scenario's description, `''` when it has none. */
  readonly description: string;
  /** The seed every variant's randomness came from. */
  readonly seed: number;
  /** How much simulated time the run covered. */
  readonly durationMs: number;
  /** The width of one step of every series. */
  readonly stepMs: number;
  /** The spans in which the dependency was in each phase, for the report's shared time axis. */
  readonly phases: readonly (TimeSpan & { readonly name: string })[];
  /** One per variant, in the scenario's order. */
  readonly variants: readonly VariantResult[];
}

/**
 * One variant of the client's stack and what it did.
 *
 * @example
 * ```ts
 * const [naive, budgeted] = result.variants;
 * naive.summary.amplification > budgeted.summary.amplification; // true in a hard outage
 * ```
 */
export interface VariantResult {
  /** The variant's name. */
  readonly name: string;
  /** Its layers, outermost first: `['fallback', 'retry', 'breaker', 'timeout']`. */
  readonly layers: readonly string[];
  /** The figures over the whole run. */
  readonly summary: VariantSummary;
  /** The figures per step (`SimulationResult.stepMs`). */
  readonly series: VariantSeries;
  /** Every span in which one of its breakers was not closed. */
  readonly breakerStates: readonly BreakerSpan[];
  /** Every span in which one of its SLO alerts was firing. */
  readonly alerts: readonly AlertSpan[];
}

/**
 * The figures of one variant over the whole run.
 *
 * @example
 * ```ts
 * const { amplification, successRate, latencyMs } = variant.summary;
 * ```
 */
export interface VariantSummary {
  /** Calls made by users. */
  readonly requests: number;
  /** Calls that answered their user with a value (a fallback's included). */
  readonly succeeded: number;
  /**
   * `succeeded / (requests - pending)`: the share of the calls that settled by the end of the run
   * that answered with a value (`NaN` when none settled). Calls still pending are left out: they
   * neither failed nor succeeded.
   */
  readonly successRate: number;
  /**
   * Calls still pending when the run ended (a dependency slower than the run, a long backoff).
   * Absent from results made before it was counted: read it as `requests` minus the settled calls.
   */
  readonly pending?: number;
  /** Calls answered by a fallback. */
  readonly fallbacks: number;
  /** Calls that reached the dependency, retries and hedges included. */
  readonly dependencyCalls: number;
  /** `dependencyCalls / requests`: how much the stack multiplied the load. */
  readonly amplification: number;
  /** How long users waited for an answer, success or failure. */
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  /** One per breaker in the stack, outermost first. */
  readonly breakers: readonly {
    readonly name: string;
    readonly trips: number;
    readonly openMs: number;
  }[];
  /** Retries started, at every layer. */
  readonly retries: number;
  /** Retries a retry budget refused. */
  readonly retriesRefused: number;
  /** Calls a layer refused without calling on: open breaker, full bulkhead, rate limit, throttle, concurrency limit. */
  readonly rejected: number;
  /** Calls a timeout ended. */
  readonly timeouts: number;
  /** One per SLO of the scenario. */
  readonly slos: readonly SloSummary[];
}

/**
 * What one SLO saw of one variant.
 *
 * @example
 * ```ts
 * const slo: SloSummary = variant.summary.slos[0];
 * console.log(`${(slo.budgetSpent * 100).toFixed(1)} % of the budget spent`);
 * ```
 */
export interface SloSummary {
  readonly name: string;
  readonly objective: number;
  /** The share of the error budget of the SLO's period spent by the end of the run (may exceed 1). */
  readonly budgetSpent: number;
  /** Its alerts, in the order they fired. */
  readonly alerts: readonly AlertSpan[];
}

/**
 * A span in which an SLO alert was firing.
 *
 * @example
 * ```ts
 * const page: AlertSpan = { slo: 'checkout', severity: 'page', burnRate: 14.4, fromMs: 90_000, toMs: 960_000 };
 * ```
 */
export interface AlertSpan extends TimeSpan {
  readonly slo: string;
  readonly severity: string;
  /** The highest burn-rate threshold among the tiers that held the alert up while it fired. */
  readonly burnRate: number;
}

/**
 * A span in which a breaker was open or half-open.
 *
 * @example
 * ```ts
 * const band: BreakerSpan = { breaker: 'breaker', state: 'open', fromMs: 60_000, toMs: 65_000 };
 * ```
 */
export interface BreakerSpan extends TimeSpan {
  readonly breaker: string;
  readonly state: 'open' | 'half-open';
}

/**
 * One variant's figures per step: entry `i` covers `[i * stepMs, (i + 1) * stepMs)`.
 *
 * @example
 * ```ts
 * const load = variant.series.dependencyCalls.map((calls) => calls / (result.stepMs / 1000)); // per second
 * ```
 */
export interface VariantSeries {
  /** Calls users started in the step. */
  readonly requests: readonly number[];
  /** Calls that settled in the step with a value. */
  readonly succeeded: readonly number[];
  /** Calls that settled in the step, with a value or an error. */
  readonly settled: readonly number[];
  /** Calls that reached the dependency in the step. */
  readonly dependencyCalls: readonly number[];
  /** Retries started in the step. */
  readonly retries: readonly number[];
  /** Calls refused by a layer in the step. */
  readonly rejected: readonly number[];
  /** Per SLO (in the scenario's order), the share of its error budget left at the end of the step. */
  readonly budgetRemaining: readonly (readonly number[])[];
}
