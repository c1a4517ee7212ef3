/**
 * A promise that rejects with `error` one microtask from now, once the caller has attached its
 * handler.
 *
 * Failing fast must be cheap. `Promise.reject()` makes Node track a rejection that has no handler
 * yet, then untrack it when the caller's `await` attaches one (about 700 ns in Node 20);
 * `queueMicrotask` wraps its callback in an AsyncResource (about 150 ns). Resolving a promise with
 * a thenable whose `then` rejects defers the rejection to V8's own microtask instead: about 60 ns
 * more than an already resolved promise. A caller that never handles the promise still gets the
 * usual unhandled-rejection report.
 */
export function rejectSoon(error: unknown): Promise<never> {
  return Promise.resolve(new Rejection(error) as unknown as PromiseLike<never>);
}

/** A thenable that only rejects: V8 calls `then` in a microtask with the promise's resolvers. */
class Rejection {
  readonly #error: unknown;

  constructor(error: unknown) {
    this.#error = error;
  }

  then(_resolve: unknown, reject: (reason: unknown) => void): void {
    reject(this.#error);
  }
}
