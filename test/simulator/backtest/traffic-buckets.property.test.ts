// The aggregation into steps against the obvious model: a list of every call, summed by step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvTraffic, TrafficBuckets } from '../../../src/simulator/index.js';

const row = fc.record({
  timestampMs: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_000 + 6 * 3_600_000 }),
  ok: fc.boolean(),
  count: fc.integer({ min: 0, max: 1_000 }),
  incident: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
});

describe('TrafficBuckets', () => {
  it('holds, per step, the sum of the calls of that step, in any order of arrival', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 60_000, max: 3_600_000 }),
        (rows, stepMs) => {
          const buckets = new TrafficBuckets(stepMs);
          for (const r of rows) buckets.add(r.timestampMs, r.ok, r.count, r.incident);
          const traffic = buckets.finish('p');
          const first = Math.min(...rows.map((r) => Math.floor(r.timestampMs / stepMs)));
          expect(traffic.fromMs).toBe(first * stepMs);
          // The model: one call at a time, with no buckets at all.
          for (let i = 0; i < traffic.good.length; i++) {
            const inStep = rows.filter((r) => Math.floor(r.timestampMs / stepMs) === first + i);
            const sum = (ok: boolean) =>
              inStep.filter((r) => r.ok === ok).reduce((s, r) => s + r.count, 0);
            expect([traffic.good[i], traffic.bad[i]]).toEqual([sum(true), sum(false)]);
          }
          for (const incident of traffic.incidents) {
            const times = rows.filter((r) => r.incident === incident.id).map((r) => r.timestampMs);
            expect(incident.fromMs).toBe(Math.floor(Math.min(...times) / stepMs) * stepMs);
            expect(incident.toMs).toBe((Math.floor(Math.max(...times) / stepMs) + 1) * stepMs);
          }
        },
      ),
    );
  });

  it('reads back from CSV exactly what a row per call would sum to', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 100 }), (rows) => {
        const csv = [
          'timestamp,ok,count,incident',
          ...rows.map((r) => `${r.timestampMs},${r.ok ? 1 : 0},${r.count},${r.incident ?? ''}`),
        ].join('\n');
        const perCall = [
          'timestamp,ok',
          ...rows.flatMap((r) =>
            Array.from({ length: Math.min(r.count, 3) }, () => `${r.timestampMs},${r.ok}`),
          ),
        ];
        const capped = rows.map((r) => ({ ...r, count: Math.min(r.count, 3) }));
        const aggregated = readCsvTraffic(
          [
            'timestamp,ok,count',
            ...capped.map((r) => `${r.timestampMs},${r.ok ? 1 : 0},${r.count}`),
          ].join('\n'),
        );
        if (perCall.length > 1) {
          const expanded = readCsvTraffic(perCall.join('\n'));
          expect(aggregated.good.reduce((a, b) => a + b, 0)).toBe(
            expanded.good.reduce((a, b) => a + b, 0),
          );
          expect(aggregated.bad.reduce((a, b) => a + b, 0)).toBe(
            expanded.bad.reduce((a, b) => a + b, 0),
          );
        }
        const total = readCsvTraffic(csv);
        const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
        expect(sum(total.good) + sum(total.bad)).toBe(rows.reduce((s, r) => s + r.count, 0));
      }),
    );
  });
});
