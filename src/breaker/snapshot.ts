import { assertInteger, assertNonNegative, assertOptions, show } from '../internal/validate.js';

/**
 * The state of a {@link CircuitBreaker} as plain JSON, from {@link CircuitBreaker.snapshot}:
 * store it (say, on shutdown) and pass it back as `initialState` to start a breaker where this
 * one left off.
 *
 * The open period left is relative (`remainingOpenMs`), since the monotonic clocks of two
 * processes share no origin; `takenAtMs`, the wall-clock time of the snapshot, lets the restoring
 * breaker subtract the time it was down. The trip condition's counters are not included: a
 * restored breaker starts them empty. An isolated breaker is restored isolated, with no release
 * function, so that a circuit an operator held open stays open across a restart;
 * {@link CircuitBreaker.reset} lifts it. A timed isolation is saved as an open period marked
 * `manual`, restored for what is left of it.
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
      /**
       * How many times the circuit opened since it was last closed: >= 1, or >= 0 for a `manual`
       * open period (a timed isolation of a closed circuit does not count as an opening).
       */
      readonly openedTimes: number;
      /**
       * Milliseconds left in the open period when the snapshot was taken, >= 0. A restored
       * breaker waits at most its own open period (`openMs` for this `openedTimes`), less the
       * time since `takenAtMs`; a `manual` one waits what was left, less the time since
       * `takenAtMs`.
       */
      readonly remainingOpenMs: number;
      /**
       * Present (and `true`) when the open period is a timed {@link CircuitBreaker.isolate}: an
       * operator's decision, restored as it is, not clamped to `openMs`, with no release function
       * ({@link CircuitBreaker.reset} lifts it).
       */
      readonly manual?: true;
      /**
       * When the snapshot was taken: the wall-clock time of the breaker's clock (see `wallNow` in
       * `ballast/clock`), in milliseconds since the Unix epoch. `snapshot()` always sets it, unless
       * the clock's `wallNow()` reads no finite time. Without it, or when it lies in the future of
       * the restoring clock, an open snapshot is restored as it was taken, with a warning.
       */
      readonly takenAtMs?: number;
    }
  | {
      readonly version: 1;
      /** A half-open breaker is restored with no probe running and no probe success counted. */
      readonly state: 'closed' | 'half-open' | 'isolated';
      /** 0 when closed; >= 1 when half-open. */
      readonly openedTimes: number;
      /** As for an open snapshot; nothing but an open period needs it. */
      readonly takenAtMs?: number;
    };

const STATES: readonly string[] = ['closed', 'open', 'half-open', 'isolated'];
const FIELDS: readonly string[] = [
  'version',
  'state',
  'openedTimes',
  'remainingOpenMs',
  'manual',
  'takenAtMs',
];

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
  const manual = snapshot['manual'];
  if (manual !== undefined && (manual !== true || state !== 'open')) {
    throw new RangeError(
      `initialState.manual must be true, and only when the state is open, got ${show(manual)} (state ${state})`,
    );
  }
  const openedTimes = snapshot['openedTimes'];
  const least = (state === 'open' && manual !== true) || state === 'half-open' ? 1 : 0;
  assertInteger(openedTimes, 'initialState.openedTimes', least);
  // It is counted on: past this, adding one no longer changes it.
  if (openedTimes > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(
      `initialState.openedTimes must be at most ${Number.MAX_SAFE_INTEGER}, got ${show(openedTimes)}`,
    );
  }
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
  const takenAtMs = snapshot['takenAtMs'];
  if (takenAtMs !== undefined && !(typeof takenAtMs === 'number' && Number.isFinite(takenAtMs))) {
    throw new RangeError(`initialState.takenAtMs must be a finite number, got ${show(takenAtMs)}`);
  }
  return snapshot as unknown as BreakerSnapshot;
}

/** How long ago a snapshot was taken, or why that cannot be told. */
export type SnapshotAge =
  | { readonly known: true; readonly ageMs: number }
  | { readonly known: false; readonly warning: string };

const AS_TAKEN = 'restored as it was taken, without ageing it';

/**
 * The time between `snapshot.takenAtMs` and `wallNowMs`. Unknown, with the warning to report,
 * when the snapshot has no time, the wall clock reads none, or the snapshot is from the future
 * (the clocks of the two hosts disagree, or one was stepped): then nothing is known about the
 * downtime, and the snapshot is best restored as it was.
 */
export function snapshotAge(snapshot: BreakerSnapshot, wallNowMs: number): SnapshotAge {
  const { takenAtMs } = snapshot;
  if (takenAtMs === undefined) {
    return {
      known: false,
      warning: `initialState has no takenAtMs, so its age is unknown: ${AS_TAKEN}`,
    };
  }
  if (!Number.isFinite(wallNowMs)) {
    return {
      known: false,
      warning: `the clock's wallNow() returned ${show(wallNowMs)}, so the age of initialState is unknown: ${AS_TAKEN}`,
    };
  }
  const ageMs = wallNowMs - takenAtMs;
  if (ageMs < 0) {
    return {
      known: false,
      warning: `initialState was taken ${-ageMs} ms after this clock's wall time (takenAtMs ${takenAtMs}, wallNow ${wallNowMs}): ${AS_TAKEN}`,
    };
  }
  return { known: true, ageMs };
}
