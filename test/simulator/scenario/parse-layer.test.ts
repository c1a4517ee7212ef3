import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/simulator/index.js';
import { minimalScenario } from '../../helpers/scenarios.js';

/** The minimal scenario whose only variant has `layer` as its only layer. */
function withLayer(layer: Record<string, unknown>): unknown {
  const scenario = minimalScenario();
  scenario.variants = [{ name: 'v', layers: [layer as Record<string, Record<string, unknown>>] }];
  return scenario;
}

const AT = 'variants[0].layers[0]';

describe('parseScenario: a layer', () => {
  it.each([
    [
      { retry: { backoff: { type: 'exponential', factor: 0.5 } } },
      RangeError,
      `${AT}.retry.backoff.factor must be a finite number >= 1, got 0.5`,
    ],
    [
      { retry: { backoff: { type: 'exponential', jitter: 'weird' } } },
      TypeError,
      `${AT}.retry.backoff.jitter must be one of none, full, equal, got "weird"`,
    ],
    [
      { retry: { backoff: { type: 'constant', jitter: 'weird', delayMs: 5 } } },
      RangeError,
      `${AT}.retry.backoff.jitter must be a number in [0, 1], got "weird"`,
    ],
    [
      { retry: { backoff: { type: 'constant' } } },
      TypeError,
      `${AT}.retry.backoff.delayMs is required`,
    ],
    [
      { retry: { backoff: { type: 'exponential', initialMs: 0 } } },
      RangeError,
      `${AT}.retry.backoff.initialMs must be a duration > 0, got 0`,
    ],
    [
      { retry: { backoff: { type: 'exponential', initialMs: 100, maxMs: 10 } } },
      RangeError,
      `${AT}.retry.backoff.maxMs`,
    ],
    [
      { retry: { budget: { ratio: -1 } } },
      RangeError,
      `${AT}.retry.budget.ratio must be in [0, 1]`,
    ],
    [
      { retry: { budget: { minPerSecond: -1 } } },
      RangeError,
      `${AT}.retry.budget.minPerSecond must be a finite number >= 0, got -1`,
    ],
    [
      { breaker: { trip: { consecutiveFailures: 0 } } },
      RangeError,
      `${AT}.breaker.trip.consecutiveFailures must be an integer >= 1, got 0`,
    ],
    [
      {
        breaker: {
          trip: { failureRate: { threshold: 1.5, minimumCalls: 5, window: { calls: 10 } } },
        },
      },
      RangeError,
      `${AT}.breaker.trip.failureRate.threshold must be in (0, 1], got 1.5`,
    ],
    [
      { breaker: { trip: { consecutivefailures: 3 } } },
      TypeError,
      `unknown option "${AT}.breaker.trip.consecutivefailures" (did you mean "${AT}.breaker.trip.consecutiveFailures"?)`,
    ],
    [
      {
        breaker: {
          trip: {
            consecutiveFailures: 3,
            failureRate: { threshold: 0.5, minimumCalls: 5, window: { calls: 10 } },
          },
        },
      },
      TypeError,
      `${AT}.breaker.trip must have exactly one of consecutiveFailures and failureRate, got both`,
    ],
    [
      { breaker: { trip: {} } },
      TypeError,
      `${AT}.breaker.trip must have exactly one of consecutiveFailures and failureRate, got none`,
    ],
    [{ timeout: -5 }, RangeError, `${AT}.timeout must be a duration > 0, got -5`],
    [{ timeout: 0 }, RangeError, `${AT}.timeout must be a duration > 0, got 0`],
    [
      { timeout: { timeoutMs: '0s' } },
      RangeError,
      `${AT}.timeout.timeoutMs must be a duration > 0, got "0s"`,
    ],
    [{ throttle: { k: 0 } }, RangeError, `${AT}.throttle.k must be >= 1, got 0`],
    [
      { rateLimit: { limit: 5, intervalMs: 0 } },
      RangeError,
      `${AT}.rateLimit.intervalMs must be a duration > 0, got 0`,
    ],
    [
      { bulkhead: { maxConcurrent: 0 } },
      RangeError,
      `${AT}.bulkhead.maxConcurrent must be an integer >= 1, got 0`,
    ],
    [
      { hedge: { delayMs: 5, maxHedges: 0 } },
      RangeError,
      `${AT}.hedge.maxHedges must be an integer >= 1, got 0`,
    ],
    [
      { concurrency: { algorithm: 'aimd', aimd: { backoffRatio: 5 } } },
      RangeError,
      `${AT}.concurrency.aimd.backoffRatio must be in [0.5, 1), got 5`,
    ],
    [
      { fallback: { value: 1, other: 2 } },
      TypeError,
      `unknown option "${AT}.fallback.other" (did you mean "${AT}.fallback.value"?)`,
    ],
    [{ hedge: { maxHedges: 2 } }, TypeError, `${AT}.hedge.delayMs is required`],
    [{ rateLimit: { limit: 5 } }, TypeError, `${AT}.rateLimit.intervalMs is required`],
    [{ fallback: {} }, TypeError, `${AT}.fallback.value is required`],
  ])('names the scenario path of %j', (layer, type, message) => {
    const scenario = withLayer(layer);
    expect(() => parseScenario(scenario)).toThrow(type);
    expect(() => parseScenario(scenario)).toThrow(message);
  });

  it('reads zero with a unit wherever 0 is valid', () => {
    const scenario = parseScenario(
      withLayer({ retry: { backoff: { type: 'constant', delayMs: '0s' }, maxElapsedMs: '0ms' } }),
    );
    expect(scenario.variants[0]!.layers[0]).toMatchObject({
      backoff: { type: 'constant', delayMs: 0 },
      maxElapsedMs: 0,
    });
  });
});
