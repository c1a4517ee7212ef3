import { assertOptions, show } from '../../internal/validate.js';
import { RetryBudget } from '../../retry/index.js';
import { VirtualClock } from '../../testing/index.js';
import { buildBackoff, buildTrip } from '../engine/build-layer.js';
import type { BackoffSpec, TripSpec } from './layer-spec.js';

const FAILURE_KINDS = ['failure', 'overload', 'timeout', 'rejected'];
const BACKOFF_KEYS: Readonly<Record<string, readonly string[]>> = {
  exponential: ['type', 'initialMs', 'factor', 'maxMs', 'jitter'],
  constant: ['type', 'delayMs', 'jitter'],
};
const EXPONENTIAL_JITTERS = ['none', 'full', 'equal'];
const TRIPS = ['consecutiveFailures', 'failureRate'];

/**
 * A retry layer's nested options (`retryOn`, `backoff`, `budget`), each checked where the scenario
 * wrote it, so that a message names `retry.backoff.factor` rather than the factory's `factor`.
 *
 * @internal
 */
export function checkRetry(options: Record<string, unknown>, at: string): void {
  const retryOn = options['retryOn'];
  if (retryOn !== undefined) {
    if (!Array.isArray(retryOn)) {
      throw new TypeError(
        `${at}.retryOn must be a list of ${FAILURE_KINDS.join(', ')}, got ${show(retryOn)}`,
      );
    }
    for (const [index, kind] of retryOn.entries()) {
      if (typeof kind !== 'string' || !FAILURE_KINDS.includes(kind)) {
        throw new TypeError(
          `${at}.retryOn[${index}] must be one of ${FAILURE_KINDS.join(', ')}, got ${show(kind)}`,
        );
      }
    }
  }
  const backoff = options['backoff'];
  if (backoff !== undefined) checkBackoff(backoff, `${at}.backoff`);
  const budget = options['budget'];
  if (budget !== undefined) {
    assertOptions(budget, `${at}.budget`, ['ratio', 'minPerSecond', 'windowMs']);
    rethrownAt(`${at}.budget`, () => new RetryBudget({ ...budget, clock: new VirtualClock() }));
  }
}

function checkBackoff(backoff: unknown, at: string): void {
  assertOptions(backoff, at, ['type', 'initialMs', 'factor', 'maxMs', 'delayMs', 'jitter']);
  const type = backoff['type'];
  if (typeof type !== 'string' || !Object.hasOwn(BACKOFF_KEYS, type)) {
    throw new TypeError(`${at}.type must be exponential or constant, got ${show(type)}`);
  }
  assertOptions(backoff, at, BACKOFF_KEYS[type]!);
  const jitter = backoff['jitter'];
  if (type === 'constant' && backoff['delayMs'] === undefined) {
    throw new TypeError(
      `${at}.delayMs is required for a constant backoff (the delay between tries)`,
    );
  }
  if (
    type === 'exponential' &&
    jitter !== undefined &&
    !EXPONENTIAL_JITTERS.includes(jitter as string)
  ) {
    throw new TypeError(
      `${at}.jitter must be one of ${EXPONENTIAL_JITTERS.join(', ')}, got ${show(jitter)}`,
    );
  }
  rethrownAt(at, () => buildBackoff(backoff as BackoffSpec));
}

/**
 * A breaker's `trip`: exactly one of `consecutiveFailures` and `failureRate`, then checked by its
 * factory with the messages' names moved under the path.
 *
 * @internal
 */
export function checkTrip(trip: unknown, at: string): void {
  assertOptions(trip, at, TRIPS);
  const given = TRIPS.filter((key) => trip[key] !== undefined);
  if (given.length !== 1) {
    throw new TypeError(
      `${at} must have exactly one of consecutiveFailures and failureRate, got ${given.length === 0 ? 'none' : 'both'}`,
    );
  }
  rethrownAt(at, () => buildTrip(trip as TripSpec));
}

/** Runs `build`; a TypeError or RangeError it throws is thrown again with `at` in its message. */
export function rethrownAt(at: string, build: () => unknown): void {
  try {
    build();
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    throw new (error instanceof RangeError ? RangeError : TypeError)(prefixed(error.message, at), {
      cause: error,
    });
  }
}

/** The class's message, its option named with the whole path: `unknown option "x"` too. */
function prefixed(message: string, at: string): string {
  const unknown = /^unknown option "([^"]+)"(.*)$/s.exec(message);
  if (unknown !== null) {
    const rest = unknown[2]!.replace(/did you mean "([^"]+)"/, `did you mean "${at}.$1"`);
    return `unknown option "${at}.${unknown[1]!}"${rest}`;
  }
  const readable = message
    // The factories name their argument as a call: `consecutiveFailures(count)`.
    .replace(/^([a-zA-Z]+)\([a-zA-Z]+\) /, '$1 ')
    // An interval open to the largest number is a lower bound.
    .replace(/in \[([^,\]]+), 1\.7976931348623157e\+308\]/, '>= $1')
    .replace(/in \(([^,\]]+), 1\.7976931348623157e\+308\]/, '> $1');
  // The classes' messages start with the option's name (`maxAttempts must be...`).
  return /^[a-z][A-Za-z0-9.[\]]* /.test(readable) ? `${at}.${readable}` : `${at}: ${readable}`;
}
