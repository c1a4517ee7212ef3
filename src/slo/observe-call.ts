import type { Clock } from '../clock/index.js';
import { assertNonNegative, show } from '../internal/validate.js';
import { describeError, emitWarning } from '../internal/warn.js';
import { isGood, observeOptionsError, type SloObserveOptions } from './observe-options.js';

/**
 * What {@link observeCall} times a call on and records it into: one per `SloTracker` or `SloSet`,
 * made at construction (a class, so that every one has the same shape on the hot path).
 *
 * @internal
 */
export class CallRecorder {
  #warned: Set<string> | undefined;

  /**
   * @param name names the SLO (or the set) in warnings.
   * @param recordAt records a call of `durationMs` that ended at clock time `now`, good when `ok`.
   */
  constructor(
    readonly name: string,
    readonly clock: Clock,
    readonly recordAt: (now: number, durationMs: number, ok: boolean) => void,
  ) {}

  /** `recordCall` of a tracker or a set: a call of `durationMs` that ended now, checked. */
  recordCall(durationMs: number, ok: boolean): void {
    assertNonNegative(durationMs, 'durationMs');
    if (typeof ok !== 'boolean') throw new TypeError(`ok must be a boolean, got ${show(ok)}`);
    this.recordAt(this.clock.now(), durationMs, ok);
  }

  /** The classifier callbacks that threw and were reported (each is reported once). */
  get warned(): Set<string> {
    return (this.#warned ??= new Set());
  }
}

/**
 * `observe` of a tracker or a set: calls `fn`, reads the clock when it starts and when it
 * settles, classifies the outcome with `options`, and records it. The caller gets the call's own
 * promise; the bookkeeping is a reaction on it registered first, so it has run before the caller
 * resumes, with no promise of ours in between. It never throws and never changes the outcome: a
 * clock that throws as the call settles is a warning.
 *
 * @example
 * ```ts
 * // Internal: SloTracker.observe(fn, options) is observeCall(this.#recorder, fn, options).
 * ```
 *
 * @internal
 */
export function observeCall<T>(
  recorder: CallRecorder,
  fn: () => T | PromiseLike<T>,
  options: SloObserveOptions<T> | undefined,
): Promise<T> {
  if (typeof fn !== 'function') {
    return Promise.reject(new TypeError(`fn must be a function, got ${show(fn)}`));
  }
  if (options !== undefined) {
    const invalid = observeOptionsError(options);
    if (invalid !== undefined) return Promise.reject(invalid);
  }
  const start = recorder.clock.now();
  let pending: T | PromiseLike<T>;
  try {
    pending = fn();
  } catch (error) {
    settle(recorder, start, classify(recorder, options, true, error));
    return Promise.reject(error);
  }
  const promise = Promise.resolve(pending);
  if (options === undefined) {
    void promise.then(
      () => settle(recorder, start, true),
      () => settle(recorder, start, false),
    );
  } else {
    void promise.then(
      (value) => settle(recorder, start, classify(recorder, options, false, value)),
      (error: unknown) => settle(recorder, start, classify(recorder, options, true, error)),
    );
  }
  return promise;
}

function classify<T>(
  recorder: CallRecorder,
  options: SloObserveOptions<T> | undefined,
  failed: boolean,
  outcome: unknown,
): boolean {
  if (options === undefined) return !failed;
  return isGood(options, failed, outcome, recorder.name, recorder.warned);
}

/** Records a call timed from `start`; a clock that steps back times it as instant. */
function settle(recorder: CallRecorder, start: number, ok: boolean): void {
  try {
    const now = recorder.clock.now();
    recorder.recordAt(now, now > start ? now - start : 0, ok);
  } catch (fault) {
    emitWarning(
      `ballast: the clock of SLO ${JSON.stringify(recorder.name)} threw as a call settled: ${describeError(fault)}`,
      'BallastCallbackWarning',
      'BALLAST_CALLBACK_ERROR',
    );
  }
}
