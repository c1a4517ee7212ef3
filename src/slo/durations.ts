// Duration formats: one for messages people read, one for PromQL.

const UNITS: readonly (readonly [ms: number, human: string, prom: string])[] = [
  [86_400_000, 'd', 'd'],
  [3_600_000, 'h', 'h'],
  [60_000, 'min', 'm'],
  [1_000, 's', 's'],
  [1, 'ms', 'ms'],
];

/**
 * `ms` in the largest unit that divides it: `5 min`, `1 h`, `3 d`, `1500 ms`.
 *
 * @internal
 */
export function humanDuration(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${ms} ms`;
}

/**
 * `ms` as a PromQL duration in the largest unit that divides it (`5m`, `1h`, `30d`), or
 * `undefined` when it is not a whole number of milliseconds.
 *
 * @internal
 */
export function promDuration(ms: number): string | undefined {
  if (!Number.isInteger(ms) || ms <= 0) return undefined;
  for (const [size, , unit] of UNITS) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  /* c8 ignore next */
  return undefined;
}
