import { escapeHtml } from './escape-html.js';
import { round } from './svg-path.js';
import { textWidth } from './text-width.js';

/**
 * A row's name, right-aligned to end at `x` and centred on `y`, in at most `width` pixels: on
 * one line when it fits, else broken at a space or a comma onto two, else cut with an ellipsis.
 * The whole name is always in its tooltip.
 *
 * @example
 * ```ts
 * laneLabel('multiwindow, multi-burn-rate', 142, 300, 130); // two lines
 * ```
 */
export function laneLabel(name: string, x: number, y: number, width: number): string {
  const title = `<title>${escapeHtml(name)}</title>`;
  if (textWidth(name) <= width) {
    return `<text class="lane-label" x="${x}" y="${round(y + 4)}">${title}${escapeHtml(name)}</text>`;
  }
  const lines = twoLines(name, width) ?? [cut(name, width)];
  const tspans = lines
    .map((line, i) => `<tspan x="${x}" dy="${i === 0 ? 0 : 11}">${escapeHtml(line)}</tspan>`)
    .join('');
  const top = y + 4 - (lines.length - 1) * 5.5;
  return `<text class="lane-label small" x="${x}" y="${round(top)}">${title}${tspans}</text>`;
}

/** `name` broken at the separator that best balances two lines that each fit, if there is one. */
function twoLines(name: string, width: number): [string, string] | undefined {
  let best: [string, string] | undefined;
  for (let i = 1; i < name.length; i++) {
    if (name[i - 1] !== ' ' && name[i - 1] !== ',') continue;
    const first = name.slice(0, i).trimEnd();
    const second = name.slice(i).trimStart();
    if (textWidth(first, 11) > width || textWidth(second, 11) > width) continue;
    if (
      best === undefined ||
      Math.abs(first.length - second.length) < Math.abs(best[0].length - best[1].length)
    ) {
      best = [first, second];
    }
  }
  return best;
}

function cut(name: string, width: number): string {
  let kept = name;
  while (kept.length > 1 && textWidth(`${kept}…`, 11) > width) kept = kept.slice(0, -1);
  return `${kept}…`;
}
