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

  burnRate(windowMs: number, now: number): number {
    const { total, bad } = this.counts(windowMs, now);
    return total === 0 ? 0 : bad / (total * this.errorBudget);
  }

  budget(now: number) {
    const { total, bad } = this.counts(this.periodMs, now);
    const allowedBad = total * this.errorBudget;
    const consumed = total === 0 ? 0 : bad / allowedBad;
    const remaining = 1 - consumed;
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
