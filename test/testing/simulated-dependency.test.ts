import { describe, expect, it } from 'vitest';
import { DependencyError, SimulatedDependency, VirtualClock } from '../../src/testing/index.js';

describe('SimulatedDependency', () => {
  it('answers after its latency with the call number', async () => {
    const clock = new VirtualClock();
    const dependency = new SimulatedDependency({ clock, latencyMs: 20 });
    const reply = dependency.call();
    await clock.advance(19);
    expect(dependency.calls).toBe(1);
    await clock.advance(1);
    await expect(reply).resolves.toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('fails every call during an outage, with the outage latency', async () => {
    const clock = new VirtualClock();
    const dependency = new SimulatedDependency({
      clock,
      latencyMs: 50,
      outages: [{ fromMs: 100, toMs: 200, latencyMs: 5 }],
    });
    await clock.advance(100);
    expect(dependency.outageAt()).toBeDefined();
    const reply = dependency.call().catch((error: unknown) => error);
    await clock.advance(5);
    const error = await reply;
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).outage).toBe(true);
    expect(dependency.failures).toBe(1);
    await clock.advance(95);
    expect(dependency.outageAt()).toBeUndefined();
  });

  it('fails at random with a DependencyError by default', async () => {
    const clock = new VirtualClock();
    const dependency = new SimulatedDependency({ clock, failureRate: 1 });
    const reply = dependency.call().catch((error: unknown) => error);
    await clock.advance(0);
    const error = await reply;
    expect(error).toBeInstanceOf(DependencyError);
    expect((error as DependencyError).outage).toBe(false);
  });

  it('fails at its failure rate with a drawn latency and a custom error', async () => {
    const clock = new VirtualClock();
    const draws = [0.5, 0.1, 0.2, 0.9, 0, 0];
    const dependency = new SimulatedDependency({
      clock,
      failureRate: 0.3,
      latencyMs: (random) => random() * 10,
      random: () => draws.shift() ?? 0,
      error: (now) => new Error(`failed at ${now}`),
    });
    const first = dependency.call();
    const second = dependency.call().catch((error: unknown) => error);
    await clock.advance(10);
    await expect(first).resolves.toBe(1);
    expect(String(await second)).toBe('Error: failed at 0');
    const third = dependency.call().catch((error: unknown) => error);
    await clock.advance(10);
    expect(String(await third)).toBe('Error: failed at 10');
  });

  it('honours an abort signal and clears its timer', async () => {
    const clock = new VirtualClock();
    const dependency = new SimulatedDependency({ clock, latencyMs: 1_000 });
    const controller = new AbortController();
    const reply = dependency.call(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(reply).rejects.toThrow('cancelled');
    expect(clock.pendingTimers).toBe(0);
  });

  it('names latencyMs when its function returns a negative delay', async () => {
    const clock = new VirtualClock();
    const dependency = new SimulatedDependency({ clock, latencyMs: () => -5 });
    await expect(dependency.call()).rejects.toThrow(
      'latencyMs() must be a finite number >= 0, got -5',
    );
  });

  it.each([
    [{}, /clock is required/],
    [{ clock: new VirtualClock(), latencyMs: -1 }, /latencyMs must be a finite number >= 0/],
    [{ clock: new VirtualClock(), failureRate: 2 }, /failureRate must be in \[0, 1\]/],
    [{ clock: new VirtualClock(), outages: [{ fromMs: 5, toMs: 1 }] }, /outages\[0\] must have/],
    [
      { clock: new VirtualClock(), outages: [{ fromMs: 0, toMs: 1, latencyMs: -2 }] },
      /outages\[0\]\.latencyMs/,
    ],
  ])('rejects bad options %#', (options, message) => {
    expect(() => new SimulatedDependency(options as never)).toThrow(message);
  });
});

describe('SimulatedDependency options', () => {
  it('rejects unknown and null options, on nested outages too, with the closest name', () => {
    const clock = new VirtualClock();
    expect(() => new SimulatedDependency({ clock, latency: 5 } as never)).toThrow(
      new TypeError('unknown option "latency" (did you mean "latencyMs"?)'),
    );
    expect(() => new SimulatedDependency({ clock, failureRate: null } as never)).toThrow(
      'failureRate must not be null',
    );
    expect(
      () => new SimulatedDependency({ clock, outages: [{ fromMs: 0, to: 5 }] } as never),
    ).toThrow('unknown option "outages[0].to" (did you mean "outages[0].toMs"?)');
    expect(() => new SimulatedDependency({ clock, outages: 'all' } as never)).toThrow(
      'outages must be an array, got "all"',
    );
    expect(
      () => new SimulatedDependency({ clock, outages: [{ fromMs: 5n, toMs: 1 }] } as never),
    ).toThrow('outages[0] must have finite fromMs <= toMs, got 5n..1');
  });
});

describe('DependencyError', () => {
  it('keeps its two-argument form, and may carry an HTTP status', () => {
    const old = new DependencyError('down', true);
    expect([old.name, old.message, old.outage, old.status]).toEqual([
      'DependencyError',
      'down',
      true,
      undefined,
    ]);
    const answered = new DependencyError('dependency answered 503', false, 503);
    expect([answered.outage, answered.status]).toEqual([false, 503]);
    expect(new DependencyError('failed').outage).toBe(false);
  });
});
