import { getEventListeners } from 'node:events';

/** A call the test settles by hand, recording when it started. */
export interface Gate<T = string> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function gate<T = string>(): Gate<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
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
