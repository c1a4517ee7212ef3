import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutcomeRing } from '../../src/window/index.js';

describe('OutcomeRing', () => {
  it('counts each flag over the last size outcomes, as the tail of a plain array does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 100 }),
        (size, masks) => {
          const ring = new OutcomeRing({ size, channels: 3 });
          const seen: number[] = [];
          for (const mask of masks) {
            ring.record(mask);
            seen.push(mask);
            const tail = seen.slice(-size);
            expect(ring.length).toBe(tail.length);
            for (let channel = 0; channel < 3; channel++) {
              expect(ring.sum(channel)).toBe(tail.filter((m) => (m >> channel) & 1).length);
            }
          }
        },
      ),
    );
  });

  it('forgets everything on reset', () => {
    const ring = new OutcomeRing({ size: 3 });
    ring.record(1);
    ring.record(1);
    ring.reset();
    expect([ring.length, ring.sum(0)]).toEqual([0, 0]);
    ring.record(1);
    expect([ring.length, ring.sum(0)]).toEqual([1, 1]);
  });

  it.each([
    [{ size: 0 }, /size must be an integer >= 1, got 0/],
    [{ size: 2, channels: 9 }, /channels must be at most 8, got 9/],
    [{ size: 2, channels: 0 }, /channels must be an integer >= 1/],
  ])('rejects bad options %o', (options, message) => {
    expect(() => new OutcomeRing(options)).toThrow(message);
  });
});

describe('OutcomeRing channels', () => {
  it('accepts 8 channels, one per bit of its byte, and refuses 9', () => {
    const ring = new OutcomeRing({ size: 2, channels: 8 });
    ring.record(0b1000_0001);
    expect([ring.sum(0), ring.sum(7)]).toEqual([1, 1]);
    expect(() => new OutcomeRing({ size: 2, channels: 9 })).toThrow(
      'channels must be at most 8, got 9',
    );
  });
});
