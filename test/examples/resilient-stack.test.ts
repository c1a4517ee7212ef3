import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createInventoryClient, type Stock } from '../../examples/resilient-stack.js';
import {
  FakeDependency,
  VirtualClock,
  callsAt,
  hang,
  ok,
  seededRandom,
  timeline,
} from '../../src/testing/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const SECOND = 1_000;
/** Healthy for 10 s, then down (no answer at all) for 10 s, then healthy again. */
const OUTAGE = { fromMs: 10 * SECOND, toMs: 20 * SECOND };
/** One call every 100 ms for 30 s. */
const CALL_TIMES = Array.from({ length: 300 }, (_, index) => index * 100);

/** Runs the stack of examples/resilient-stack.ts through the outage and gathers its figures. */
async function throughOutage() {
  const clock = new VirtualClock();
  const stock: Stock = { sku: 'A-1', available: 3 };
  const dependency = new FakeDependency<Stock>({
    clock,
    script: timeline([
      { durationMs: OUTAGE.fromMs, steps: [ok(stock, { latencyMs: 20 })], label: 'healthy' },
      { durationMs: OUTAGE.toMs - OUTAGE.fromMs, steps: [hang()], label: 'down' },
      { durationMs: 0, steps: [ok(stock, { latencyMs: 20 })], label: 'recovered' },
    ]),
  });
  const client = createInventoryClient({
    baseUrl: 'https://inventory.test',
    fetch: dependency.fetch,
    clock,
    random: seededRandom(7),
  });
  const transitions: { at: number; to: string }[] = [];
  client.breaker.events.on('stateChange', ({ to }) => transitions.push({ at: clock.now(), to }));
  const giveUps: Record<string, number> = {};
  client.retry.events.on('giveUp', ({ reason }) => {
    giveUps[reason] = (giveUps[reason] ?? 0) + 1;
  });
  let retries = 0;
  client.retry.events.on('retry', () => retries++);
  const shed: number[] = [];
  client.bulkhead.events.on('rejected', () => shed.push(clock.now()));

  const calls: { at: number; ms: number; value: Stock | null }[] = [];
  const settled = callsAt(clock, CALL_TIMES, async (index) => {
    const at = clock.now();
    const value = await client.stock('A-1');
    calls.push({ at: CALL_TIMES[index]!, ms: clock.now() - at, value });
    return value;
  });
  await clock.runAll();
  const results = await settled;
  return { clock, dependency, transitions, giveUps, retries, shed, calls, results, stock };
}

describe('examples/resilient-stack.ts', () => {
  it('is shown in docs/policy.md as it is', () => {
    const markdown = read('docs/policy.md');
    const match = /<!-- example: examples\/resilient-stack\.ts -->\n```ts\n([\s\S]*?)\n```/.exec(
      markdown,
    );
    const text = read('examples/resilient-stack.ts');
    expect(match?.[1]).toBe(text.slice(text.search(/^import /m)).trimEnd());
  });

  it('through a hard outage: the figures docs/policy.md states', async () => {
    const r = await throughOutage();
    const during = r.calls.filter((c) => c.at >= OUTAGE.fromMs && c.at < OUTAGE.toMs);

    // Every caller gets an answer, never an error: the stock, or the fallback (null).
    expect(r.results.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(r.calls.filter((c) => c.value === null)).toHaveLength(124);
    expect(during.every((c) => c.value === null)).toBe(true);
    // The 24 others came after the inventory recovered, while the breaker was still open.
    expect(r.calls.filter((c) => c.value === null && c.at >= OUTAGE.toMs).map((c) => c.at)).toEqual(
      Array.from({ length: 24 }, (_, index) => 20_000 + index * 100),
    );
    // The others got the stock, parsed from the response.
    for (const c of r.calls.filter((c) => c.value !== null)) expect(c.value).toEqual(r.stock);

    // How long the 100 callers of the outage waited for their fallback.
    const waited = (from: number, to: number) =>
      during.filter((c) => c.ms >= from && c.ms < to).length;
    expect(waited(0, 1)).toBe(89);
    expect(waited(1_000, 1_100)).toBe(7);
    expect(waited(2_000, 2_100)).toBe(4);
    expect(Math.max(...during.map((c) => c.ms))).toBeLessThan(2_100);

    // The breaker: open after the 5th consecutive timeout, a probe after 5 s that times out too,
    // and one after recovery that closes it.
    expect(r.transitions).toEqual([
      { at: 11_400, to: 'open' },
      { at: 16_400, to: 'half-open' },
      { at: 17_400, to: 'open' },
      { at: 22_400, to: 'half-open' },
      { at: 22_420, to: 'closed' },
    ]);
    // The retry: the first 10 calls of the outage were retried once; the budget (10 % of the
    // calls) refused the 5 retries after those.
    expect(r.retries).toBe(10);
    expect(r.giveUps.budget).toBe(5);
    // The bulkhead: never more than 10 calls in the inventory at once; the 5 new calls of 11.0-11.4 s shed.
    expect(r.dependency.maxInFlight).toBe(10);
    expect(r.shed).toEqual([11_000, 11_100, 11_200, 11_300, 11_400]);
    // The inventory got 15 calls in its 10 s outage, each aborted by the timeout.
    const reached = r.dependency.history.filter(
      (c) => c.now >= OUTAGE.fromMs && c.now < OUTAGE.toMs,
    );
    expect(reached).toHaveLength(15);
    expect(reached.every((c) => c.outcome === 'aborted' && c.settledAt! - c.now === 1_000)).toBe(
      true,
    );
    // Nothing left behind.
    expect([r.clock.pendingTimers, r.dependency.inFlight]).toEqual([0, 0]);
  });
});
