import { show } from '../../internal/validate.js';
import { parseShorthand } from '../../slo/spec/spec-durations.js';

/**
 * A scenario's duration in milliseconds: a number (milliseconds, >= 0) or a string with a unit
 * (`'250ms'`, `'30s'`, `'5m'`, `'2h'`, `'1d'`, `'1w'`).
 *
 * @param path - the field, named in the error.
 * @throws RangeError naming `path` and showing the value.
 *
 * @example
 * ```ts
 * parseDuration('5m', 'duration'); // 300_000
 * ```
 */
export function parseDuration(value: unknown, path: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
    throw new RangeError(`${path} must be a duration >= 0, got ${show(value)}`);
  }
  const parsed = parseShorthand(value, true);
  if (typeof parsed === 'number') return parsed;
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
    if (key.endsWith('Ms') && inner !== undefined) copy[key] = parseDuration(inner, at);
    else if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      copy[key] = withDurations(inner as Record<string, unknown>, at);
    } else copy[key] = inner;
  }
  return copy;
}
