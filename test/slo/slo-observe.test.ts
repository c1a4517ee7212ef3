import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from '../../src/clock/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const trackers: SloTracker[] = [];
function tracker(clock: VirtualClock, latencyThresholdMs?: number): SloTracker {
  const slo = new SloTracker({
    name: 'observed',
    objective: 0.99,
    clock,
    ...(latencyThresholdMs === undefined ? {} : { latencyThresholdMs }),
  });
  trackers.push(slo);
  return slo;
}
afterEach(() => {
  for (const slo of trackers.splice(0)) slo.close();
});

describe('SloTracker.observe', () => {
  it('passes the same result object through and records a good event', async () => {
    const slo = tracker(new VirtualClock());
    const result = { id: 1 };
    await expect(slo.observe(() => Promise.resolve(result))).resolves.toBe(result);
    await expect(slo.observe(() => result)).resolves.toBe(result);
    expect(slo.totals()).toEqual({ good: 2, total: 2 });
  });

  it('passes the same error through, for rejections and synchronous throws', async () => {
    const slo = tracker(new VirtualClock());
    const error = new Error('down');
    await expect(slo.observe(() => Promise.reject(error))).rejects.toBe(error);
    const thrown = slo.observe(() => {
      throw error;
    });
    expect(thrown).toBeInstanceOf(Promise);
    await expect(thrown).rejects.toBe(error);
    const notAnError = { reason: 'weird' };
    await expect(slo.observe(() => Promise.reject(notAnError as unknown as Error))).rejects.toBe(
      notAnError,
    );
    expect(slo.totals()).toEqual({ good: 0, total: 3 });
  });

  it('accepts any thenable', async () => {
    const slo = tracker(new VirtualClock());
    const thenable: PromiseLike<string> = {
      then: (resolve) => Promise.resolve(resolve?.('ok')) as never,
    };
    await expect(slo.observe(() => thenable)).resolves.toBe('ok');
    expect(slo.totals()).toEqual({ good: 1, total: 1 });
  });

  it('times the call on the clock: a slow success is bad when a threshold is set', async () => {
    const clock = new VirtualClock();
    const slo = tracker(clock, 100);
    const call = (ms: number) => slo.observe(() => sleep(ms, { clock }).then(() => ms));
    const fast = call(100);
    await clock.advance(100);
    await expect(fast).resolves.toBe(100);
    const slow = call(101);
    await clock.advance(101);
    await expect(slow).resolves.toBe(101);
    expect(slo.totals()).toEqual({ good: 1, total: 2 });
    expect(slo.sli(60_000)).toBe(0.5);
  });

  it('times a call from its own start, not from clock zero', async () => {
    const clock = new VirtualClock();
    await clock.advance(3_600_000);
    const slo = tracker(clock, 100);
    await clock.advance(60_000);
    // 50 ms, well within the threshold, an hour and a minute after clock zero.
    const fast = slo.observe(() => sleep(50, { clock }).then(() => 'fast'));
    await clock.advance(50);
    await expect(fast).resolves.toBe('fast');
    expect(slo.totals()).toEqual({ good: 1, total: 1 });
    const slow = slo.observe(() => sleep(150, { clock }).then(() => 'slow'));
    await clock.advance(150);
    await expect(slow).resolves.toBe('slow');
    expect(slo.totals()).toEqual({ good: 1, total: 2 });
  });

  it('records a fast failure as bad when a threshold is set, passing the same error', async () => {
    const slo = tracker(new VirtualClock(), 100);
    const error = new Error('down');
    await expect(slo.observe(() => Promise.reject(error))).rejects.toBe(error);
    await expect(
      slo.observe(() => {
        throw error;
      }),
    ).rejects.toBe(error);
    const result = { id: 2 };
    await expect(slo.observe(() => result)).resolves.toBe(result);
    expect(slo.totals()).toEqual({ good: 1, total: 3 });
  });

  it('rejects a non-function without recording', async () => {
    const slo = tracker(new VirtualClock());
    await expect(slo.observe('nope' as unknown as () => number)).rejects.toThrow(
      /fn must be a function, got "nope"/,
    );
    expect(slo.totals()).toEqual({ good: 0, total: 0 });
  });
});

describe('SloTracker.observe with classifiers', () => {
  it('counts a result isResultFailure accepts as bad, typed by the result', async () => {
    const slo = tracker(new VirtualClock());
    const unavailable = { status: 503 };
    const seen = await slo.observe(() => Promise.resolve(unavailable), {
      isResultFailure: (response) => response.status >= 500,
    });
    expect(seen).toBe(unavailable);
    await slo.observe(() => ({ status: 200 }), {
      isResultFailure: (response) => response.status >= 500,
    });
    expect(slo.totals()).toEqual({ good: 1, total: 2 });
  });

  it('counts an error isFailure rejects as good, and still passes it on unchanged', async () => {
    const slo = tracker(new VirtualClock());
    const notFound = new Error('404');
    const options = { isFailure: (error: unknown) => error !== notFound };
    await expect(slo.observe(() => Promise.reject(notFound), options)).rejects.toBe(notFound);
    const thrown = slo.observe(() => {
      throw notFound;
    }, options);
    await expect(thrown).rejects.toBe(notFound);
    await expect(slo.observe(() => Promise.reject(new Error('500')), options)).rejects.toThrow();
    expect(slo.totals()).toEqual({ good: 2, total: 3 });
  });

  it('still counts a good outcome that took too long as bad', async () => {
    const clock = new VirtualClock();
    const slo = tracker(clock, 100);
    const options = { isFailure: () => false };
    const late = new Error('late');
    const slow = slo.observe(() => sleep(150, { clock }).then(() => Promise.reject(late)), options);
    const settled = expect(slow).rejects.toBe(late);
    await clock.advance(150);
    await settled;
    const fast = slo.observe(() => sleep(50, { clock }).then(() => Promise.reject(late)), options);
    const fastSettled = expect(fast).rejects.toBe(late);
    await clock.advance(50);
    await fastSettled;
    expect(slo.totals()).toEqual({ good: 1, total: 2 });
  });

  it('counts a call as bad when a classifier throws, warns once, and keeps the outcome', async () => {
    const slo = tracker(new VirtualClock());
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => {
      if (warning.message.includes('SLO "observed"')) warnings.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const result = { ok: true };
      const broken = {
        isResultFailure: (): boolean => {
          throw new Error('classifier bug');
        },
      };
      await expect(slo.observe(() => result, broken)).resolves.toBe(result);
      await expect(slo.observe(() => result, broken)).resolves.toBe(result);
      await new Promise((resolve) => setImmediate(resolve));
      expect(slo.totals()).toEqual({ good: 0, total: 2 });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('isResultFailure of SLO "observed" threw');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('rejects invalid options without calling fn', async () => {
    const slo = tracker(new VirtualClock());
    let calls = 0;
    const fn = (): number => ++calls;
    await expect(slo.observe(fn, { isResultFalure: () => true } as never)).rejects.toThrow(
      'unknown option "isResultFalure" (did you mean "isResultFailure"?)',
    );
    await expect(slo.observe(fn, { isFailure: 1 } as never)).rejects.toThrow(
      'options.isFailure must be a function, got 1',
    );
    await expect(slo.observe(fn, null as never)).rejects.toThrow(TypeError);
    expect(calls).toBe(0);
    expect(slo.totals()).toEqual({ good: 0, total: 0 });
  });
});
