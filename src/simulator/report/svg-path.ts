/**
 * The `d` of an SVG path through `points` (in pixels), lifting the pen over every point whose
 * `y` is not finite so that a missing value shows as a gap, never as a drop to zero. A point
 * alone between two gaps is drawn as a dot (a zero-length segment, visible with round caps).
 * `''` when no point is finite.
 *
 * @example
 * ```ts
 * linePath([{ x: 0, y: 10 }, { x: 5, y: NaN }, { x: 10, y: 20 }, { x: 15, y: 25 }]); // 'M0 10h0M10 20L15 25'
 * ```
 */
export function linePath(points: readonly { readonly x: number; readonly y: number }[]): string {
  let d = '';
  let penDown = false;
  let runLength = 0;
  for (const { x, y } of points) {
    if (!Number.isFinite(y) || !Number.isFinite(x)) {
      if (runLength === 1) d += 'h0';
      penDown = false;
      runLength = 0;
      continue;
    }
    d += `${penDown ? 'L' : 'M'}${round(x)} ${round(y)}`;
    penDown = true;
    runLength++;
  }
  if (runLength === 1) d += 'h0';
  return d;
}

/**
 * `n` rounded to a tenth of a pixel: finer is invisible and only makes the file larger.
 *
 * @example
 * ```ts
 * round(12.3456); // 12.3
 * ```
 */
export function round(n: number): number {
  return Math.round(n * 10) / 10;
}
