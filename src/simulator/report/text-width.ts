/**
 * About how wide `text` is at the report's 12-pixel font, in pixels: SVG text is not measured
 * without a script, and a generous estimate keeps labels from running into each other.
 *
 * @example
 * ```ts
 * textWidth('outage'); // 42
 * ```
 */
export function textWidth(text: string, fontSize = 12): number {
  return Math.ceil(text.length * fontSize * 0.58);
}
