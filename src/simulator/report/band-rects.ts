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
  /** Written on the band, or just after it when it is too narrow; always in its tooltip. */
  readonly label: string;
}

/** Bands narrower than this are widened to it, so that a blip still shows. */
const MIN_WIDTH = 2;

/**
 * The `<rect>`s of `bands` between `y` and `y + height`, each hatched by its kind and titled
 * (hover) with its label and its span as offsets. Unless `labelled` is false, the label is written inside the band when it
 * fits, else just after it when the room up to the next band allows, else only in the title.
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
  labelled = true,
): string {
  const placed = bands
    .map((band) => {
      const x1 = axis.x(band.fromMs);
      const x2 = Math.max(axis.x(band.toMs ?? axis.durationMs), x1 + MIN_WIDTH);
      return { band, x1, x2 };
    })
    .sort((a, b) => a.x1 - b.x1);
  const textY = round(y + Math.min(height, 20) / 2 + 4);
  return placed
    .map(({ band, x1, x2 }, i) => {
      const label = escapeHtml(band.label);
      const span = `${formatOffset(band.fromMs)} to ${band.toMs === undefined ? 'the end' : formatOffset(band.toMs)}`;
      const needed = textWidth(band.label, 11) + 6;
      const roomAfter = (placed[i + 1]?.x1 ?? axis.right) - x2;
      let text = '';
      if (!labelled) {
        // Named elsewhere (the strip above the plot); a label here would sit on the lines.
      } else if (height >= 14 && needed <= x2 - x1) {
        text = `<text class="band-label" x="${round(x1 + 3)}" y="${textY}">${label}</text>`;
      } else if (height >= 14 && needed <= roomAfter) {
        text = `<text class="band-label outside" x="${round(x2 + 3)}" y="${textY}">${label}</text>`;
      }
      return `<g><title>${label}: ${span}</title><rect class="band band-${band.kind}" x="${round(x1)}" y="${round(y)}" width="${round(x2 - x1)}" height="${round(height)}" fill="url(#${patternId(band.kind)})"/>${text}</g>`;
    })
    .join('');
}
