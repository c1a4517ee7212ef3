import { describeError, emitWarning } from '../internal/warn.js';
import { assertFunction, assertOptions, show } from '../internal/validate.js';

/**
 * A listener for one event: receives the event's payload.
 *
 * @example
 * ```ts
 * const log: Listener<{ from: string; to: string }> = ({ from, to }) => console.log(from, '->', to);
 * ```
 */
export type Listener<Payload> = (payload: Payload) => void;

/**
 * Options for {@link Emitter}.
 *
 * @example
 * ```ts
 * const events = new Emitter<{ tick: number }>({
 *   onListenerError: (error, event) => logger.error({ error, event }, 'listener failed'),
 * });
 * ```
 */
export interface EmitterOptions {
  /**
   * Receives every error a listener throws, with the event's name. Errors never reach the code
   * that emitted, and the remaining listeners still run.
   *
   * @default a warning through `process.emitWarning` (or `console.warn` where there is no
   * `process`), once per listener
   */
  readonly onListenerError?: (error: unknown, event: string) => void;
}

const NO_LISTENERS: readonly never[] = Object.freeze([]);

/**
 * A small typed event emitter: the metrics hooks of every ballast module.
 *
 * `Events` maps each event name to its payload type. Emitting an event without listeners costs a
 * property read; modules check {@link Emitter.listenerCount} before building a payload on hot
 * paths. A listener that throws never stops the other listeners nor reaches the emitter.
 * Listeners added or removed during an emit take effect from the next emit.
 *
 * @example
 * ```ts
 * import { Emitter } from 'ballast/events';
 *
 * const events = new Emitter<{ stateChange: { from: string; to: string } }>();
 * const off = events.on('stateChange', ({ from, to }) => console.log(`${from} -> ${to}`));
 * events.emit('stateChange', { from: 'closed', to: 'open' });
 * off();
 * ```
 */
export class Emitter<Events extends object> {
  // Copy-on-write arrays: emit iterates a snapshot without allocating.
  readonly #listeners = new Map<keyof Events, readonly Listener<never>[]>();
  /**
   * Listeners of every event. Hot paths ask {@link Emitter.listenerCount} on every call, and most
   * emitters have no listener at all: a field read answers them without a Map lookup.
   */
  #total = 0;
  readonly #onListenerError: ((error: unknown, event: string) => void) | undefined;
  readonly #warned = new WeakSet<Listener<never>>();

  constructor(options?: EmitterOptions) {
    const given: unknown = options;
    if (given !== undefined) assertOptions(given, 'options', ['onListenerError']);
    const handler = options?.onListenerError;
    assertFunction(handler, 'onListenerError');
    this.#onListenerError = handler;
  }

  /**
   * Adds a listener for `event`.
   *
   * @returns A function that removes this listener; calling it again does nothing.
   */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    if (typeof listener !== 'function') {
      throw new TypeError(`listener must be a function, got ${show(listener)}`);
    }
    const current = this.#listeners.get(event) ?? NO_LISTENERS;
    this.#listeners.set(event, [...current, listener]);
    this.#total++;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const now = this.#listeners.get(event) ?? NO_LISTENERS;
      const index = now.indexOf(listener);
      if (index === -1) return;
      this.#total--;
      if (now.length === 1) this.#listeners.delete(event);
      else this.#listeners.set(event, [...now.slice(0, index), ...now.slice(index + 1)]);
    };
  }

  /**
   * Adds a listener that runs for the next `event` only.
   *
   * @returns A function that removes the listener before it has run.
   */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    if (typeof listener !== 'function') {
      throw new TypeError(`listener must be a function, got ${show(listener)}`);
    }
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Calls every listener of `event` with `payload`, in the order they were added. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const listeners = this.#listeners.get(event);
    if (listeners === undefined) return;
    for (const listener of listeners as readonly Listener<Events[K]>[]) {
      try {
        listener(payload);
      } catch (error) {
        this.#report(error, event, listener);
      }
    }
  }

  /** The number of listeners of `event`, or of every event when `event` is omitted. */
  listenerCount(event?: keyof Events): number {
    if (this.#total === 0) return 0;
    if (event !== undefined) return this.#listeners.get(event)?.length ?? 0;
    let count = 0;
    for (const listeners of this.#listeners.values()) count += listeners.length;
    return count;
  }

  #report(error: unknown, event: keyof Events, listener: Listener<never>): void {
    try {
      if (this.#onListenerError !== undefined) this.#onListenerError(error, String(event));
      else if (!this.#warned.has(listener)) {
        // Once per listener: one that throws on every call must not flood the log.
        this.#warned.add(listener);
        warn(error, String(event));
      }
    } catch {
      // The error handler failed too; the emitter's caller must still not see it.
    }
  }
}

function warn(error: unknown, event: string): void {
  emitWarning(
    `ballast: a listener of "${event}" threw: ${describeError(error)}`,
    'BallastListenerWarning',
    'BALLAST_LISTENER_ERROR',
  );
}
