// OpenSLO's duration shorthand (`30d`, `4w`, `1h`), read and written in milliseconds.

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Calendar units, whose length varies: refused with this reason. */
const CALENDAR_UNITS: Readonly<Record<string, string>> = {
  M: 'months',
  Q: 'quarters',
  Y: 'years',
};

/**
 * `text` in milliseconds, or a message saying why not. OpenSLO's shorthand allows `m`, `h`, `d`,
 * `w` (and calendar units, refused); `seconds` also allows `s` and `ms`, for ballast's own fields.
 *
 * @internal
 */
export function parseShorthand(text: unknown, seconds = false): number | string {
  const match = typeof text === 'string' ? /^(\d{1,12})(ms|s|m|h|d|w|M|Q|Y)$/.exec(text) : null;
  const units = seconds ? 'ms, s, m, h, d or w' : 'm, h, d or w';
  if (match === null) {
    return `must be a duration such as 30d, 6h or 5m (a whole number and one of ${units})`;
  }
  const [, count, unit] = match as unknown as [string, string, string];
  const calendar = CALENDAR_UNITS[unit];
  if (calendar !== undefined) {
    return `${calendar} vary in length, and ballast's windows are fixed: give days or weeks (30d, 4w)`;
  }
  if (!seconds && (unit === 's' || unit === 'ms')) {
    return `must be in ${units}, as OpenSLO's duration shorthand: got ${text as string}`;
  }
  const ms = Number(count) * UNIT_MS[unit]!;
  if (ms <= 0) return 'must be longer than 0';
  return ms;
}

/**
 * `ms` in the largest of `w`, `d`, `h`, `m` that divides it (with `seconds`, also `s` and `ms`), or
 * undefined when none does.
 *
 * @internal
 */
export function toShorthand(ms: number, seconds = false): string | undefined {
  if (!Number.isSafeInteger(ms) || ms <= 0) return undefined;
  for (const unit of ['w', 'd', 'h', 'm', ...(seconds ? ['s', 'ms'] : [])]) {
    const size = UNIT_MS[unit]!;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return undefined;
}

/** A percentage as a ratio, rounded to the 15 significant digits a double holds: 99.9 -> 0.999. @internal */
export function fromPercent(percent: number): number {
  return Number((percent / 100).toPrecision(15));
}
