/**
 * What a figure that does not exist (a missed incident's detection time, a rate of nothing) reads as.
 *
 * @example
 * ```ts
 * formatPercent(Number.NaN) === NONE; // true
 * ```
 */
export const NONE = '—';

const UNITS = [
  { suffix: 'd', ms: 86_400_000 },
  { suffix: 'h', ms: 3_600_000 },
  { suffix: 'm', ms: 60_000 },
  { suffix: 's', ms: 1000 },
] as const;

/**
 * A duration for people: `250ms`, `45s`, `4m05s`, `1h30m`, `2d03h`. The largest unit leads and
 * the next ones are padded to two digits; trailing zero units are dropped (`15m`, not `15m00s`).
 * Under a minute, tenths of a second are kept (`1.5s`). `—` when `ms` is not a finite number.
 *
 * @example
 * ```ts
 * formatDuration(245_000); // '4m05s'
 * ```
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return NONE;
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  let rest = Math.round(ms / 1000) * 1000;
  const parts: string[] = [];
  for (const { suffix, ms: unit } of UNITS) {
    const count = Math.floor(rest / unit);
    rest -= count * unit;
    if (parts.length === 0 && count === 0) continue;
    parts.push(`${parts.length === 0 ? count : String(count).padStart(2, '0')}${suffix}`);
  }
  while (parts.length > 1 && /^0+[a-z]$/.test(parts.at(-1)!)) parts.pop();
  return parts.join('');
}

/**
 * A time since the start of a run, signed as an offset: `+12m30s`; `+0` at the start.
 *
 * @example
 * ```ts
 * formatOffset(750_000); // '+12m30s'
 * ```
 */
export function formatOffset(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return NONE;
  return ms === 0 ? '+0' : `${ms < 0 ? '' : '+'}${formatDuration(ms)}`;
}

/**
 * A share as a percentage with two decimals: `99.87 %`; `—` for `NaN`.
 *
 * @example
 * ```ts
 * formatPercent(0.9987); // '99.87 %'
 * ```
 */
export function formatPercent(share: number, digits = 2): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)} %` : NONE;
}

/**
 * A multiplier: `1.2x` (one decimal, none from 100 up); `—` for `NaN`.
 *
 * @example
 * ```ts
 * formatFactor(3.04); // '3.0x'
 * ```
 */
export function formatFactor(factor: number): string {
  if (!Number.isFinite(factor)) return NONE;
  return `${factor >= 100 ? Math.round(factor) : factor.toFixed(1)}x`;
}

/**
 * A count with thousands separators: `12,345`; `—` for `NaN`.
 *
 * @example
 * ```ts
 * formatCount(12345); // '12,345'
 * ```
 */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return NONE;
  return Math.round(count).toLocaleString('en-US');
}

/**
 * A latency: `38 ms` (one decimal under 10 ms), `1.25 s` from a second up; `—` for `NaN`.
 *
 * @example
 * ```ts
 * formatLatency(1250); // '1.25 s'
 * ```
 */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms)) return NONE;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${ms < 10 ? Number(ms.toFixed(1)) : Math.round(ms)} ms`;
}
