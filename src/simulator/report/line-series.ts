import { decimate, type SeriesPoint } from './decimate.js';
import { escapeHtml } from './escape-html.js';
import { markerPath, type SeriesStyle } from './series-style.js';
import { linePath, round } from './svg-path.js';
import type { TimeAxis } from './time-axis.js';

/**
 * One line of a chart: its name (in the legend and at its end), how it looks, its points.
 *
 * @example
 * ```ts
 * const line: LineSeries = { label: 'users', style: seriesStyle(1), points: [{ t: 0, value: 10 }] };
 * ```
 */
export interface LineSeries {
  readonly label: string;
  /** A shorter name written at the line's end. @default label */
  readonly short?: string;
  readonly style: SeriesStyle;
  readonly points: readonly SeriesPoint[];
}

/**
 * The most points a line is drawn with: more than the plot has pixels across, and no more.
 *
 * @example
 * ```ts
 * decimate(points, MAX_LINE_POINTS);
 * ```
 */
export const MAX_LINE_POINTS = 1500;
const MARKERS_PER_LINE = 8;
const LABEL_GAP = 13;

/**
 * The paths of `series` (decimated to {@link MAX_LINE_POINTS}, with gaps where values are
 * missing), a few markers along each, and each line's name at its last point, nudged apart so
 * that the names of lines ending close together do not overlap.
 *
 * @example
 * ```ts
 * lineSeries([line], axis, (v) => 200 - v, 30, 200);
 * ```
 */
export function lineSeries(
  series: readonly LineSeries[],
  axis: TimeAxis,
  y: (value: number) => number,
  top: number,
  bottom: number,
): string {
  const parts: string[] = [];
  const labels: { text: string; y: number; className: string }[] = [];
  for (const { label, short, style, points } of series) {
    const kept = decimate(points, MAX_LINE_POINTS);
    const pixels = kept.map((point) => ({ x: axis.x(point.t), y: y(point.value) }));
    const d = linePath(pixels);
    if (d === '') continue;
    const dash = style.dash === '' ? '' : ` stroke-dasharray="${style.dash}"`;
    parts.push(
      `<path class="line ${style.className}" d="${d}"${dash}><title>${escapeHtml(label)}</title></path>`,
    );
    const finite = pixels.filter((pixel) => Number.isFinite(pixel.y));
    const every = Math.max(1, Math.floor(finite.length / MARKERS_PER_LINE));
    const marks = finite.filter((_, i) => i % every === Math.floor(every / 2));
    parts.push(
      `<path class="marker ${style.className}" d="${marks.map((m) => markerPath(style.marker, m.x, m.y)).join('')}"/>`,
    );
    labels.push({ text: short ?? label, y: finite.at(-1)!.y, className: style.className });
  }
  return parts.join('') + directLabels(labels, axis.right + 8, top, bottom);
}

/** The names at the lines' ends, moved apart by at least {@link LABEL_GAP} and kept in the plot's height. */
function directLabels(
  labels: { text: string; y: number; className: string }[],
  x: number,
  top: number,
  bottom: number,
): string {
  const sorted = [...labels].sort((a, b) => a.y - b.y);
  let previous = top - LABEL_GAP + 4;
  for (const label of sorted) {
    label.y = Math.max(label.y + 4, previous + LABEL_GAP);
    previous = label.y;
  }
  // Pushed past the bottom: shift the whole stack up as far as the top allows.
  const overflow = previous - (bottom + 4);
  if (overflow > 0) for (const label of sorted) label.y -= overflow;
  return sorted
    .map(
      (label) =>
        `<text class="direct-label ${label.className}" x="${x}" y="${round(label.y)}">${escapeHtml(label.text)}</text>`,
    )
    .join('');
}
