import { describe, expect, it } from 'vitest';
import { VirtualClock, callsAt } from '../../src/testing/index.js';

describe('callsAt', () => {
  it('starts each call at its time and gives the outcomes in the order of the times', async () => {
    const clock = new VirtualClock();
    const started: [number, number][] = [];
    const boom = new Error('boom');
    const outcomes = await clock.run(
      callsAt(clock, [30, 0, 10, 10], (index) => {
        started.push([index, clock.now()]);
        if (index === 2) throw boom;
        if (index === 3) return Promise.reject(boom);
        return index * 100;
      }),
    );
    expect(started).toEqual([
      [1, 0],
      [2, 10],
      [3, 10],
      [0, 30],
    ]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 0 },
      { status: 'fulfilled', value: 100 },
      { status: 'rejected', reason: boom },
      { status: 'rejected', reason: boom },
    ]);
  });

  it('resolves at once with no times', async () => {
    const clock = new VirtualClock();
    await expect(callsAt(clock, [], () => 1)).resolves.toEqual([]);
  });

  it('rejects bad input, naming it', () => {
    const clock = new VirtualClock();
    expect(() => callsAt(undefined as never, [], () => 1)).toThrow('clock is required');
    expect(() => callsAt(clock, 5 as never, () => 1)).toThrow('times must be an array, got 5');
    expect(() => callsAt(clock, [0, -1], () => 1)).toThrow(
      'times[1] must be a finite number >= 0, got -1',
    );
    expect(() => callsAt(clock, [0], undefined as never)).toThrow('call is required');
    expect(() => callsAt(clock, [0], 'go' as never)).toThrow('call must be a function, got "go"');
    expect(clock.pendingTimers).toBe(0);
  });
});
