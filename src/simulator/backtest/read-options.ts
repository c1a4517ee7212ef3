import { assertOptions, assertPositive, show } from '../../internal/validate.js';

/**
 * Options of the readers ({@link readTraffic} and the one per format).
 *
 * @example
 * ```ts
 * const options: ReadTrafficOptions = { source: 'events.csv', stepMs: 60_000, latencyThresholdMs: 300 };
 * ```
 */
export interface ReadTrafficOptions {
  /** Names the input in errors and in the result. @default '<input>' */
  readonly source?: string;
  /** The width of a step calls are summed into. @default 60_000 (a minute) */
  readonly stepMs?: number;
  /**
   * A successful call slower than this is bad, as in {@link SloTracker.recordCall}; rows without
   * `durationMs` are judged by `ok` alone.
   *
   * @default undefined (any successful call is good)
   */
  readonly latencyThresholdMs?: number;
}

/** The readers' options with their defaults applied. @internal */
export interface ResolvedReadOptions {
  readonly source: string;
  readonly stepMs: number;
  readonly latencyThresholdMs: number;
}

const KEYS: readonly (keyof ReadTrafficOptions)[] = ['source', 'stepMs', 'latencyThresholdMs'];

/** Checks the options, naming the one at fault. @internal */
export function resolveReadOptions(
  options: ReadTrafficOptions | undefined,
  extraKeys: readonly string[] = [],
): ResolvedReadOptions {
  const given: unknown = options;
  if (given !== undefined) assertOptions(given, 'options', [...KEYS, ...extraKeys]);
  const stepMs = options?.stepMs ?? 60_000;
  assertPositive(stepMs, 'stepMs');
  if (!Number.isSafeInteger(stepMs)) {
    throw new RangeError(`stepMs must be a whole number of milliseconds, got ${stepMs}`);
  }
  const latencyThresholdMs = options?.latencyThresholdMs ?? Number.POSITIVE_INFINITY;
  if (options?.latencyThresholdMs !== undefined)
    assertPositive(latencyThresholdMs, 'latencyThresholdMs');
  return { source: options?.source ?? '<input>', stepMs, latencyThresholdMs };
}

/** Checks a reader's `text` argument, naming the reader. @internal */
export function assertText(text: unknown, reader: string): asserts text is string {
  if (typeof text !== 'string') {
    throw new TypeError(
      `${reader}: text must be a string (the recording's content), got ${show(text)}`,
    );
  }
}
