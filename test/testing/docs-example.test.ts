// The worked example of docs/testing.md, run as a test. The region between the markers is the
// doc's code block, word for word (test/testing/docs.test.ts checks it); what follows the region
// runs the same property against broken clients, to show that it catches them.
// #region docs-example
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { CircuitBreaker, consecutiveFailures } from 'ballast/breaker';
import type { Clock } from 'ballast/clock';
import { TimeoutPolicy, wrap } from 'ballast/policy';
import { exponential, RetryBudget, RetryPolicy } from 'ballast/retry';
import {
  callsAt,
  FakeDependency,
  networkError,
  seededRandom,
  timeline,
  VirtualClock,
} from 'ballast/testing';
import { callSchedule, dependencyPhases } from 'ballast/testing/fast-check';

// The client under test, as the application writes it. It takes its clock, its fetch and its
// random source, so that a test can hand it fakes.
interface CatalogOptions {
  readonly clock: Clock;
  readonly fetch: typeof fetch;
  readonly random: () => number;
}

function createCatalog({ clock, fetch, random }: CatalogOptions) {
  const breaker = new CircuitBreaker({ trip: consecutiveFailures(3), openMs: 2_000, clock });
  const policy = wrap(
    new RetryPolicy({
      maxAttempts: 3,
      backoff: exponential({ initialMs: 100 }),
      budget: new RetryBudget({ clock }),
      clock,
      random,
    }),
    breaker,
    new TimeoutPolicy(500, { clock }),
  );
  const get = (id: string): Promise<string> =>
    policy.execute(async ({ signal }) => {
      const response = await fetch(`https://catalog.test/items/${id}`, { signal });
      if (!response.ok) throw new Error(`catalog answered ${response.status}`);
      return response.text();
    });
  return { breaker, get };
}

// The property takes the client's factory, so that it can be run against a broken one too.
function catalogKeepsItsPromises(
  create: (options: CatalogOptions) => ReturnType<typeof createCatalog>,
) {
  return fc.asyncProperty(
    dependencyPhases({ value: 'item', failures: [503, networkError()], hangs: true }),
    callSchedule({ maxCalls: 20, maxGapMs: 500 }),
    fc.integer(),
    async (phases, arrivals, seed) => {
      const clock = new VirtualClock();
      const dependency = new FakeDependency({ clock, script: timeline(phases) });
      let reachedWhileOpen = 0;
      const catalog = create({
        clock,
        random: seededRandom(seed),
        fetch: (input, init) => {
          if (catalog.breaker.state === 'open') reachedWhileOpen++;
          return dependency.fetch(input, init);
        },
      });

      // Every call settles (clock.run rejects on a deadlock instead of hanging).
      await clock.run(callsAt(clock, arrivals, (i) => catalog.get(String(i))));

      expect(reachedWhileOpen, 'calls that reached the dependency while open').toBe(0);
      for (let i = 0; i < arrivals.length; i++) {
        const url = `https://catalog.test/items/${i}`;
        const attempts = dependency.history.filter((call) => call.request === url).length;
        expect(attempts, `attempts of call ${i}`).toBeLessThanOrEqual(3);
      }
      expect(clock.keepAliveTimers, 'timers left behind').toBe(0);
      expect(dependency.inFlight, 'attempts left running').toBe(0);
    },
  );
}

it('keeps its promises whatever the catalog does', async () => {
  await fc.assert(catalogKeepsItsPromises(createCatalog), { numRuns: 50 });
});
// #endregion docs-example

// The same client with one mistake, as docs/testing.md describes them: the property must find
// a counterexample for each.
type Mistake = 'breaker outside the retry' | 'signal not passed on';

function brokenCatalog(mistake: Mistake) {
  return ({ clock, fetch, random }: CatalogOptions): ReturnType<typeof createCatalog> => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(3), openMs: 2_000, clock });
    const retry = new RetryPolicy({
      maxAttempts: 3,
      backoff: exponential({ initialMs: 100 }),
      budget: new RetryBudget({ clock }),
      clock,
      random,
    });
    const timeout = new TimeoutPolicy(500, { clock });
    const policy =
      mistake === 'breaker outside the retry'
        ? wrap(breaker, retry, timeout)
        : wrap(retry, breaker, timeout);
    const get = (id: string): Promise<string> =>
      policy.execute(async ({ signal }) => {
        const init = mistake === 'signal not passed on' ? {} : { signal };
        const response = await fetch(`https://catalog.test/items/${id}`, init);
        if (!response.ok) throw new Error(`catalog answered ${response.status}`);
        return response.text();
      });
    return { breaker, get };
  };
}

it.each([
  ['breaker outside the retry', /calls that reached the dependency while open/, 4, 1],
  ['signal not passed on', /timers left behind|attempts left running/, 1, 3],
] as const)(
  'the property finds a client with its %s',
  async (mistake, message, fewestCalls, shrinkSeed) => {
    const property = catalogKeepsItsPromises(brokenCatalog(mistake));
    // Found from every seed tried; a few without shrinking, one shrunk to its minimal story.
    for (const seed of [5, 6, 7]) {
      const details = await fc.check(property, { numRuns: 100, seed, endOnFailure: true });
      expect(details.failed).toBe(true);
    }
    const details = await fc.check(property, { numRuns: 100, seed: shrinkSeed });
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(message);
    // The smallest story: the breaker opens after three failed calls, so a fourth must be retrying.
    const [, arrivals] = details.counterexample!;
    expect(arrivals.length).toBeGreaterThanOrEqual(fewestCalls);
  },
);
