import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { Emitter } from '../../src/events/index.js';

interface Events {
  change: { from: string; to: string };
  tick: number;
}

describe('Emitter', () => {
  it('calls listeners in order with the payload, until unsubscribed', () => {
    const events = new Emitter<Events>();
    const seen: string[] = [];
    const off = events.on('change', ({ to }) => seen.push(`a:${to}`));
    events.on('change', ({ to }) => seen.push(`b:${to}`));
    events.emit('change', { from: 'closed', to: 'open' });
    off();
    off();
    events.emit('change', { from: 'open', to: 'closed' });
    expect(seen).toEqual(['a:open', 'b:open', 'b:closed']);
  });

  it('runs a once listener for the next event only', () => {
    const events = new Emitter<Events>();
    const ticks: number[] = [];
    events.once('tick', (n) => ticks.push(n));
    events.emit('tick', 1);
    events.emit('tick', 2);
    expect(ticks).toEqual([1]);
    expect(events.listenerCount('tick')).toBe(0);
  });

  it('lets a once listener be removed before it runs', () => {
    const events = new Emitter<Events>();
    const listener = vi.fn();
    const off = events.once('tick', listener);
    off();
    events.emit('tick', 1);
    expect(listener).not.toHaveBeenCalled();
  });

  it('counts listeners per event and in all', () => {
    const events = new Emitter<Events>();
    expect(events.listenerCount('tick')).toBe(0);
    events.on('tick', () => undefined);
    events.on('tick', () => undefined);
    events.on('change', () => undefined);
    expect(events.listenerCount('tick')).toBe(2);
    expect(events.listenerCount()).toBe(3);
  });

  it('removes a listener from the middle or the end, keeping the others in order', () => {
    const events = new Emitter<Events>();
    const seen: string[] = [];
    const offs = ['a', 'b', 'c', 'd'].map((name) =>
      events.on('tick', (n) => seen.push(`${name}${n}`)),
    );
    offs[1]!();
    events.emit('tick', 1);
    expect(seen).toEqual(['a1', 'c1', 'd1']);
    offs[3]!();
    events.emit('tick', 2);
    expect(seen).toEqual(['a1', 'c1', 'd1', 'a2', 'c2']);
    expect(events.listenerCount('tick')).toBe(2);
    expect(events.listenerCount()).toBe(2);
  });

  it('removes only its own subscription when one unsubscribe is called twice', () => {
    const events = new Emitter<Events>();
    const listener = vi.fn();
    const other = vi.fn();
    const offFirst = events.on('tick', listener);
    events.on('tick', listener);
    events.on('tick', other);
    offFirst();
    offFirst();
    events.emit('tick', 1);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(1);
    expect(events.listenerCount('tick')).toBe(2);
  });

  it('counts no listeners for an event without any while others have some', () => {
    const events = new Emitter<Events>();
    events.on('tick', () => undefined);
    expect(events.listenerCount('change')).toBe(0);
    expect(events.listenerCount()).toBe(1);
  });

  it('keeps a listener added twice as two subscriptions', () => {
    const events = new Emitter<Events>();
    const listener = vi.fn();
    const offFirst = events.on('tick', listener);
    events.on('tick', listener);
    offFirst();
    events.emit('tick', 1);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('applies changes made during an emit from the next emit', () => {
    const events = new Emitter<Events>();
    const seen: string[] = [];
    let offB = (): void => undefined;
    events.on('tick', () => {
      seen.push('a');
      offB();
      events.on('tick', () => seen.push('c'));
    });
    offB = events.on('tick', () => seen.push('b'));
    events.emit('tick', 0);
    expect(seen).toEqual(['a', 'b']);
  });

  it('isolates a throwing listener: others run, the emitter never sees the error', () => {
    const errors: [unknown, string][] = [];
    const events = new Emitter<Events>({ onListenerError: (e, name) => errors.push([e, name]) });
    const boom = new Error('boom');
    const after = vi.fn();
    events.on('tick', () => {
      throw boom;
    });
    events.on('tick', after);
    expect(() => events.emit('tick', 1)).not.toThrow();
    expect(after).toHaveBeenCalledWith(1);
    expect(errors).toEqual([[boom, 'tick']]);
  });

  it('survives an onListenerError that throws', () => {
    const events = new Emitter<Events>({
      onListenerError: () => {
        throw new Error('handler failed');
      },
    });
    events.on('tick', () => {
      throw new Error('listener failed');
    });
    expect(() => events.emit('tick', 1)).not.toThrow();
  });

  it('warns once per throwing listener by default', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const events = new Emitter<Events>();
    events.on('tick', () => {
      throw new Error('always');
    });
    events.on('tick', () => {
      throw 'not an error';
    });
    events.emit('tick', 1);
    events.emit('tick', 2);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/a listener of "tick" threw: Error: always/);
    expect(String(warn.mock.calls[1]?.[0])).toMatch(/threw: not an error/);
    expect(warn.mock.calls[0]?.[1]).toEqual({
      type: 'BallastListenerWarning',
      code: 'BALLAST_LISTENER_ERROR',
    });
    warn.mockRestore();
  });

  it('falls back to console.warn where there is no process.emitWarning', () => {
    const original = process.emitWarning;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    (process as { emitWarning?: unknown }).emitWarning = undefined;
    try {
      const events = new Emitter<Events>();
      events.on('tick', () => {
        throw new Error('x');
      });
      events.emit('tick', 1);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      process.emitWarning = original;
      warn.mockRestore();
    }
  });

  it('rejects a listener or handler that is not a function', () => {
    const events = new Emitter<Events>();
    expect(() => events.on('tick', 1 as never)).toThrow(
      new TypeError('listener must be a function, got 1'),
    );
    expect(() => events.once('tick', null as never)).toThrow(
      new TypeError('listener must be a function, got null'),
    );
    expect(events.listenerCount()).toBe(0);
    expect(() => new Emitter({ onListenerError: 'log' as never })).toThrow(
      /onListenerError must be a function/,
    );
  });

  it('types payloads by event name', () => {
    const events = new Emitter<Events>();
    events.on('tick', (payload) => expectTypeOf(payload).toEqualTypeOf<number>());
    // @ts-expect-error an unknown event name
    events.on('nope', () => undefined);
    // @ts-expect-error a payload of the wrong type
    events.emit('tick', 'one');
  });
});
