import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBrokenCircuitError } from '../../src/breaker/index.js';
import { isHttpStatusError } from '../../src/http/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { createCatalogClient } from '../../examples/http-outage-client.js';
import { startCatalogServer, type CatalogServer } from '../../examples/http-outage-server.js';

// Real sockets, virtual time. The requests go over a loopback connection, so they take real (if
// short) time, but every wait the policies make (the Retry-After, the breaker's open period) is a
// timer on the VirtualClock, which moves only when the test says so: the test waits for each
// `retry` event and then advances by exactly the delay it announces. Nothing sleeps, the run takes
// a few tens of milliseconds, and the order of events is the same on every run.

/** The live TCP handles of this process, by kind. */
function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind.startsWith('TCP')).length;
}

/** Yields to the event loop until `condition` holds (sockets close a few turns after a server). */
async function turnsUntil(condition: () => boolean, turns = 1_000): Promise<boolean> {
  for (let turn = 0; turn < turns && !condition(); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return condition();
}

describe('examples/http-outage: a client through an outage of a real server', () => {
  let server: CatalogServer;
  let handlesBefore: number;

  beforeEach(async () => {
    handlesBefore = tcpHandles();
    server = await startCatalogServer(0);
    expect(tcpHandles()).toBeGreaterThan(handlesBefore);
  });

  afterEach(async () => {
    await server.close();
    expect(await turnsUntil(() => tcpHandles() <= handlesBefore)).toBe(true);
  });

  it('retries after Retry-After, opens the breaker, counts the 503s bad, and recovers', async () => {
    const clock = new VirtualClock();
    const client = createCatalogClient(server.url, clock);
    // Each retry's delay, in order; nextRetry() waits for the next one (a reply can arrive, and the
    // retry be announced, while the clock is still advancing).
    const delays: number[] = [];
    let taken = 0;
    let wake: (() => void) | undefined;
    client.retry.events.on('retry', ({ delayMs }) => {
      delays.push(delayMs);
      wake?.();
    });
    const nextRetry = async (): Promise<number> => {
      while (taken === delays.length) await new Promise<void>((resolve) => (wake = resolve));
      return delays[taken++]!;
    };
    const states: string[] = [];
    client.breaker.events.on('stateChange', ({ from, to }) => states.push(`${from}->${to}`));

    // Healthy.
    expect(await client.getProduct('42')).toEqual({ id: '42', name: 'Product 42' });
    expect(await client.getProduct('7')).toEqual({ id: '7', name: 'Product 7' });

    // Outage: three attempts, each 503 with Retry-After: 1, the retry waiting one virtual second
    // between them (its own backoff is at most 100 ms here: the wait is the server's).
    server.fail({ status: 503, retryAfterSeconds: 1 });
    const failing = client.getProduct('42').catch((error: unknown) => error);
    for (let retry = 0; retry < 2; retry++) await clock.advance(await nextRetry());
    const error = await failing;
    expect(isHttpStatusError(error) && error.status).toBe(503);
    expect(delays).toEqual([1_000, 1_000]);
    expect(client.breaker.state).toBe('open');
    expect(server.requests).toBe(2 + 3);

    // Open: refused at once, without a request, and not retried.
    const refused = await client.getProduct('42').catch((e: unknown) => e);
    expect(isBrokenCircuitError(refused)).toBe(true);
    expect(server.requests).toBe(5);

    // Recovered: after the open period, the probe goes through and closes the breaker.
    server.recover();
    await clock.advance(2_000);
    expect(await client.getProduct('42')).toEqual({ id: '42', name: 'Product 42' });
    expect(states).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
    expect(server.requests).toBe(6);

    // The SLO saw five calls, the two during the outage bad.
    expect(client.slo.totals()).toEqual({ good: 3, total: 5 });
    client.slo.close();
    expect(clock.keepAliveTimers).toBe(0);
  });
});
