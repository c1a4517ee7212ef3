import { round } from './svg-path.js';

/**
 * How the `index`-th line of a chart is told apart without colour: its dash pattern and the
 * shape of its markers (and its colour class, for those who see it).
 *
 * @example
 * ```ts
 * seriesStyle(1); // { className: 's1', dash: '7 4', marker: 'square' }
 * ```
 */
export interface SeriesStyle {
  readonly className: string;
  /** `stroke-dasharray`, `''` for a solid line. */
  readonly dash: string;
  readonly marker: 'circle' | 'square' | 'triangle' | 'diamond';
}

const DASHES = ['', '7 4', '2 3', '10 3 2 3'] as const;
const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;

/**
 * The style of the `index`-th line of a chart; styles repeat after four lines, shifted so that
 * the fifth line pairs a dash with another marker.
 *
 * @example
 * ```ts
 * seriesStyle(0).dash; // '' (solid)
 * ```
 */
export function seriesStyle(index: number): SeriesStyle {
  return {
    className: `s${index % 6}`,
    dash: DASHES[index % DASHES.length]!,
    marker: MARKERS[(index + Math.floor(index / DASHES.length)) % MARKERS.length]!,
  };
}

/**
 * The path of one marker of `shape` centred on `(x, y)`, about 7 pixels across.
 *
 * @example
 * ```ts
 * `<path d="${markerPath('square', 10, 10)}"/>`;
 * ```
 */
export function markerPath(shape: SeriesStyle['marker'], x: number, y: number): string {
  const [cx, cy] = [round(x), round(y)];
  switch (shape) {
    case 'circle':
      return `M${cx - 3.5} ${cy}a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0Z`;
    case 'square':
      return `M${round(cx - 3)} ${round(cy - 3)}h6v6h-6Z`;
    case 'triangle':
      return `M${cx} ${round(cy - 4)}l4 7h-8Z`;
    case 'diamond':
      return `M${cx} ${round(cy - 4)}l4 4l-4 4l-4 -4Z`;
  }
}
