const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The steps a time axis may tick at: round numbers of the unit the ticks are labelled in. */
const TIME_STEPS: readonly number[] = [
  ...[1, 2, 5, 10, 20, 50, 100, 200, 500],
  ...[1, 2, 5, 10, 15, 30].map((n) => n * SECOND),
  ...[1, 2, 5, 10, 15, 30].map((n) => n * MINUTE),
  ...[1, 2, 3, 6, 12].map((n) => n * HOUR),
  ...[1, 2].map((n) => n * DAY),
  7 * DAY,
];

/**
 * Whether `stepMs` is a step {@link timeTicks} may choose: one from its table, or past a week
 * a whole number of weeks of 1, 2 or 5 times a power of ten.
 *
 * @example
 * ```ts
 * isNiceTimeStep(15 * 60_000); // true
 * isNiceTimeStep(7 * 60_000); // false
 * ```
 */
export function isNiceTimeStep(stepMs: number): boolean {
  if (TIME_STEPS.includes(stepMs)) return true;
  const weeks = stepMs / (7 * DAY);
  return weeks > 1 && Number.isInteger(weeks) && isNiceNumber(weeks);
}

/**
 * Ticks for a time axis from 0 to `durationMs`: multiples of the smallest round step (seconds,
 * minutes, hours, days, weeks) that keeps them at most `maxTicks`, from 0 on.
 *
 * @example
 * ```ts
 * timeTicks(7_200_000, 8); // every 30 minutes: [0, 1_800_000, 3_600_000, 5_400_000, 7_200_000]
 * ```
 */
export function timeTicks(durationMs: number, maxTicks: number): number[] {
  if (!(durationMs > 0) || !Number.isFinite(durationMs)) return [0];
  const fits = (step: number): boolean => Math.floor(durationMs / step) + 1 <= maxTicks;
  let step = TIME_STEPS.find(fits);
  for (let weeks = 2; step === undefined; weeks = nextNiceNumber(weeks)) {
    if (fits(weeks * 7 * DAY)) step = weeks * 7 * DAY;
  }
  return multiples(0, durationMs, step);
}

/**
 * Ticks for a value axis covering `[min, max]`: multiples of 1, 2 or 5 times a power of ten,
 * at most `maxTicks`, extended outwards to a tick on both ends.
 *
 * @example
 * ```ts
 * valueTicks(0, 87, 6); // [0, 20, 40, 60, 80, 100]
 * ```
 */
export function valueTicks(min: number, max: number, maxTicks: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max <= min)
    return min === 0 ? [0, 1] : valueTicks(Math.min(0, min), Math.max(0, max), maxTicks);
  let step = 10 ** Math.floor(Math.log10((max - min) / maxTicks));
  const count = (s: number): number => Math.ceil(max / s - 1e-9) - Math.floor(min / s + 1e-9) + 1;
  while (count(step) > maxTicks) step = nextNiceNumber(step);
  return multiples(Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step, step);
}

function multiples(from: number, to: number, step: number): number[] {
  const ticks: number[] = [];
  const first = Math.round(from / step);
  for (let k = first; k * step <= to + step * 1e-9; k++) ticks.push(roundToStep(k * step, step));
  return ticks;
}

/** `value` without the float noise of `k * step` (0.30000000000000004 → 0.3). */
function roundToStep(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(value.toFixed(Math.min(digits, 20)));
}

/** 1, 2, 5, 10, 20, 50, …: the next of the round numbers after `n`. */
function nextNiceNumber(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n) + 1e-9);
  const mantissa = Math.round(n / power);
  return mantissa < 2 ? 2 * power : mantissa < 5 ? 5 * power : 10 * power;
}

function isNiceNumber(n: number): boolean {
  const power = 10 ** Math.floor(Math.log10(n) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(n - m * power) < power * 1e-9);
}
