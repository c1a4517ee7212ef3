import type { Emitter } from '../../src/events/index.js';
import type { RetryEvents } from '../../src/retry/index.js';
import { seededRandom, type VirtualClock } from '../../src/testing/index.js';

export type Settled<T> = { readonly value: T } | { readonly error: unknown };

/** Settles `promise` while running every timer of `clock`; never rejects. */
export async function runToEnd<T>(clock: VirtualClock, promise: Promise<T>): Promise<Settled<T>> {
  const settled = promise.then(
    (value): Settled<T> => ({ value }),
    (error: unknown): Settled<T> => ({ error }),
  );
  await clock.runAll(100_000);
  return settled;
}

/** Records every event of a policy, in order, as [name, payload]. */
export function recordEvents(events: Emitter<RetryEvents>): [keyof RetryEvents, object][] {
  const log: [keyof RetryEvents, object][] = [];
  events.on('retry', (payload) => log.push(['retry', payload]));
  events.on('giveUp', (payload) => log.push(['giveUp', payload]));
  events.on('success', (payload) => log.push(['success', payload]));
  return log;
}

/** A deterministic random source. */
export const seeded = seededRandom;
