import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { worstAmplification } from '../../../src/simulator/report/worst-amplification.js';
import type { VariantSeries } from '../../../src/simulator/simulation-result.js';

/** The plain reading: every window of `width` steps summed from scratch. */
function reference(requests: number[], calls: number[], width: number): number {
  let worst = Number.NaN;
  for (let end = 0; end < requests.length; end++) {
    const from = Math.max(0, end - width + 1);
    let users = 0;
    let sent = 0;
    for (let i = from; i <= end; i++) {
      users += requests[i]!;
      sent += calls[i]!;
    }
    if (users > 0 && !(sent / users <= worst)) worst = sent / users;
  }
  return worst;
}

const series = (requests: number[], dependencyCalls: number[]) =>
  ({ requests, dependencyCalls }) as unknown as VariantSeries;

describe('worstAmplification', () => {
  it('is the highest ratio over any window of whole steps, as summing each window afresh', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.tuple(fc.nat(50), fc.nat(500)), { maxLength: 60 })
          .map((pairs) => [pairs.map((p) => p[0]), pairs.map((p) => p[1])] as const),
        fc.constantFrom(1_000, 10_000, 30_000, 60_000, 120_000),
        ([requests, calls], stepMs) => {
          const width = Math.max(1, Math.round(60_000 / stepMs));
          const got = worstAmplification(series(requests, calls), stepMs);
          const want = reference(requests, calls, width);
          if (Number.isNaN(want)) expect(got).toBeNaN();
          else expect(got).toBeCloseTo(want, 9);
        },
      ),
    );
  });

  it('reads a retry storm inside a longer run', () => {
    // 10 minutes at 10 calls a step, then 5 minutes at 27 calls per request, one-minute steps.
    const requests = Array.from({ length: 15 }, () => 600);
    const calls = requests.map((n, i) => (i >= 10 ? 27 * n : n));
    expect(worstAmplification(series(requests, calls), 60_000)).toBe(27);
    expect(worstAmplification(series([0, 0], [0, 3]), 60_000)).toBeNaN();
  });
});
