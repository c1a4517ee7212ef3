import { patternId, type BandKind } from './band-patterns.js';
import { escapeHtml } from './escape-html.js';
import { markerPath, type SeriesStyle } from './series-style.js';
import { textWidth } from './text-width.js';

/**
 * One entry of a chart's legend: a line (its dash and marker) or a band (its hatching).
 *
 * @example
 * ```ts
 * const entries: LegendEntry[] = [{ label: 'calls/s to the dependency', line: seriesStyle(0) }, { label: 'breaker open', band: 'open' }];
 * ```
 */
export type LegendEntry =
  | { readonly label: string; readonly line: SeriesStyle; readonly band?: undefined }
  | { readonly label: string; readonly band: BandKind; readonly line?: undefined };

const ROW_HEIGHT = 18;
const SWATCH = 28;

/**
 * A legend laid out in rows from `(left, top)` up to `right`, and the height it took.
 *
 * @example
 * ```ts
 * const { svg, height } = legend(entries, 10, 28, 950);
 * ```
 */
export function legend(
  entries: readonly LegendEntry[],
  left: number,
  top: number,
  right: number,
): { svg: string; height: number } {
  if (entries.length === 0) return { svg: '', height: 0 };
  let x = left;
  let y = top;
  const parts: string[] = [];
  for (const entry of entries) {
    const width = SWATCH + 6 + textWidth(entry.label) + 18;
    if (x + width > right && x > left) {
      x = left;
      y += ROW_HEIGHT;
    }
    const mid = y + ROW_HEIGHT / 2;
    if (entry.line !== undefined) {
      const { className, dash, marker } = entry.line;
      parts.push(
        `<path class="legend-line ${className}" d="M${x} ${mid}h${SWATCH}"${dash === '' ? '' : ` stroke-dasharray="${dash}"`}/>`,
        `<path class="marker ${className}" d="${markerPath(marker, x + SWATCH / 2, mid)}"/>`,
      );
    } else {
      parts.push(
        `<rect class="band" x="${x}" y="${y + 3}" width="${SWATCH}" height="${ROW_HEIGHT - 6}" fill="url(#${patternId(entry.band)})"/>`,
      );
    }
    parts.push(`<text x="${x + SWATCH + 6}" y="${mid + 4}">${escapeHtml(entry.label)}</text>`);
    x += width;
  }
  return { svg: `<g class="legend">${parts.join('')}</g>`, height: y - top + ROW_HEIGHT };
}
