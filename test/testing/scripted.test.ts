import { describe, expect, it } from 'vitest';
import { scripted } from '../../src/testing/index.js';

describe('scripted', () => {
  it('plays outcomes in order, then repeats the last, counting calls', async () => {
    const boom = new Error('503');
    const fn = scripted<string>([{ error: boom }, { value: 'ok' }]);
    await expect(fn()).rejects.toBe(boom);
    await expect(fn()).resolves.toBe('ok');
    await expect(fn()).resolves.toBe('ok');
    expect(fn.calls).toBe(3);
  });

  it('needs at least one outcome', () => {
    expect(() => scripted([])).toThrow(/outcomes must be a non-empty array/);
  });
});
