import type { VariantSeries } from '../simulation-result.js';

/**
 * The highest amplification over any `windowMs` of a run (a sliding window of whole steps, at least
 * one): what the dependency saw while things were at their worst, which the whole run's figure
 * dilutes (a retry storm's 27x during a 10-minute outage is 9.7x over 30 minutes). `NaN` when no
 * window held a request.
 *
 * @example
 * ```ts
 * worstAmplification(variant.series, result.stepMs); // 26.9 for three nested 3-attempt retries
 * ```
 */
export function worstAmplification(
  series: VariantSeries,
  stepMs: number,
  windowMs = 60_000,
): number {
  const { requests, dependencyCalls } = series;
  const width = Math.max(1, Math.round(windowMs / stepMs));
  let worst = Number.NaN;
  let users = 0;
  let calls = 0;
  for (let i = 0; i < requests.length; i++) {
    users += requests[i]!;
    calls += dependencyCalls[i]!;
    if (i >= width) {
      users -= requests[i - width]!;
      calls -= dependencyCalls[i - width]!;
    }
    if (users > 0 && !(calls / users <= worst)) worst = calls / users;
  }
  return worst;
}
