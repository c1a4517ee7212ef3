import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';

describe('CircuitBreaker and a call deadline', () => {
  it("hands the caller's deadline on in the context, with the signal", async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock });
    const controller = new AbortController();
    const context = await breaker.execute((c) => c, { signal: controller.signal, deadline: 70 });
    expect(context).toEqual({ signal: controller.signal, deadline: 70 });
    const alone = await breaker.execute((c) => c, { deadline: 80 });
    expect(alone.deadline).toBe(80);
    expect(alone.signal.aborted).toBe(false);
    const none = await breaker.execute((c) => c);
    expect(Object.keys(none)).toEqual(['signal']);
  });

  it('rejects a deadline that is not a number before running', async () => {
    const breaker = new CircuitBreaker();
    await expect(breaker.execute(() => 1, { deadline: Number.NaN })).rejects.toThrow(RangeError);
  });
});
