/**
 * Calls `visit` with each line of `text` and its 1-based number, without splitting the text into
 * an array first (a recording may have millions of lines). `\r\n` endings are trimmed.
 */
export function eachLine(text: string, visit: (line: string, number: number) => void): void {
  let start = 0;
  for (let number = 1; start <= text.length; number++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end > start && text[end - 1] === '\r' ? end - 1 : end);
    if (end < text.length || line !== '') visit(line, number);
    start = end + 1;
  }
}
