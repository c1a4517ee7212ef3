import { patternId, type BandKind } from './band-patterns.js';
import { escapeHtml } from './escape-html.js';
import { formatOffset } from './format-figures.js';
import { round } from './svg-path.js';
import type { TimeAxis } from './time-axis.js';
import { textWidth } from './text-width.js';

/**
 * A span of time drawn as a hatched band: a dependency phase, a breaker state, an alert, an
 * incident. `toMs` is `undefined` for a span still open at the end of the run.
 *
 * @example
 * ```ts
 * const band: Band = { fromMs: 600_000, toMs: 1_200_000, kind: 'open', label: 'open' };
 * ```
 */
export interface Band {
  readonly fromMs: number;
  readonly toMs: number | undefined;
  readonly kind: BandKind;
  /** Written on the band when it is wide enough, and always in its tooltip. */
  readonly label: string;
}

/** Bands narrower than this are widened to it, so that a blip still shows. */
const MIN_WIDTH = 2;

/**
 * The `<rect>`s of `bands` between `y` and `y + height`, each hatched by its kind, labelled
 * inside when the label fits, and titled (hover) with its label and its span as offsets.
 *
 * @example
 * ```ts
 * bandRects([{ fromMs: 0, toMs: 60_000, kind: 'open', label: 'open' }], axis, 40, 20);
 * ```
 */
export function bandRects(
  bands: readonly Band[],
  axis: TimeAxis,
  y: number,
  height: number,
): string {
  return bands
    .map((band) => {
      const x1 = axis.x(band.fromMs);
      const x2 = Math.max(
        axis.x(band.toMs ?? axis.durationMs),
        Math.min(x1 + MIN_WIDTH, axis.right),
      );
      const width = Math.max(x2 - x1, MIN_WIDTH);
      const label = escapeHtml(band.label);
      const span = `${formatOffset(band.fromMs)} to ${band.toMs === undefined ? 'the end' : formatOffset(band.toMs)}`;
      const text =
        textWidth(band.label) + 6 <= width && height >= 14
          ? `<text class="band-label" x="${round(x1 + 3)}" y="${round(y + Math.min(height, 20) / 2 + 4)}">${label}</text>`
          : '';
      return `<g><title>${label}: ${span}</title><rect class="band band-${band.kind}" x="${round(x1)}" y="${round(y)}" width="${round(width)}" height="${round(height)}" fill="url(#${patternId(band.kind)})"/>${text}</g>`;
    })
    .join('');
}
