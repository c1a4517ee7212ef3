import { formatDuration } from './format-figures.js';
import { timeTicks } from './ticks.js';

/**
 * The width of every chart, in pixels; with the same margins on every chart, this is what makes
 * the time axis shared.
 *
 * @example
 * ```ts
 * `<svg width="${CHART_WIDTH}">`;
 * ```
 */
export const CHART_WIDTH = 960;
const PLOT_LEFT = 150;
const PLOT_RIGHT = 140;

/**
 * The one horizontal scale every chart of a report shares, so that the same instant sits at the
 * same `x` on every chart of the page, whatever the chart shows.
 *
 * @example
 * ```ts
 * const axis = timeAxis(3_600_000);
 * axis.x(1_800_000); // the middle of every plot
 * ```
 */
export interface TimeAxis {
  /** The end of the axis (it starts at 0), in milliseconds. */
  readonly durationMs: number;
  /** The `x` of the plot's left and right edges. */
  readonly left: number;
  readonly right: number;
  /** The `x` of time `t`, clamped to the plot. */
  x(t: number): number;
  /** Where to draw the ticks, and their labels (`15m`, `1h30m`). */
  readonly ticks: readonly { readonly t: number; readonly label: string }[];
}

/**
 * The time axis of a report covering `[0, durationMs]`; a run of zero length still gets an axis
 * (of one millisecond) so that nothing divides by zero.
 *
 * @example
 * ```ts
 * timeAxis(7_200_000).ticks.map((tick) => tick.label); // ['0', '30m', '1h', '1h30m', '2h']
 * ```
 */
export function timeAxis(durationMs: number): TimeAxis {
  const end = Number.isFinite(durationMs) && durationMs > 0 ? durationMs : 1;
  const left = PLOT_LEFT;
  const right = CHART_WIDTH - PLOT_RIGHT;
  const scale = (right - left) / end;
  return {
    durationMs: end,
    left,
    right,
    x: (t) => left + Math.min(end, Math.max(0, t)) * scale,
    ticks: timeTicks(end, 9).map((t) => ({ t, label: t === 0 ? '0' : formatDuration(t) })),
  };
}
