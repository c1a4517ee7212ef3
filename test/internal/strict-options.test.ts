import { describe, expect, it } from 'vitest';
import { sleep, systemClock } from '../../src/clock/index.js';
import { Emitter } from '../../src/events/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { OutcomeRing, RollingCounter } from '../../src/window/index.js';

// The options objects outside the policies: each rejects an unknown key with the closest name and
// a null value, as every options object in ballast does.
describe('strict options of the clock, events and windows', () => {
  it('sleep rejects a misspelled clock instead of waiting in real time', async () => {
    const clock = new VirtualClock();
    await expect(sleep(10, { clok: clock } as never)).rejects.toThrow(
      new TypeError('unknown option "clok" (did you mean "clock"?)'),
    );
    await expect(sleep(10, null as never)).rejects.toThrow('options must be an object, got null');
    await expect(sleep(10, { clock: 5 } as never)).rejects.toThrow(/clock must be a Clock/);
  });

  it('setTimer rejects unknown timer options, on the system clock and the virtual one', () => {
    const clock = new VirtualClock();
    expect(() => clock.setTimer(10, () => undefined, { unreff: true } as never)).toThrow(
      'unknown option "unreff" (did you mean "unref"?)',
    );
    expect(() => clock.setTimer(10, () => undefined, { unref: 1 } as never)).toThrow(
      'unref must be a boolean, got 1',
    );
    expect(clock.pendingTimers).toBe(0);
    expect(() => systemClock.setTimer(10, () => undefined, null as never)).toThrow(TypeError);
  });

  it('Emitter rejects unknown and null options', () => {
    expect(() => new Emitter({ onListenerErrors: () => undefined } as never)).toThrow(
      'unknown option "onListenerErrors" (did you mean "onListenerError"?)',
    );
    expect(() => new Emitter(null as never)).toThrow('options must be an object, got null');
    expect(() => new Emitter({ onListenerError: 3 } as never)).toThrow(
      'onListenerError must be a function, got 3',
    );
  });

  it('RollingCounter and OutcomeRing reject unknown and null options', () => {
    expect(() => new RollingCounter({ windowMs: 100, buckets: 4, channel: 2 } as never)).toThrow(
      'unknown option "channel" (did you mean "channels"?)',
    );
    expect(() => new RollingCounter(null as never)).toThrow('options must be an object');
    expect(() => new OutcomeRing({ size: 4, channel: 2 } as never)).toThrow(
      'unknown option "channel" (did you mean "channels"?)',
    );
  });
});
