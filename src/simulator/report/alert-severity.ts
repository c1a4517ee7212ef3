/**
 * Whether an alert of `severity` wakes someone up: `page` (or `critical`, `urgent`), as opposed to
 * a ticket or anything milder. Pages and tickets are hatched differently and counted apart.
 *
 * @example
 * ```ts
 * isPage('page'); // true
 * isPage('ticket'); // false
 * ```
 */
export function isPage(severity: string): boolean {
  return /^(page|critical|urgent)$/i.test(severity);
}
