import { describe, expect, it } from 'vitest';
import { consecutiveFailures, type TripWindowCounts } from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';

describe('consecutiveFailures', () => {
  it('trips on the count-th failure in a row, ignoring slowness', () => {
    const tracker = consecutiveFailures(3).create({ clock: new VirtualClock() });
    expect(tracker.failure(false, Number.NaN)).toBe(false);
    expect(tracker.failure(true, Number.NaN)).toBe(false);
    expect(tracker.success(true, Number.NaN)).toBe(false);
    expect(tracker.failure(false, Number.NaN)).toBe(false);
    expect(tracker.failure(false, Number.NaN)).toBe(false);
    expect(tracker.failure(false, Number.NaN)).toBe(true);
    tracker.reset();
    expect(tracker.failure(false, Number.NaN)).toBe(false);
  });

  it('reports the current run of failures as its window', () => {
    const tracker = consecutiveFailures(3).create({ clock: new VirtualClock() });
    const into: TripWindowCounts = { calls: 0, failures: 0, slowCalls: 0 };
    const read = () => {
      into.calls = into.failures = into.slowCalls = 0;
      tracker.window!(into, Number.NaN);
      return { ...into };
    };
    expect(read()).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
    tracker.failure(true, Number.NaN);
    tracker.failure(false, Number.NaN);
    expect(read()).toEqual({ calls: 2, failures: 2, slowCalls: 0 });
    expect(read()).toEqual({ calls: 2, failures: 2, slowCalls: 0 }); // reading moves nothing
    tracker.success(true, Number.NaN);
    expect(read()).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
    tracker.failure(false, Number.NaN);
    tracker.failure(false, Number.NaN);
    expect(tracker.failure(false, Number.NaN)).toBe(true);
    expect(read()).toEqual({ calls: 3, failures: 3, slowCalls: 0 });
    tracker.reset();
    expect(read()).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
  });

  it('gives each breaker counters of its own', () => {
    const condition = consecutiveFailures(2);
    const a = condition.create({ clock: new VirtualClock() });
    const b = condition.create({ clock: new VirtualClock() });
    a.failure(false, 0);
    expect(b.failure(false, 0)).toBe(false);
    expect(a.failure(false, 0)).toBe(true);
  });

  it('describes itself and needs neither time nor slow calls', () => {
    const condition = consecutiveFailures(5);
    expect(condition.description).toBe('consecutiveFailures(5)');
    expect(condition.usesTime).toBeUndefined();
    expect(condition.countsSlowCalls).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '3'])('rejects %s', (count) => {
    expect(() => consecutiveFailures(count as number)).toThrow(
      /^consecutiveFailures\(count\) must be an integer >= 1, got /,
    );
  });
});
