/**
 * Figures laid out as a table: a header row and rows of a label and one cell per column. The
 * terminal summaries print it as text, the report as HTML.
 *
 * @example
 * ```ts
 * const table: FigureTable = { header: ['', 'naive', 'budgeted'], rows: [['amplification', '3.0x', '1.1x']] };
 * ```
 */
export interface FigureTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * `table` as aligned text columns: the first column left-aligned, the others right-aligned,
 * two spaces apart, no trailing spaces.
 *
 * @example
 * ```ts
 * textTable({ header: ['', 'a'], rows: [['x', '1']] }); // '   a\nx  1'
 * ```
 */
export function textTable(table: FigureTable): string {
  const lines = [table.header, ...table.rows];
  const widths = table.header.map((_, column) =>
    Math.max(...lines.map((line) => (line[column] ?? '').length)),
  );
  return lines
    .map((line) =>
      widths
        .map((width, column) => {
          const cell = line[column] ?? '';
          return column === 0 ? cell.padEnd(width) : cell.padStart(width);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
