import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  isBrokenCircuitError,
} from '../../src/breaker/index.js';
import {
  BulkheadPolicy,
  HedgePolicy,
  RateLimitPolicy,
  TimeoutPolicy,
  fallback,
  isBallastError,
  isBulkheadRejectedError,
  isRateLimitedError,
  isTimeoutError,
  wrap,
  type Policy,
} from '../../src/policy/index.js';
import { RetryBudget, RetryPolicy, constant } from '../../src/retry/index.js';
import {
  FakeDependency,
  VirtualClock,
  fail,
  hang,
  ok,
  type DependencyStep,
} from '../../src/testing/index.js';
import { abortListeners } from './load-helpers.js';

/** One layer of the stack, with small options, so that every layer's limits are reached. */
type Layer =
  | {
      kind: 'retry';
      maxAttempts: number;
      backoffMs: number;
      budget: { ratio: number; minPerSecond: number } | undefined;
    }
  | { kind: 'breaker'; failures: number; openMs: number }
  | { kind: 'timeout'; ms: number; strategy: 'aggressive' | 'cooperative' }
  | { kind: 'bulkhead'; maxConcurrent: number; maxQueue: number }
  | { kind: 'rateLimit'; limit: number; intervalMs: number; maxQueue: number; maxWaitMs: number }
  | { kind: 'fallback' }
  | { kind: 'hedge'; delayMs: number; maxHedges: number };

const layer: fc.Arbitrary<Layer> = fc.oneof(
  fc.record({
    kind: fc.constant('retry' as const),
    maxAttempts: fc.integer({ min: 1, max: 3 }),
    backoffMs: fc.integer({ min: 0, max: 20 }),
    budget: fc.option(
      fc.record({
        ratio: fc.double({ min: 0, max: 0.5, noNaN: true }),
        minPerSecond: fc.integer({ min: 0, max: 2 }),
      }),
      { nil: undefined },
    ),
  }),
  fc.record({
    kind: fc.constant('breaker' as const),
    failures: fc.integer({ min: 1, max: 3 }),
    openMs: fc.integer({ min: 1, max: 60 }),
  }),
  fc.record({
    kind: fc.constant('timeout' as const),
    ms: fc.integer({ min: 1, max: 60 }),
    strategy: fc.constantFrom('aggressive' as const, 'cooperative' as const),
  }),
  fc.record({
    kind: fc.constant('bulkhead' as const),
    maxConcurrent: fc.integer({ min: 1, max: 3 }),
    maxQueue: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({
    kind: fc.constant('rateLimit' as const),
    limit: fc.integer({ min: 1, max: 3 }),
    intervalMs: fc.integer({ min: 5, max: 50 }),
    maxQueue: fc.integer({ min: 0, max: 3 }),
    maxWaitMs: fc.integer({ min: 0, max: 40 }),
  }),
  fc.record({ kind: fc.constant('fallback' as const) }),
  fc.record({
    kind: fc.constant('hedge' as const),
    delayMs: fc.integer({ min: 0, max: 30 }),
    maxHedges: fc.integer({ min: 1, max: 2 }),
  }),
);

/** What one call into the dependency does: after `latencyMs`, a value or an error; or it hangs. */
const step = fc.record({
  latencyMs: fc.integer({ min: 0, max: 50 }),
  outcome: fc.constantFrom('value' as const, 'error' as const, 'hang' as const),
});

/** A caller: when it calls, and, for some, how long after that its own signal aborts. */
const caller = fc.record({
  atMs: fc.integer({ min: 0, max: 100 }),
  abortAfterMs: fc.option(fc.integer({ min: 0, max: 150 }), { nil: undefined }),
});

const scenario = fc.record({
  layers: fc.array(layer, { minLength: 1, maxLength: 5 }),
  steps: fc.array(step, { minLength: 1, maxLength: 6 }),
  callers: fc.array(caller, { minLength: 1, maxLength: 8 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/**
 * Stacks always tried: a timeout inside a bulkhead, whose abort must end the dependency's call
 * (FakeDependency settles at once on abort) before the slot is freed, with either strategy; and a
 * retry outside a bulkhead, each of whose attempts takes a slot of its own.
 */
const hanging: Scenario['steps'] = [
  { latencyMs: 0, outcome: 'hang' },
  { latencyMs: 5, outcome: 'value' },
];
const crowd: Scenario['callers'] = Array.from({ length: 6 }, (_, index) => ({
  atMs: index,
  abortAfterMs: undefined,
}));
const retried: Scenario = {
  layers: [
    { kind: 'retry', maxAttempts: 3, backoffMs: 1, budget: undefined },
    { kind: 'bulkhead', maxConcurrent: 1, maxQueue: 1 },
    { kind: 'timeout', ms: 10, strategy: 'aggressive' },
  ],
  steps: hanging,
  callers: crowd,
};
const examples: [Scenario][] = [
  ...(['aggressive', 'cooperative'] as const).map((strategy): Scenario => ({
    layers: [
      { kind: 'bulkhead', maxConcurrent: 2, maxQueue: 4 },
      { kind: 'timeout', ms: 10, strategy },
    ],
    steps: hanging,
    callers: crowd,
  })),
  retried,
].map((example) => [example]);

const FALLBACK = Object.freeze({ fallback: true });

function build(layers: readonly Layer[], clock: VirtualClock): readonly Policy[] {
  return layers.map((l): Policy => {
    switch (l.kind) {
      case 'retry':
        return new RetryPolicy({
          maxAttempts: l.maxAttempts,
          backoff: constant(l.backoffMs),
          clock,
          ...(l.budget === undefined ? {} : { budget: new RetryBudget({ ...l.budget, clock }) }),
        });
      case 'breaker':
        return new CircuitBreaker({
          trip: consecutiveFailures(l.failures),
          openMs: l.openMs,
          clock,
        });
      case 'timeout':
        return new TimeoutPolicy(l.ms, { strategy: l.strategy, clock });
      case 'bulkhead':
        return new BulkheadPolicy({ maxConcurrent: l.maxConcurrent, maxQueue: l.maxQueue, clock });
      case 'rateLimit': {
        const { limit, intervalMs, maxQueue, maxWaitMs } = l;
        return new RateLimitPolicy({ limit, intervalMs, maxQueue, maxWaitMs, clock });
      }
      case 'fallback':
        return fallback(FALLBACK);
      case 'hedge':
        return new HedgePolicy({ delayMs: l.delayMs, maxHedges: l.maxHedges, clock });
    }
  });
}

/** Whether `error` is a ballast error of a kind some layer of the stack raises. */
function raisedByStack(error: unknown, kinds: ReadonlySet<Layer['kind']>): boolean {
  if (isTimeoutError(error)) return kinds.has('timeout');
  if (isBrokenCircuitError(error)) return kinds.has('breaker');
  if (isBulkheadRejectedError(error)) return kinds.has('bulkhead');
  if (isRateLimitedError(error)) return kinds.has('rateLimit');
  return false;
}

/**
 * The most calls into the dependency one caller can cause: each retry layer multiplies them by
 * its attempts, each hedge by its attempts (the first and the hedges).
 */
function callsPerCaller(layers: readonly Layer[]): number {
  let most = 1;
  for (const l of layers) {
    if (l.kind === 'retry') most *= l.maxAttempts;
    if (l.kind === 'hedge') most *= 1 + l.maxHedges;
  }
  return most;
}

/**
 * The bound a bulkhead puts on the calls in the dependency: its `maxConcurrent`, when no retry
 * and no hedge sits inside it (those start several attempts in one slot). The smallest such one.
 */
function concurrencyBound(layers: readonly Layer[]): number {
  let bound = Infinity;
  layers.forEach((l, index) => {
    if (l.kind !== 'bulkhead') return;
    const inside = layers.slice(index + 1);
    if (inside.some((i) => i.kind === 'retry' || i.kind === 'hedge')) return;
    bound = Math.min(bound, l.maxConcurrent);
  });
  return bound;
}

interface Settled {
  count: number;
  value?: unknown;
  error?: unknown;
  rejected: boolean;
  /** Whether the caller's signal had aborted when the call settled. */
  abortedFirst: boolean;
}

/**
 * The reference, for a caller `id`. It settles once, with:
 * - a value: one the dependency resolved a call of `id` with (the same object), or the
 *   fallback's when the stack has a fallback;
 * - an error: one the dependency rejected a call of `id` with (the same object), the reason of
 *   `id`'s own signal when it aborted before the call settled, or a ballast error of a layer the
 *   stack has (a TimeoutError needs a timeout, a BrokenCircuitError a breaker...);
 * - and never an error at all when the outermost layer is a fallback and `id` did not abort.
 * It causes at most the product of its retries' and hedges' attempts in the dependency. When the
 * last call settles, no timer of a policy is pending, no listener is left on a caller's signal
 * and nothing is in the dependency; a bulkhead with no retry nor hedge inside it has kept the
 * dependency's calls at or below its `maxConcurrent`.
 */
describe('a random wrap() of policies over a scripted dependency', () => {
  it('settles every call once with an allowed outcome, leaves nothing behind, honours the bulkhead', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ layers, steps, callers }) => {
        const clock = new VirtualClock();
        const kinds = new Set(layers.map((l) => l.kind));
        // Without a timeout, nothing but its caller ends a hanging call: every caller aborts.
        const hasTimeout = kinds.has('timeout');
        let recovered = false;
        const dependency = new FakeDependency<object>({
          clock,
          script: (call): DependencyStep<object> => {
            if (recovered) return ok({ call: call.number });
            const s = steps[(call.number - 1) % steps.length]!;
            const options = { latencyMs: s.latencyMs };
            if (s.outcome === 'hang') return hang();
            if (s.outcome === 'error') return fail(new Error(`call ${call.number}`), options);
            return ok({ call: call.number }, options);
          },
        });
        const layered = build(layers, clock);
        const policy = wrap(...(layered as [Policy, ...Policy[]]));

        // The test's own timers (starts and aborts), apart from the policies'.
        let ownTimers = 0;
        const ownTimer = (ms: number, callback: () => void): void => {
          ownTimers++;
          clock.setTimer(ms, () => {
            ownTimers--;
            callback();
          });
        };
        const controllers: (AbortController | undefined)[] = [];
        const settled: Settled[] = [];
        const promises: Promise<void>[] = callers.map((c, id) => {
          const abortAfterMs = c.abortAfterMs ?? (hasTimeout ? undefined : 150);
          const controller = abortAfterMs === undefined ? undefined : new AbortController();
          controllers.push(controller);
          const record: Settled = { count: 0, rejected: false, abortedFirst: false };
          settled.push(record);
          return new Promise<void>((done) => {
            ownTimer(c.atMs, () => {
              if (controller !== undefined) {
                ownTimer(abortAfterMs!, () => controller.abort(new Error(`caller ${id} gave up`)));
              }
              policy
                .execute(
                  ({ signal }) => dependency.call({ signal, request: id }),
                  controller === undefined ? undefined : { signal: controller.signal },
                )
                .then(
                  (value) => {
                    record.count++;
                    record.value = value;
                  },
                  (error: unknown) => {
                    record.count++;
                    record.rejected = true;
                    record.error = error;
                  },
                )
                .finally(() => {
                  record.abortedFirst = controller?.signal.aborted ?? false;
                  done();
                });
            });
          });
        });

        await clock.run(Promise.all(promises), { maxTimers: 5_000 });

        // Nothing left behind when the last call settles: no timer of a policy, no listener.
        expect(clock.pendingTimers - ownTimers).toBe(0);
        for (const controller of controllers) {
          if (controller !== undefined) expect(abortListeners(controller.signal)).toBe(0);
        }
        expect(dependency.inFlight).toBe(0);

        // The reference: what each caller may get.
        callers.forEach((_, id) => {
          const record = settled[id]!;
          const mine = dependency.history.filter((call) => call.request === id);
          expect(mine.length).toBeLessThanOrEqual(callsPerCaller(layers));
          if (!record.rejected) {
            const fromDependency = mine.some(
              (call) =>
                call.outcome === 'ok' &&
                call.step.kind === 'ok' &&
                call.step.value === record.value,
            );
            const fromFallback = kinds.has('fallback') && record.value === FALLBACK;
            expect(fromDependency || fromFallback).toBe(true);
            return;
          }
          const error = record.error;
          const fromDependency = mine.some(
            (call) =>
              call.outcome === 'failed' && call.step.kind === 'fail' && call.step.error === error,
          );
          const aborted = record.abortedFirst && error === controllers[id]!.signal.reason;
          const fromStack = isBallastError(error) && raisedByStack(error, kinds);
          expect(fromDependency || aborted || fromStack).toBe(true);
          // An outermost fallback answers every call its caller did not abort.
          if (layers[0]!.kind === 'fallback') expect(record.abortedFirst).toBe(true);
        });
        expect(settled.map((r) => r.count)).toEqual(settled.map(() => 1));
        expect(dependency.maxInFlight).toBeLessThanOrEqual(concurrencyBound(layers));

        // Aborts that come after their call settled change nothing and leave nothing behind.
        await clock.runAll();
        expect(settled.map((r) => r.count)).toEqual(settled.map(() => 1));
        expect([clock.pendingTimers, dependency.inFlight]).toEqual([0, 0]);
        for (const controller of controllers) {
          if (controller !== undefined) expect(abortListeners(controller.signal)).toBe(0);
        }
        // No slot held, nobody queued.
        for (const p of layered) {
          if (p instanceof BulkheadPolicy) expect([p.active, p.queued]).toEqual([0, 0]);
          if (p instanceof RateLimitPolicy) expect(p.queued).toBe(0);
        }

        // Once the dependency has recovered and every window has passed (a breaker's openMs, a
        // rate limiter's interval), a call goes through to it: no layer is left stuck.
        recovered = true;
        await clock.advance(1_000);
        const last = await clock.run(
          policy.execute(({ signal }) => dependency.call({ signal, request: 'last' })),
        );
        expect(last).toBe((dependency.history.at(-1)!.step as { value: unknown }).value);
        expect(clock.pendingTimers).toBe(0);
      }),
      { numRuns: 100, examples },
    );
  });
});
