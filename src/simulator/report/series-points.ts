import type { SeriesPoint } from './decimate.js';

/**
 * A per-step series as points at the middle of each step, mapped by `value` (which may return
 * `NaN` for a gap).
 *
 * @example
 * ```ts
 * stepPoints([10, 20], 1000, (n) => n); // [{ t: 500, value: 10 }, { t: 1500, value: 20 }]
 * ```
 */
export function stepPoints(
  steps: readonly number[],
  stepMs: number,
  value: (n: number, i: number) => number,
  at: 'middle' | 'end' = 'middle',
): SeriesPoint[] {
  const offset = at === 'middle' ? stepMs / 2 : stepMs;
  return steps.map((n, i) => ({ t: i * stepMs + offset, value: value(n, i) }));
}

/**
 * `count / denominator` as a percentage, `NaN` (a gap) when the denominator is 0.
 *
 * @example
 * ```ts
 * percentOf(3, 4); // 75
 * ```
 */
export function percentOf(count: number, denominator: number): number {
  return denominator > 0 ? (count / denominator) * 100 : Number.NaN;
}
