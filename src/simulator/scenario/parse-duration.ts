import { show } from '../../internal/validate.js';
import { parseShorthand } from '../../slo/spec/spec-durations.js';

/**
 * The options (at any depth) that must be longer than 0: the classes refuse 0 for them, so the
 * message says `> 0` from the start.
 */
const POSITIVE = new Set(['timeoutMs', 'initialMs', 'intervalMs', 'windowMs', 'durationMs']);

/**
 * A scenario's duration in milliseconds: a number (milliseconds, >= 0) or a string with a unit
 * (`'250ms'`, `'30s'`, `'5m'`, `'2h'`, `'1d'`, `'1w'`); zero may carry a unit too (`0s`).
 *
 * @param path - the field, named in the error.
 * @param positive - whether 0 is refused as well (a timeout, a window).
 * @throws RangeError naming `path` and showing the value.
 *
 * @example
 * ```ts
 * parseDuration('5m', 'duration'); // 300_000
 * ```
 */
export function parseDuration(value: unknown, path: string, positive = false): number {
  const ms =
    typeof value === 'number'
      ? value
      : // The shorthand refuses a zero length, which a scenario may mean (`delayMs: 0s`).
        typeof value === 'string' && /^0{1,12}(ms|s|m|h|d|w)$/.test(value)
        ? 0
        : parseShorthand(value, true);
  if (typeof ms === 'number') {
    if (Number.isFinite(ms) && (positive ? ms > 0 : ms >= 0)) return ms;
    throw new RangeError(
      `${path} must be a duration ${positive ? '> 0' : '>= 0'}, got ${show(value)}`,
    );
  }
  throw new RangeError(
    `${path} must be milliseconds or a duration such as 250ms, 30s, 5m, 2h or 1d, got ${show(value)}`,
  );
}

/**
 * A copy of `value` in which every field whose name ends in `Ms`, at any depth, is read with
 * {@link parseDuration}: the one rule that lets a scenario write `openMs: 30s`.
 *
 * @example
 * ```ts
 * withDurations({ openMs: '30s', halfOpen: { maxWaitMs: '1m' } }, 'breaker'); // { openMs: 30000, halfOpen: { maxWaitMs: 60000 } }
 * ```
 */
export function withDurations(
  value: Record<string, unknown>,
  path: string,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (key.endsWith('Ms') && inner !== undefined)
      copy[key] = parseDuration(inner, at, POSITIVE.has(key));
    else if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      copy[key] = withDurations(inner as Record<string, unknown>, at);
    } else copy[key] = inner;
  }
  return copy;
}
