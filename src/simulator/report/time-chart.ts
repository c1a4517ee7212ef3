import { bandRects, type Band } from './band-rects.js';
import { escapeHtml } from './escape-html.js';
import { laneLabel } from './lane-label.js';
import { legend, type LegendEntry } from './legend.js';
import { lineSeries, type LineSeries } from './line-series.js';
import { CHART_WIDTH, type TimeAxis } from './time-axis.js';
import { round } from './svg-path.js';
import { valueTicks } from './ticks.js';

/**
 * One chart of the report: a strip of labelled spans on top (the dependency's phases, the
 * incidents), a plot of lines, and lanes of bands (breaker states, alerts), all on the page's
 * shared time axis.
 *
 * @example
 * ```ts
 * timeChart({ title: 'Success rate seen by users', axis, strip: phases, plot: { yTitle: '%', min: 0, max: 100, series } });
 * ```
 */
export interface TimeChart {
  readonly title: string;
  readonly axis: TimeAxis;
  /** Spans named in a strip above the plot. */
  readonly strip: readonly Band[];
  /** The strip's name, left of it: `dependency`, `incidents`. */
  readonly stripLabel: string;
  readonly plot?: {
    /** The value axis' title, with its unit: `success rate (%)`. */
    readonly yTitle: string;
    /** The value axis' range; it grows to take in every value. */
    readonly min?: number;
    readonly max?: number;
    readonly series: readonly LineSeries[];
    /** Spans shaded behind the lines. */
    readonly bands?: readonly Band[];
  };
  /** Rows of bands under the plot, named on the left. */
  readonly lanes?: readonly { readonly label: string; readonly bands: readonly Band[] }[];
  /** Said in the chart when there is nothing to draw (no breaker, no alert). */
  readonly emptyLanes?: string;
}

const PLOT_HEIGHT = 170;
const STRIP_HEIGHT = 20;
const LANE_HEIGHT = 26;

/**
 * The `<svg>` of `chart`, `CHART_WIDTH` pixels wide.
 *
 * @example
 * ```ts
 * const svg = timeChart(chart);
 * ```
 */
export function timeChart(chart: TimeChart): string {
  const { axis } = chart;
  const entries: LegendEntry[] = [
    ...(chart.plot?.series ?? []).map((series) => ({ label: series.label, line: series.style })),
    ...legendBands([
      ...chart.strip,
      ...(chart.plot?.bands ?? []),
      ...(chart.lanes ?? []).flatMap((lane) => lane.bands),
    ]),
  ];
  const key = legend(entries, 10, 26, CHART_WIDTH - 10);
  const stripTop = 26 + key.height + 6;
  const plotTop = stripTop + STRIP_HEIGHT + 6;
  const plotBottom = plotTop + (chart.plot === undefined ? 0 : PLOT_HEIGHT);
  const lanes = chart.lanes ?? [];
  const lanesTop = plotBottom + (chart.plot === undefined ? 0 : 8);
  const reserved =
    lanes.length === 0 && (chart.emptyLanes !== undefined || chart.plot === undefined) ? 1 : 0;
  const lanesBottom = lanesTop + Math.max(lanes.length, reserved) * LANE_HEIGHT;
  const height = lanesBottom + 44;
  const parts = [
    `<text class="chart-title" x="10" y="18">${escapeHtml(chart.title)}</text>`,
    key.svg,
    `<text class="lane-label" x="${axis.left - 8}" y="${stripTop + 14}">${escapeHtml(chart.stripLabel)}</text>`,
    bandRects(chart.strip, axis, stripTop, STRIP_HEIGHT),
    timeGrid(axis, plotTop, lanesBottom),
  ];
  if (chart.plot !== undefined) {
    const { min, max, series, yTitle, bands = [] } = chart.plot;
    const [lowest, highest] = extent(series);
    const hasData = lowest <= highest;
    const ticks = valueTicks(
      Math.min(min ?? Infinity, hasData ? lowest : 0),
      Math.max(max ?? -Infinity, hasData ? highest : 1),
      6,
    );
    const [low, high] = [ticks[0]!, ticks.at(-1)!];
    const y = (v: number): number => plotBottom - ((v - low) / (high - low)) * PLOT_HEIGHT;
    parts.push(
      bandRects(bands, axis, plotTop, PLOT_HEIGHT, false),
      ...ticks.map(
        (tick) =>
          `<path class="grid" d="M${axis.left} ${round(y(tick))}H${axis.right}"/><text class="tick value-tick" x="${axis.left - 6}" y="${round(y(tick) + 4)}">${tick}</text>`,
      ),
      `<text class="axis-title" transform="translate(${axis.left - 52} ${(plotTop + plotBottom) / 2}) rotate(-90)">${escapeHtml(yTitle)}</text>`,
      !hasData
        ? `<text class="empty" x="${(axis.left + axis.right) / 2}" y="${(plotTop + plotBottom) / 2}">no data</text>`
        : lineSeries(series, axis, y, plotTop, plotBottom),
      `<rect class="frame" x="${axis.left}" y="${plotTop}" width="${axis.right - axis.left}" height="${PLOT_HEIGHT}"/>`,
    );
  }
  lanes.forEach((lane, i) => {
    const top = lanesTop + i * LANE_HEIGHT;
    parts.push(
      laneLabel(lane.label, axis.left - 8, top + LANE_HEIGHT / 2, axis.left - 16),
      `<rect class="lane" x="${axis.left}" y="${top + 1}" width="${axis.right - axis.left}" height="${LANE_HEIGHT - 2}"/>`,
      bandRects(lane.bands, axis, top + 1, LANE_HEIGHT - 2),
    );
  });
  if (lanes.length === 0 && chart.emptyLanes !== undefined) {
    parts.push(
      `<text class="empty" x="${(axis.left + axis.right) / 2}" y="${lanesTop + LANE_HEIGHT / 2 + 4}">${escapeHtml(chart.emptyLanes)}</text>`,
    );
  }
  parts.push(
    boundaries(chart.strip, axis, stripTop, lanesBottom),
    timeAxisLabels(axis, lanesBottom),
  );
  return `<svg class="chart" role="img" aria-label="${escapeHtml(chart.title)}" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}">${parts.join('')}</svg>`;
}

/** The lowest and highest values of `series`; `[Infinity, -Infinity]` when none is a number. */
function extent(series: readonly LineSeries[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const { points } of series) {
    for (const { value } of points) {
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  return [low, high];
}

/** Dashed lines down the whole chart where a span of the strip starts or ends, to read the lines against. */
function boundaries(strip: readonly Band[], axis: TimeAxis, top: number, bottom: number): string {
  const edges = new Set(strip.flatMap((band) => [band.fromMs, band.toMs ?? axis.durationMs]));
  const d = [...edges]
    .filter((t) => t > 0 && t < axis.durationMs)
    .map((t) => `M${round(axis.x(t))} ${top}V${bottom}`)
    .join('');
  return d === '' ? '' : `<path class="boundary" d="${d}"/>`;
}

/** The vertical lines of the time ticks, through the plot and the lanes. */
function timeGrid(axis: TimeAxis, top: number, bottom: number): string {
  const d = axis.ticks.map((tick) => `M${round(axis.x(tick.t))} ${top}V${bottom}`).join('');
  return `<path class="grid" d="${d}"/>`;
}

/** The ticks' labels under the chart, and the axis' title with its unit. */
function timeAxisLabels(axis: TimeAxis, bottom: number): string {
  const labels = axis.ticks
    .map(
      (tick) =>
        `<text class="tick time-tick" x="${round(axis.x(tick.t))}" y="${bottom + 16}">${tick.label}</text>`,
    )
    .join('');
  return `<path class="axis" d="M${axis.left} ${bottom}H${axis.right}"/>${labels}<text class="axis-title" x="${(axis.left + axis.right) / 2}" y="${bottom + 36}">time since the start (s, m, h)</text>`;
}

const BAND_NAMES: Readonly<Record<Band['kind'], string>> = {
  phase: 'dependency phase (named)',
  open: 'breaker open',
  'half-open': 'breaker half-open',
  page: 'page alert firing',
  ticket: 'ticket alert firing',
  incident: 'incident',
};

/** One legend entry per kind of band the chart shows, in a fixed order. */
function legendBands(bands: readonly Band[]): LegendEntry[] {
  const kinds = new Set(bands.map((band) => band.kind));
  return (Object.keys(BAND_NAMES) as Band['kind'][])
    .filter((kind) => kinds.has(kind))
    .map((kind) => ({ label: BAND_NAMES[kind], band: kind }));
}
