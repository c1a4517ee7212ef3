// The obviously correct SLO: every event kept with its time, summed by the bucket rules of the tier
// a window is read from. The tracker must agree with it exactly.

import type { Clock } from '../../src/clock/index.js';

export interface ModelEvent {
  readonly at: number;
  readonly total: number;
  readonly bad: number;
}

/** The tiers of a period: (covers, bucket width, bucket count), finest first. */
export function tiersOf(
  periodMs: number,
): { coversMs: number; bucketMs: number; buckets: number }[] {
  return [
    { coversMs: periodMs / 720, bucketMs: periodMs / 720 / 360, buckets: 360 },
    { coversMs: periodMs / 30, bucketMs: periodMs / 30 / 720, buckets: 720 },
    { coversMs: periodMs, bucketMs: periodMs / 720, buckets: 720 },
  ];
}

export class ReferenceSlo {
  readonly events: ModelEvent[] = [];
  constructor(
    readonly periodMs: number,
    readonly errorBudget: number,
  ) {}

  record(at: number, good: boolean, count: number): void {
    this.events.push({ at, total: count, bad: good ? 0 : count });
  }

  /** Totals over `windowMs` at `now`, read with the bucket rules of the tier that covers it. */
  counts(windowMs: number, now: number): { total: number; bad: number } {
    const tier = tiersOf(this.periodMs).find((t) => windowMs <= t.coversMs)!;
    const head = Math.floor(now / tier.bucketMs);
    const span = Math.min(tier.buckets, Math.max(1, Math.ceil(windowMs / tier.bucketMs - 1e-9)));
    let total = 0;
    let bad = 0;
    for (const event of this.events) {
      const index = Math.floor(event.at / tier.bucketMs);
      if (index > head - span && index <= head) {
        total += event.total;
        bad += event.bad;
      }
    }
    return { total, bad };
  }

  /** Totals over exactly the last `windowMs`: (now - windowMs, now]. */
  exact(windowMs: number, now: number): { total: number; bad: number } {
    let total = 0;
    let bad = 0;
    for (const event of this.events) {
      if (event.at > now - windowMs && event.at <= now) {
        total += event.total;
        bad += event.bad;
      }
    }
    return { total, bad };
  }

  sli(windowMs: number, now: number): number {
    const { total, bad } = this.counts(windowMs, now);
    return total === 0 ? 1 : (total - bad) / total;
  }

  /** The budget as `units / scale` in integers, read off its decimal digits. */
  get #fraction(): { units: bigint; scale: bigint } {
    const [whole = '0', fraction = ''] = this.errorBudget.toFixed(12).replace(/0+$/, '').split('.');
    return { units: BigInt(whole + fraction), scale: 10n ** BigInt(fraction.length) };
  }

  burnRate(windowMs: number, now: number): number {
    const { total, bad } = this.counts(windowMs, now);
    const { units, scale } = this.#fraction;
    return total === 0 ? 0 : nearest(BigInt(bad) * scale, BigInt(total) * units);
  }

  budget(now: number) {
    const { total, bad } = this.counts(this.periodMs, now);
    const { units, scale } = this.#fraction;
    const allowed = BigInt(total) * units;
    const badUnits = BigInt(bad) * scale;
    const allowedBad = nearest(allowed, scale);
    const consumed = total === 0 ? 0 : nearest(badUnits, allowed);
    const remaining = total === 0 ? 1 : nearest(allowed - badUnits, allowed);
    const burnRate = this.burnRate(Math.min(3_600_000, this.periodMs), now);
    let exhaustionMs: number | undefined;
    if (remaining <= 0) exhaustionMs = 0;
    else if (burnRate > 0) exhaustionMs = (remaining * this.periodMs) / burnRate;
    return { total, good: total - bad, bad, allowedBad, consumed, remaining, exhaustionMs };
  }
}

/**
 * A clock that reads a variable and never fires timers: for synchronous property tests. Its wall
 * time moves with it, from `wallStart` (by default, the same reading as `start`).
 */
export function manualClock(start = 0, wallStart = start): Clock & { time: number } {
  const clock = {
    time: start,
    now: () => clock.time,
    wallNow: () => wallStart + (clock.time - start),
    setTimer: () => () => undefined,
  };
  return clock;
}

/**
 * `numerator / denominator` (integers, denominator > 0) as the double nearest to it: long division
 * in BigInt to 60 decimals, which parseFloat then rounds. An independent reference for the
 * tracker's one-rounding arithmetic.
 */
export function nearest(numerator: bigint, denominator: bigint): number {
  if (numerator === 0n) return 0;
  const negative = numerator < 0n;
  let rest = negative ? -numerator : numerator;
  const whole = rest / denominator;
  rest %= denominator;
  let digits = '';
  for (let i = 0; i < 60; i++) {
    rest *= 10n;
    digits += String(rest / denominator);
    rest %= denominator;
  }
  const value = Number.parseFloat(`${whole}.${digits}`);
  return negative ? -value : value;
}
