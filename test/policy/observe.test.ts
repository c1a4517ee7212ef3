import { afterEach, describe, expect, it } from 'vitest';
import { observe, wrap, type Observer } from '../../src/policy/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const trackers: SloTracker[] = [];
afterEach(() => {
  for (const slo of trackers.splice(0)) slo.close();
});
function tracker(): SloTracker {
  const slo = new SloTracker({ name: 'http', objective: 0.99, clock: new VirtualClock() });
  trackers.push(slo);
  return slo;
}

describe('observe(observer, options)', () => {
  it('hands its classifiers to the observer, so a 503 result is a bad event', async () => {
    const slo = tracker();
    const policy = wrap(
      observe(slo, {
        isResultFailure: (result) =>
          typeof result === 'object' &&
          result !== null &&
          'status' in result &&
          result.status === 503,
      }),
    );
    const unavailable = { status: 503 };
    await expect(policy.execute(() => unavailable)).resolves.toBe(unavailable);
    await policy.execute(() => ({ status: 200 }));
    expect(slo.totals()).toEqual({ good: 1, total: 2 });
  });

  it('counts an error isFailure rejects as good', async () => {
    const slo = tracker();
    const notFound = new Error('404');
    const policy = observe(slo, { isFailure: (error) => error !== notFound });
    await expect(policy.execute(() => Promise.reject(notFound))).rejects.toBe(notFound);
    expect(slo.totals()).toEqual({ good: 1, total: 1 });
  });

  it('calls an observer without options exactly as before', async () => {
    const seen: unknown[][] = [];
    const observer: Observer = {
      observe: (fn, ...rest) => {
        seen.push(rest);
        return Promise.resolve(fn());
      },
    };
    await observe(observer).execute(() => 1);
    expect(seen).toEqual([[]]);
  });

  it('keeps its own copy of the options', async () => {
    const slo = tracker();
    const options: { isResultFailure?: (result: unknown) => boolean } = {
      isResultFailure: () => true,
    };
    const policy = observe(slo, options);
    delete options.isResultFailure;
    await policy.execute(() => 'x');
    expect(slo.totals()).toEqual({ good: 0, total: 1 });
  });

  it('rejects invalid options at construction, naming them', () => {
    const slo = tracker();
    expect(() => observe(slo, { isResultFailure: 'yes' } as never)).toThrow(
      new TypeError('options.isResultFailure must be a function, got "yes"'),
    );
    expect(() => observe(slo, { isFaliure: () => true } as never)).toThrow(
      'unknown option "isFaliure" (did you mean "isFailure"?)',
    );
  });
});
