// Shared by the adapter tests: reading Prometheus exposition text, and driving targets.

import { sleep } from '../../src/clock/index.js';
import { CircuitBreaker, consecutiveFailures } from '../../src/breaker/index.js';
import type { VirtualClock } from '../../src/testing/index.js';

/** Every sample of an exposition text, by its series as printed (`name{label="value",...}`). */
export function samples(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    map.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return map;
}

/** The value of one series; throws when the text lacks it, so a typo cannot pass as 0. */
export function sample(text: string, series: string): number {
  const value = samples(text).get(series);
  if (value === undefined) {
    const name = series.split('{')[0]!;
    const near = [...samples(text).keys()].filter((key) => key.startsWith(name));
    throw new Error(`no series ${series}; series of ${name}:\n${near.join('\n')}`);
  }
  return value;
}

/** Names of the metric families in an exposition text. */
export function families(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]!);
}

/** Runs a call through `breaker` that takes `ms` of virtual time and succeeds or fails. */
export async function timedCall(
  breaker: CircuitBreaker,
  clock: VirtualClock,
  ms: number,
  ok: boolean,
): Promise<void> {
  const call = breaker.execute(async () => {
    await sleep(ms, { clock });
    if (!ok) throw new Error('down');
  });
  const settled = call.then(
    () => undefined,
    () => undefined,
  );
  await clock.advance(ms);
  await settled;
}

/** The breaker both adapters' tests instrument: trips after 2 failures, slow above 100 ms. */
export function usersBreaker(clock: VirtualClock): CircuitBreaker {
  return new CircuitBreaker({
    name: 'users',
    clock,
    trip: consecutiveFailures(2),
    openMs: 1_000,
    slowCallMs: 100,
  });
}
