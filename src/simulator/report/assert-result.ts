import { show } from '../../internal/validate.js';

/** What each field of a result must be, for a shallow check of its shape. */
type FieldKinds = Readonly<Record<string, 'string' | 'number' | 'object' | 'array'>>;

const SIMULATION_FIELDS: FieldKinds = {
  scenario: 'string',
  description: 'string',
  seed: 'number',
  durationMs: 'number',
  stepMs: 'number',
  phases: 'array',
  variants: 'array',
};

const BACKTEST_FIELDS: FieldKinds = {
  source: 'string',
  events: 'number',
  fromMs: 'number',
  toMs: 'number',
  stepMs: 'number',
  slo: 'object',
  incidents: 'array',
  requests: 'array',
  errorRate: 'array',
  strategies: 'array',
};

/**
 * Checks that `value` looks like a `SimulationResult`: an object with the fields the reports read.
 * The check is shallow: it catches a wrong argument, not a result edited by hand.
 *
 * @throws TypeError naming `argument` and the field, and showing the value.
 * @example
 * ```ts
 * assertSimulationResult({}, 'result'); // TypeError: result must be a SimulationResult ...: its `scenario` must be a string, got undefined in {}
 * ```
 * @internal
 */
export function assertSimulationResult(value: unknown, argument: string): void {
  assertShape(value, argument, 'a SimulationResult (what simulate returns)', SIMULATION_FIELDS);
}

/**
 * Checks that `value` looks like a `BacktestResult`: an object with the fields the reports read.
 *
 * @throws TypeError naming `argument` and the field, and showing the value.
 * @example
 * ```ts
 * assertBacktestResult(input.backtest, 'input.backtest');
 * ```
 * @internal
 */
export function assertBacktestResult(value: unknown, argument: string): void {
  assertShape(value, argument, 'a BacktestResult (what backtest returns)', BACKTEST_FIELDS);
}

function assertShape(value: unknown, argument: string, what: string, fields: FieldKinds): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${argument} must be ${what}, got ${show(value)}`);
  }
  for (const [field, kind] of Object.entries(fields)) {
    const got: unknown = (value as Record<string, unknown>)[field];
    const ok =
      kind === 'array'
        ? Array.isArray(got)
        : kind === 'object'
          ? typeof got === 'object' && got !== null
          : typeof got === kind;
    if (!ok) {
      throw new TypeError(
        `${argument} must be ${what}: its \`${field}\` must be ${kind === 'array' ? 'an array' : `a ${kind}`}, got ${show(got)} in ${show(value)}`,
      );
    }
  }
}
