import { describe, expect, it } from 'vitest';
import { fail, hang, ok, slow } from '../../src/testing/index.js';

describe('dependency steps', () => {
  it('are plain data, with no latency unless given', () => {
    const reset = new Error('reset');
    expect([ok(), ok('x'), slow(250, 'late'), fail(503), fail(reset), hang()]).toEqual([
      { kind: 'ok', value: undefined, latencyMs: 0 },
      { kind: 'ok', value: 'x', latencyMs: 0 },
      { kind: 'ok', value: 'late', latencyMs: 250 },
      { kind: 'fail', status: 503, latencyMs: 0 },
      { kind: 'fail', error: reset, latencyMs: 0 },
      { kind: 'hang' },
    ]);
    expect(fail(reset).error).toBe(reset);
    expect(ok(1, { latencyMs: 20, headers: { etag: '"a"' } })).toEqual({
      kind: 'ok',
      value: 1,
      latencyMs: 20,
      headers: { etag: '"a"' },
    });
  });

  it('reject bad options, naming them', () => {
    expect(() => ok('x', { latencyMs: -1 })).toThrow(
      'latencyMs must be a finite number >= 0, got -1',
    );
    expect(() => fail(503, { latency: 5 } as never)).toThrow(
      'unknown option "latency" (did you mean "latencyMs"?)',
    );
    expect(() => ok('x', { headers: 'etag' as never })).toThrow(
      'headers must be an object, got "etag"',
    );
    expect(() => slow(Number.NaN)).toThrow('ms must be a finite number >= 0, got NaN');
    for (const status of [200, 399, 600, 503.5]) {
      expect(() => fail(status)).toThrow(`status must be an integer in [400, 599], got ${status}`);
    }
  });
});
