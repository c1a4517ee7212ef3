import { getEventListeners } from 'node:events';
import { deferred, type Deferred } from '../breaker/helpers.js';

/** A call the test settles by hand: the breaker tests' deferred, of a string by default. */
export type Gate<T = string> = Deferred<T>;

export function gate<T = string>(): Gate<T> {
  return deferred<T>();
}

/** The `abort` listeners left on `signal`. */
export function abortListeners(signal: AbortSignal): number {
  return getEventListeners(signal, 'abort').length;
}

/** Lets every pending promise reaction run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Settles `promise` into a record, so that a test can look at it without an unhandled rejection. */
export function outcome<T>(promise: Promise<T>): {
  settled: boolean;
  value?: T;
  error?: unknown;
  readonly promise: Promise<void>;
} {
  const record: { settled: boolean; value?: T; error?: unknown; promise: Promise<void> } = {
    settled: false,
    promise: Promise.resolve(),
  };
  record.promise = promise.then(
    (value) => {
      record.settled = true;
      record.value = value;
    },
    (error: unknown) => {
      record.settled = true;
      record.error = error;
    },
  );
  return record;
}
