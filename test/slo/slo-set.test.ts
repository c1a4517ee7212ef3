import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, type Clock } from '../../src/clock/index.js';
import { SloSet, SloTracker, type ActiveAlert, type SloOptions } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { manualClock } from './reference-model.js';

const trackers: SloTracker[] = [];
function tracker(clock: Clock, options: Partial<SloOptions> = {}): SloTracker {
  const slo = new SloTracker({
    name: 'api',
    objective: 0.99,
    alerts: false,
    clock,
    windowMs: 3_600_000,
    ...options,
  });
  trackers.push(slo);
  return slo;
}
afterEach(() => {
  for (const slo of trackers.splice(0)) slo.close();
});

/** The workbook's example: 90 % under 100 ms, 99 % under 500 ms, 99.9 % available. */
function workbook(clock: Clock) {
  const fast = tracker(clock, { name: 'fast', objective: 0.9, latencyThresholdMs: 100 });
  const slow = tracker(clock, { name: 'slow', objective: 0.99, latencyThresholdMs: 500 });
  const available = tracker(clock, { name: 'available', objective: 0.999 });
  return { fast, slow, available, set: new SloSet([fast, slow, available]) };
}

describe('SloSet', () => {
  it('judges each call by each tracker threshold, as the trackers fed one by one would (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            advanceMs: fc.integer({ min: 0, max: 5_000 }),
            durationMs: fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.constantFrom(100, 500)),
            ok: fc.boolean(),
          }),
          { maxLength: 80 },
        ),
        (calls) => {
          const clock = manualClock();
          const { fast, slow, available, set } = workbook(clock);
          const single = workbook(manualClock());
          const reference = [single.fast, single.slow, single.available];
          for (const { advanceMs, durationMs, ok } of calls) {
            clock.time += advanceMs;
            set.recordCall(durationMs, ok);
            const expectedFast = ok && durationMs <= 100;
            const expectedSlow = ok && durationMs <= 500;
            single.fast.record(expectedFast);
            single.slow.record(expectedSlow);
            single.available.record(ok);
          }
          [fast, slow, available].forEach((slo, index) => {
            expect(slo.totals()).toEqual(reference[index]!.totals());
            expect(slo.latency().count).toBe(calls.length);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('times each call once: one clock read when it starts and one when it settles', async () => {
    const virtual = new VirtualClock();
    let reads = 0;
    const clock: Clock = {
      now: () => {
        reads++;
        return virtual.now();
      },
      setTimer: (delay, callback, options) => virtual.setTimer(delay, callback, options),
    };
    const { fast, slow, available, set } = workbook(clock);
    set.recordCall(1, true); // makes the latency histograms, which check the clock once each
    reads = 0;
    const call = set.observe(() => sleep(250, { clock: virtual }).then(() => 'done'));
    await virtual.advance(250);
    await expect(call).resolves.toBe('done');
    // Whatever the number of trackers.
    expect(reads).toBe(2);
    expect(fast.totals()).toEqual({ good: 1, total: 2 });
    expect(slow.totals()).toEqual({ good: 2, total: 2 });
    expect(available.totals()).toEqual({ good: 2, total: 2 });
    for (const slo of [fast, slow, available]) expect(slo.latency().maxMs).toBe(250);
  });

  it('passes results and errors through, classified once for all trackers', async () => {
    const clock = new VirtualClock();
    const { fast, available, set } = workbook(clock);
    const error = new Error('down');
    await expect(set.observe(() => Promise.reject(error))).rejects.toBe(error);
    await expect(
      set.observe(() => {
        throw error;
      }),
    ).rejects.toBe(error);
    const result = { status: 503 };
    let classified = 0;
    await expect(
      set.observe(() => result, {
        isResultFailure: (r) => {
          classified++;
          return r.status >= 500;
        },
      }),
    ).resolves.toBe(result);
    expect(classified).toBe(1);
    await expect(set.observe(() => Promise.reject(error), { isFailure: () => false })).rejects.toBe(
      error,
    );
    expect(available.totals()).toEqual({ good: 1, total: 4 });
    expect(fast.totals()).toEqual({ good: 1, total: 4 });
    await expect(set.observe('nope' as never)).rejects.toThrow(/fn must be a function, got "nope"/);
    await expect(set.observe(() => 1, { isFailur: () => true } as never)).rejects.toThrow(
      /isFailur.*isFailure/,
    );
  });

  it('leaves each tracker its own alerts', () => {
    const clock = manualClock();
    const options = {
      alerts: [
        { severity: 'page' as const, burnRate: 2, longWindowMs: 600_000, shortWindowMs: 60_000 },
      ],
    };
    const fast = tracker(clock, {
      ...options,
      name: 'fast',
      objective: 0.9,
      latencyThresholdMs: 100,
    });
    const available = tracker(clock, { ...options, name: 'available', objective: 0.9 });
    const started: ActiveAlert[] = [];
    for (const slo of [fast, available]) slo.events.on('alertStart', (a) => started.push(a));
    const set = new SloSet([fast, available]);
    for (let i = 0; i < 100; i++) {
      clock.time += 2_000;
      set.recordCall(300, true);
    }
    expect(started.map((alert) => alert.slo)).toEqual(['fast']);
  });

  it('rejects what is not a set of distinct trackers on one clock', () => {
    const clock = manualClock();
    const one = tracker(clock);
    expect(() => new SloSet([])).toThrow(
      /trackers must be a non-empty array of SloTracker, got an array of 0/,
    );
    expect(() => new SloSet([one, {} as SloTracker])).toThrow(
      /trackers\[1\] must be an SloTracker, got \{\}/,
    );
    expect(() => new SloSet([one, one])).toThrow(/trackers\[1\] is trackers\[0\] again/);
    expect(() => new SloSet([one, tracker(manualClock(), { name: 'other' })])).toThrow(
      /trackers\[1\] \("other"\) reads another clock than trackers\[0\]/,
    );
    const set = new SloSet([one]);
    expect(() => set.recordCall(-1, true)).toThrow(
      /durationMs must be a finite number >= 0, got -1/,
    );
    expect(() => set.recordCall(1, 'yes' as never)).toThrow(/ok must be a boolean, got "yes"/);
  });
});
