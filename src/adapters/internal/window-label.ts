const UNITS: readonly (readonly [ms: number, unit: string])[] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1_000, 's'],
];

/**
 * A window length as a PromQL-style duration in the largest unit that divides it (`5m`, `1h`,
 * `30d`, `1500ms`), the form the SLO rules use in their names.
 *
 * @internal
 */
export function windowLabel(ms: number): string {
  for (const [size, unit] of UNITS) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
