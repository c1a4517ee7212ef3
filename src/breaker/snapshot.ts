import { assertInteger, assertNonNegative, assertOptions, show } from '../internal/validate.js';

/**
 * The state of a {@link CircuitBreaker} as plain JSON, from {@link CircuitBreaker.snapshot}:
 * store it (say, on shutdown) and pass it back as `initialState` to start a breaker where this
 * one left off.
 *
 * Times are relative (`remainingOpenMs`), since clocks of different processes share no origin.
 * The trip condition's counters are not included: a restored breaker starts them empty. An
 * isolated breaker is restored isolated, with no release function, so that a circuit an operator
 * held open stays open across a restart; {@link CircuitBreaker.reset} lifts it.
 *
 * @example
 * ```ts
 * await redis.set('breaker:payments', JSON.stringify(breaker.snapshot()));
 * // later, in another process:
 * const saved = await redis.get('breaker:payments');
 * const restored = new CircuitBreaker({
 *   ...options,
 *   ...(saved === null ? {} : { initialState: JSON.parse(saved) as BreakerSnapshot }),
 * });
 * ```
 */
export type BreakerSnapshot =
  | {
      /** The snapshot format; only 1 exists. */
      readonly version: 1;
      readonly state: 'open';
      /** How many times the circuit opened since it was last closed, >= 1. */
      readonly openedTimes: number;
      /** Milliseconds left in the open period when the snapshot was taken, >= 0. */
      readonly remainingOpenMs: number;
    }
  | {
      readonly version: 1;
      /** A half-open breaker is restored with no probe running and no probe success counted. */
      readonly state: 'closed' | 'half-open' | 'isolated';
      /** 0 when closed; >= 1 when half-open. */
      readonly openedTimes: number;
    };

const STATES: readonly string[] = ['closed', 'open', 'half-open', 'isolated'];
const FIELDS: readonly string[] = ['version', 'state', 'openedTimes', 'remainingOpenMs'];

/** Checks an `initialState` option; returns it typed, or throws naming the bad field. */
export function validateSnapshot(value: unknown): BreakerSnapshot {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`initialState must be a snapshot object, got ${show(value)}`);
  }
  const snapshot = value as Record<string, unknown>;
  // The version first: a snapshot of another format is better reported as such than by its fields.
  if (snapshot['version'] !== 1) {
    throw new RangeError(`initialState.version must be 1, got ${show(snapshot['version'])}`);
  }
  assertOptions(snapshot, 'initialState', FIELDS);
  const state = snapshot['state'];
  if (typeof state !== 'string' || !STATES.includes(state)) {
    throw new RangeError(
      `initialState.state must be one of ${STATES.join(', ')}, got ${show(state)}`,
    );
  }
  const openedTimes = snapshot['openedTimes'];
  const least = state === 'open' || state === 'half-open' ? 1 : 0;
  assertInteger(openedTimes, 'initialState.openedTimes', least);
  if (state === 'closed' && openedTimes !== 0) {
    throw new RangeError(`initialState.openedTimes must be 0 when closed, got ${openedTimes}`);
  }
  if (state === 'open') {
    assertNonNegative(snapshot['remainingOpenMs'], 'initialState.remainingOpenMs');
  } else if (snapshot['remainingOpenMs'] !== undefined) {
    throw new RangeError(
      `initialState.remainingOpenMs is only allowed when the state is open, got ${state}`,
    );
  }
  return snapshot as unknown as BreakerSnapshot;
}
