import { escapeHtml } from './escape-html.js';
import type { FigureTable } from './figure-table.js';

/**
 * `table` as an HTML `<table>`: the header row and the first column as headings, figures
 * right-aligned (by the report's CSS).
 *
 * @example
 * ```ts
 * htmlTable(simulationFigures(result), 'Summary per variant');
 * ```
 */
export function htmlTable(table: FigureTable, caption: string): string {
  const head = table.header.map((cell) => `<th scope="col">${escapeHtml(cell)}</th>`).join('');
  const rows = table.rows
    .map(
      ([label = '', ...cells]) =>
        `<tr><th scope="row">${escapeHtml(label)}</th>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody></table>`;
}
