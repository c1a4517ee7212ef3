import type { Clock } from '../../src/clock/index.js';

/** A promise with its resolve and reject functions, to settle a call when the test says so. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = unknown>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Runs every pending promise reaction (a macrotask turn). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A clock set by hand that counts its readings. */
export class CountingClock implements Clock {
  time = 0;
  reads = 0;

  now(): number {
    this.reads++;
    return this.time;
  }

  setTimer(): () => void {
    throw new Error('the breaker must not set timers');
  }
}

/** Settles `promise` and says how: the value or the error, without an unhandled rejection. */
export async function outcome<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
