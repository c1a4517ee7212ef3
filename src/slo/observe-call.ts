import type { Clock } from '../clock/index.js';
import { show } from '../internal/validate.js';
import { describeError, emitWarning } from '../internal/warn.js';
import { isGood, observeOptionsError, type SloObserveOptions } from './observe-options.js';

/**
 * What {@link observeCall} times a call on and records it into: an `SloTracker` or an `SloSet`,
 * each through one object made at construction.
 *
 * @internal
 */
export interface CallRecorder {
  /** Names the SLO (or the set) in warnings. */
  readonly name: string;
  readonly clock: Clock;
  /** Records a call of `durationMs` that ended at clock time `now`, good when `ok`. */
  readonly recordAt: (now: number, durationMs: number, ok: boolean) => void;
  /** The classifier callbacks that threw and were reported (each is reported once). */
  readonly warned: Set<string>;
}

/**
 * A {@link CallRecorder}; its `warned` set is made when a classifier first throws.
 *
 * @internal
 */
export function callRecorder(
  name: string,
  clock: Clock,
  recordAt: CallRecorder['recordAt'],
): CallRecorder {
  let warned: Set<string> | undefined;
  return {
    name,
    clock,
    recordAt,
    get warned() {
      return (warned ??= new Set());
    },
  };
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
