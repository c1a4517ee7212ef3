/**
 * A point of a line: `value` is `NaN` where the line has a gap (a step without calls).
 *
 * @example
 * ```ts
 * const point: SeriesPoint = { t: 30_000, value: 99.5 };
 * ```
 */
export interface SeriesPoint {
  readonly t: number;
  readonly value: number;
}

/**
 * At most `maxPoints` of `points`, keeping what the eye would see: the lowest and the highest
 * point of each bucket of neighbours (so a one-step spike or dip survives), and a gap wherever
 * the bucket had one. Points stay in time order. A line of `maxPoints` or fewer is kept whole.
 *
 * @example
 * ```ts
 * decimate(dayAtOneSecond, 1500).length <= 1500; // true
 * ```
 */
export function decimate(points: readonly SeriesPoint[], maxPoints: number): SeriesPoint[] {
  if (points.length <= maxPoints) return [...points];
  // Each bucket gives up to three points: its lowest, its highest and a gap.
  const buckets = Math.max(1, Math.floor(maxPoints / 3));
  const kept: SeriesPoint[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * points.length) / buckets);
    const to = Math.floor(((b + 1) * points.length) / buckets);
    let low = -1;
    let high = -1;
    let gap = -1;
    for (let i = from; i < to; i++) {
      const { value } = points[i]!;
      if (Number.isNaN(value)) {
        if (gap < 0) gap = i;
      } else {
        if (low < 0 || value < points[low]!.value) low = i;
        if (high < 0 || value > points[high]!.value) high = i;
      }
    }
    const indices = [...new Set([low, high, gap].filter((i) => i >= 0))].sort((a, b) => a - b);
    for (const i of indices) kept.push(points[i]!);
  }
  return kept;
}
