import { show } from '../internal/validate.js';
import type { HistogramSlot, RollingCounter } from '../window/index.js';
import { LATENCY_BUCKETS, LATENCY_MIN_MS, LATENCY_RELATIVE_ERROR } from './slo-latency.js';
import type { TierBuckets } from './slo-windows.js';

/**
 * One tier of an {@link SloSnapshot}: its bucket width and its non-empty buckets, newest first, as
 * `[age, total, bad]` where `age` counts buckets back from the one the snapshot was taken in.
 *
 * @example
 * ```ts
 * const tier: SloSnapshotTier = { bucketMs: 10_000, buckets: [[0, 120, 3], [1, 98, 0]] };
 * ```
 */
export interface SloSnapshotTier {
  readonly bucketMs: number;
  readonly buckets: TierBuckets;
}

/**
 * One tier of an {@link SloSnapshotLatency}: its slot width and its non-empty slots, newest first,
 * as `[age, count, sumMs, maxMs, buckets]`, where `age` counts slots back from the one the
 * snapshot was taken in and `buckets` lists the non-empty value buckets as `[index, count]`,
 * in ascending order of index.
 *
 * @example
 * ```ts
 * const tier: SloSnapshotLatencyTier = {
 *   slotMs: 60_000,
 *   slots: [[0, 3, 37.5, 20, [[412, 2], [506, 1]]]],
 * };
 * ```
 */
export interface SloSnapshotLatencyTier {
  readonly slotMs: number;
  readonly slots: readonly HistogramSlot[];
}

/**
 * The latency histogram of an {@link SloSnapshot}: the value buckets it was kept in (a restore
 * checks that they are its own) and its tiers, finest first.
 *
 * @example
 * ```ts
 * const latency: SloSnapshotLatency = {
 *   relativeError: 0.01,
 *   minMs: 0.01,
 *   buckets: 1024,
 *   tiers: [fine, medium, coarse],
 * };
 * ```
 */
export interface SloSnapshotLatency {
  /** The relative error of every quantile: 0.01. */
  readonly relativeError: number;
  /** The upper bound of the lowest value bucket, in ms: 0.01. */
  readonly minMs: number;
  /** How many value buckets: 1 024. */
  readonly buckets: number;
  readonly tiers: readonly SloSnapshotLatencyTier[];
}

/**
 * An SLO tracker's state as plain JSON: its event counts, in buckets timed relative to the moment
 * of the snapshot, the wall-clock time of that moment, and its lifetime totals. Pass it as
 * `initialState` to a new tracker with the same `windowMs`, in this process or another: the
 * events are aged by the time between the snapshot and the restore (by the wall clock), so `sli`,
 * `burnRate` and `budget` read what the first tracker would have read had it run on without
 * traffic. Alert and budget state is not kept: the new tracker works it out again on its first
 * evaluation and emits `alertStart` (and `budgetExhausted`) if due.
 *
 * @example
 * ```ts
 * await writeFile('slo.json', JSON.stringify(slo.snapshot()));
 * // ...after a restart:
 * const initialState = JSON.parse(await readFile('slo.json', 'utf8')) as SloSnapshot;
 * const slo = new SloTracker({ name: 'api', objective: 0.999, initialState });
 * ```
 */
export interface SloSnapshot {
  /**
   * The format's version. Version 2 (no `latency`) is still read, and version 1 (no `takenAtMs`
   * either), as an empty state.
   */
  readonly version: 3;
  /** The tracker's name, for people reading the file; a restore does not check it. */
  readonly name: string;
  /** The period the counts cover; a restore needs the same. */
  readonly windowMs: number;
  /**
   * Milliseconds from the start of the tracker (or of the first tracker it was restored from) to
   * the snapshot: it fixes where the bucket boundaries fall.
   */
  readonly elapsedMs: number;
  /**
   * The wall-clock time of the snapshot, in milliseconds since the Unix epoch (the clock's
   * `wallNow()`, or `Date.now()`): a restore ages the events by the time since. Absent when the
   * clock's wall time read no finite number; such a snapshot restores as empty, with a warning.
   */
  readonly takenAtMs?: number;
  /** Lifetime counts, as {@link SloTracker.totals} returns them. */
  readonly totals: { readonly good: number; readonly total: number };
  /** The tiers, finest first. */
  readonly tiers: readonly SloSnapshotTier[];
  /** The durations of the calls timed, for {@link SloTracker.latency}; absent when none was. */
  readonly latency?: SloSnapshotLatency;
}

/** A snapshot of either version, as {@link assertSnapshot} lets through. @internal */
export type StoredSnapshot = Omit<SloSnapshot, 'version'> & { readonly version: 1 | 2 | 3 };

/** The largest wall-clock time a `Date` holds, either side of the epoch. */
const MAX_WALL_MS = 8.64e15;

/**
 * Checks that `value` is a snapshot a tracker with these tiers can load, with a message that names
 * the field at fault: a `TypeError` for a field of the wrong kind, counts that are not safe
 * integers >= 0, more bad events than events, or tiers that contradict each other; a `RangeError`
 * for a time out of range or a snapshot of another period.
 *
 * @internal
 */
export function assertSnapshot(
  value: unknown,
  windowMs: number,
  tiers: readonly RollingCounter[],
  latencyTiers: readonly LatencyTierShape[],
): asserts value is StoredSnapshot {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`initialState must be an SloSnapshot object, got ${show(value)}`);
  }
  const snapshot = value as Partial<Record<keyof SloSnapshot, unknown>>;
  const { version } = snapshot;
  if (version !== 1 && version !== 2 && version !== 3) {
    throw new RangeError(
      `initialState.version must be 3 (or 2, the format before latency, or 1, before ` +
        `takenAtMs), got ${show(version)}`,
    );
  }
  if (typeof snapshot.name !== 'string') {
    throw new TypeError(`initialState.name must be a string, got ${show(snapshot.name)}`);
  }
  if (snapshot.windowMs !== windowMs) {
    throw new RangeError(
      `initialState.windowMs must equal windowMs (${windowMs}), got ${show(snapshot.windowMs)}`,
    );
  }
  const maxElapsedMs = maxTrackerTime(tiers);
  const { elapsedMs } = snapshot;
  if (
    typeof elapsedMs !== 'number' ||
    !Number.isFinite(elapsedMs) ||
    elapsedMs < 0 ||
    elapsedMs > maxElapsedMs
  ) {
    throw new RangeError(
      `initialState.elapsedMs must be a finite number in [0, ${maxElapsedMs}], got ${show(elapsedMs)}`,
    );
  }
  if (snapshot.takenAtMs !== undefined) {
    const wall = snapshot.takenAtMs;
    if (typeof wall !== 'number' || !Number.isFinite(wall) || Math.abs(wall) > MAX_WALL_MS) {
      throw new RangeError(
        `initialState.takenAtMs must be a time in milliseconds since the Unix epoch, ` +
          `within ±${MAX_WALL_MS}, got ${show(wall)}`,
      );
    }
  }
  const totals = snapshot.totals;
  if (typeof totals !== 'object' || totals === null) {
    throw new TypeError(`initialState.totals must be { good, total }, got ${show(totals)}`);
  }
  const { good, total } = totals as { good?: unknown; total?: unknown };
  assertCount(good, 'initialState.totals.good');
  assertCount(total, 'initialState.totals.total');
  if (good > total) {
    throw new TypeError(
      `initialState.totals.good must be at most totals.total (${total}), got ${good}`,
    );
  }
  const snapshotTiers = snapshot.tiers;
  if (!Array.isArray(snapshotTiers) || snapshotTiers.length !== tiers.length) {
    throw new TypeError(
      `initialState.tiers must be an array of ${tiers.length} tiers, got ${show(snapshotTiers)}`,
    );
  }
  const checked = (snapshotTiers as unknown[]).map((tier, index) =>
    assertTier(tier, `initialState.tiers[${index}]`, tiers[index]!, total, total - good),
  );
  for (let index = 1; index < tiers.length; index++) {
    assertNested(checked[index - 1]!, checked[index]!, elapsedMs, index);
  }
  if (snapshot.latency !== undefined) {
    if (version !== 3) {
      throw new TypeError(
        `initialState.latency must be absent before version 3, got ${show(snapshot.latency)}`,
      );
    }
    assertLatency(snapshot.latency, latencyTiers, total);
  }
}

/** A latency tier's shape: its slot width and slot count. @internal */
export interface LatencyTierShape {
  readonly slotMs: number;
  readonly slots: number;
}

function assertLatency(
  latency: unknown,
  shapes: readonly LatencyTierShape[],
  lifetimeTotal: number,
): void {
  const path = 'initialState.latency';
  if (typeof latency !== 'object' || latency === null || Array.isArray(latency)) {
    throw new TypeError(
      `${path} must be { relativeError, minMs, buckets, tiers }, got ${show(latency)}`,
    );
  }
  const { relativeError, minMs, buckets, tiers } = latency as Partial<
    Record<keyof SloSnapshotLatency, unknown>
  >;
  // Counts kept in other value buckets cannot be read back in these.
  const layout: [string, unknown, number][] = [
    ['relativeError', relativeError, LATENCY_RELATIVE_ERROR],
    ['minMs', minMs, LATENCY_MIN_MS],
    ['buckets', buckets, LATENCY_BUCKETS],
  ];
  for (const [key, given, expected] of layout) {
    if (given !== expected) {
      throw new RangeError(`${path}.${key} must be ${expected}, got ${show(given)}`);
    }
  }
  if (!Array.isArray(tiers) || tiers.length !== shapes.length) {
    throw new TypeError(
      `${path}.tiers must be an array of ${shapes.length} tiers, got ${show(tiers)}`,
    );
  }
  (tiers as unknown[]).forEach((tier, index) =>
    assertLatencyTier(tier, `${path}.tiers[${index}]`, shapes[index]!, lifetimeTotal),
  );
}

function assertLatencyTier(
  tier: unknown,
  path: string,
  shape: LatencyTierShape,
  lifetimeTotal: number,
): void {
  if (typeof tier !== 'object' || tier === null || Array.isArray(tier)) {
    throw new TypeError(`${path} must be { slotMs, slots }, got ${show(tier)}`);
  }
  const { slotMs, slots } = tier as { slotMs?: unknown; slots?: unknown };
  if (slotMs !== shape.slotMs) {
    throw new RangeError(`${path}.slotMs must be ${shape.slotMs}, got ${show(slotMs)}`);
  }
  if (!Array.isArray(slots)) {
    throw new TypeError(`${path}.slots must be an array, got ${show(slots)}`);
  }
  let previousAge = -1;
  let tierCount = 0;
  (slots as unknown[]).forEach((slot, at) => {
    const where = `${path}.slots[${at}]`;
    if (!Array.isArray(slot) || slot.length !== 5) {
      throw new TypeError(
        `${where} must be [age, count, sumMs, maxMs, buckets], got ${show(slot)}`,
      );
    }
    const [age, count, sum, max, pairs] = slot as unknown[];
    if (
      !Number.isInteger(age) ||
      (age as number) <= previousAge ||
      (age as number) >= shape.slots
    ) {
      throw new TypeError(
        `${where}[0] (age) must be an integer from 0 to ${shape.slots - 1}, greater than the ` +
          `age before it, got ${show(age)}`,
      );
    }
    previousAge = age as number;
    assertCount(count, `${where}[1] (count)`);
    if (count === 0)
      throw new TypeError(`${where}[1] (count) must be >= 1 (empty slots are left out), got 0`);
    if (typeof max !== 'number' || !Number.isFinite(max) || max < 0) {
      throw new TypeError(`${where}[3] (maxMs) must be a finite number >= 0, got ${show(max)}`);
    }
    // The largest duration is one of those summed, all >= 0.
    if (typeof sum !== 'number' || !Number.isFinite(sum) || sum < max) {
      throw new TypeError(
        `${where}[2] (sumMs) must be a finite number >= maxMs (${max}), got ${show(sum)}`,
      );
    }
    if (!Array.isArray(pairs)) {
      throw new TypeError(
        `${where}[4] (buckets) must be an array of [index, count], got ${show(pairs)}`,
      );
    }
    let previousIndex = -1;
    let counted = 0;
    (pairs as unknown[]).forEach((pair, position) => {
      const inner = `${where}[4][${position}]`;
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`${inner} must be [index, count], got ${show(pair)}`);
      }
      const [index, n] = pair as unknown[];
      if (
        !Number.isInteger(index) ||
        (index as number) <= previousIndex ||
        (index as number) >= LATENCY_BUCKETS
      ) {
        throw new TypeError(
          `${inner}[0] (index) must be an integer from 0 to ${LATENCY_BUCKETS - 1}, greater than ` +
            `the index before it, got ${show(index)}`,
        );
      }
      previousIndex = index as number;
      assertCount(n, `${inner}[1] (count)`);
      if (n === 0)
        throw new TypeError(`${inner}[1] (count) must be >= 1 (empty buckets are left out), got 0`);
      counted += n;
    });
    if (counted !== count) {
      throw new TypeError(
        `${where}[1] (count) must equal the sum of its buckets' counts (${counted}), got ${count}`,
      );
    }
    tierCount += count;
  });
  // Every call timed is also an event counted.
  if (tierCount > lifetimeTotal) {
    throw new TypeError(
      `${path}.slots hold ${tierCount} calls, more than the lifetime initialState.totals.total ` +
        `(${lifetimeTotal})`,
    );
  }
}

/** One tier's buckets once checked, with the counter they are loaded into. */
interface CheckedTier {
  readonly counter: RollingCounter;
  readonly buckets: TierBuckets;
  readonly path: string;
}

function assertTier(
  tier: unknown,
  path: string,
  counter: RollingCounter,
  lifetimeTotal: number,
  lifetimeBad: number,
): CheckedTier {
  if (typeof tier !== 'object' || tier === null) {
    throw new TypeError(`${path} must be { bucketMs, buckets }, got ${show(tier)}`);
  }
  const { bucketMs, buckets } = tier as { bucketMs?: unknown; buckets?: unknown };
  if (bucketMs !== counter.bucketMs) {
    throw new RangeError(`${path}.bucketMs must be ${counter.bucketMs}, got ${show(bucketMs)}`);
  }
  if (!Array.isArray(buckets)) {
    throw new TypeError(`${path}.buckets must be an array, got ${show(buckets)}`);
  }
  let previousAge = -1;
  let sumTotal = 0;
  let sumBad = 0;
  (buckets as unknown[]).forEach((bucket, at) => {
    const where = `${path}.buckets[${at}]`;
    if (!Array.isArray(bucket) || bucket.length !== 3) {
      throw new TypeError(`${where} must be [age, total, bad], got ${show(bucket)}`);
    }
    const [age, bucketTotal, bad] = bucket as unknown[];
    if (
      !Number.isInteger(age) ||
      (age as number) <= previousAge ||
      (age as number) >= counter.buckets
    ) {
      throw new TypeError(
        `${where}[0] (age) must be an integer from 0 to ${counter.buckets - 1}, greater than the ` +
          `age before it, got ${show(age)}`,
      );
    }
    assertCount(bucketTotal, `${where}[1] (total)`);
    assertCount(bad, `${where}[2] (bad)`);
    if (bad > bucketTotal) {
      throw new TypeError(
        `${where}[2] (bad) must be at most its total (${bucketTotal}), got ${bad}`,
      );
    }
    previousAge = age as number;
    sumTotal += bucketTotal;
    sumBad += bad;
  });
  // Every event a tier holds was recorded by this tracker or those it was restored from.
  if (sumTotal > lifetimeTotal || sumBad > lifetimeBad) {
    throw new TypeError(
      `${path}.buckets hold ${sumTotal} events, ${sumBad} bad, more than the lifetime ` +
        `initialState.totals (${lifetimeTotal} events, ${lifetimeBad} bad)`,
    );
  }
  return { counter, buckets: buckets as TierBuckets, path };
}

/**
 * Checks that a finer tier and the next coarser one agree. Every event goes into every tier at the
 * same time, and a coarser bucket is a whole number of finer ones, so each coarser bucket holds
 * exactly the events of the finer buckets within it, as far back as the finer tier reaches. The
 * check forgives one coarser bucket either way: floating-point division can put an event that
 * lies within an ulp of a boundary on either side of it in one tier and not the other.
 */
function assertNested(fine: CheckedTier, coarse: CheckedTier, elapsedMs: number, index: number) {
  const ratio = Math.round(coarse.counter.bucketMs / fine.counter.bucketMs);
  const fineHead = Math.floor(elapsedMs / fine.counter.bucketMs);
  const coarseHead = Math.floor(elapsedMs / coarse.counter.bucketMs);
  // Per coarse bucket index, from the newest: the counts of each tier (fine buckets grouped).
  const oldestFine = fineHead - fine.counter.buckets + 1;
  const newest = Math.max(coarseHead, Math.floor(fineHead / ratio));
  const oldest = Math.floor(oldestFine / ratio);
  const span = newest - oldest + 1;
  const fineTotals = new Float64Array(span);
  const fineBad = new Float64Array(span);
  const coarseTotals = new Float64Array(span + 1);
  const coarseBad = new Float64Array(span + 1);
  for (const [age, total, bad] of fine.buckets) {
    const slot = newest - Math.floor((fineHead - age) / ratio);
    fineTotals[slot]! += total;
    fineBad[slot]! += bad;
  }
  for (const [age, total, bad] of coarse.buckets) {
    // Older coarse buckets (beyond the finer tier's reach) all count as the oldest slot + 1.
    const slot = Math.min(span, newest - (coarseHead - age));
    coarseTotals[slot]! += total;
    coarseBad[slot]! += bad;
  }
  const fail = (what: string, slot: number, more: number, less: number): never => {
    throw new TypeError(
      `initialState.tiers[${index - 1}] and initialState.tiers[${index}] contradict each other: ` +
        `over the same time, ${what} (${more} events against ${less}, ` +
        `from ${slot} buckets of ${coarse.counter.bucketMs} ms back)`,
    );
  };
  let fineSum = 0;
  let fineBadSum = 0;
  let coarseSum = coarseTotals[0]!;
  let coarseBadSum = coarseBad[0]!;
  for (let slot = 0; slot < span; slot++) {
    fineSum += fineTotals[slot]!;
    fineBadSum += fineBad[slot]!;
    coarseSum += coarseTotals[slot + 1]!;
    coarseBadSum += coarseBad[slot + 1]!;
    // Every event of the finer tier is in the coarser one.
    if (fineSum > coarseSum) fail(`${fine.path} holds more`, slot, fineSum, coarseSum);
    if (fineBadSum > coarseBadSum) {
      fail(`${fine.path} holds more bad`, slot, fineBadSum, coarseBadSum);
    }
    // Every event of the coarser tier, as far back as the finer one reaches, is in the finer one.
    if ((newest - slot) * ratio >= oldestFine) {
      const coarseNewer = coarseSum - coarseTotals[slot + 1]! - coarseTotals[slot]!;
      const coarseNewerBad = coarseBadSum - coarseBad[slot + 1]! - coarseBad[slot]!;
      if (coarseNewer > fineSum) fail(`${coarse.path} holds more`, slot, coarseNewer, fineSum);
      if (coarseNewerBad > fineBadSum) {
        fail(`${coarse.path} holds more bad`, slot, coarseNewerBad, fineBadSum);
      }
    }
  }
}

/**
 * The latest tracker time a snapshot may hold: half the time at which the finest tier's bucket
 * index would pass 2^53, where its arithmetic loses whole buckets (and a catch-up could stall),
 * leaving the other half for the restored tracker to run on.
 *
 * @internal
 */
export function maxTrackerTime(tiers: readonly RollingCounter[]): number {
  return Math.floor((Number.MAX_SAFE_INTEGER / 2) * Math.min(1, tiers[0]?.bucketMs ?? 1));
}

/** A count: a safe integer >= 0. */
function assertCount(value: unknown, path: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${path} must be a safe integer >= 0, got ${show(value)}`);
  }
}

/**
 * The tracker time to restore the snapshot at, wall time `wallMs`: its own time plus the time the
 * process was down, so that its events have aged by the downtime. Or why that cannot be (a
 * snapshot with no wall time, one from the future, or a time past what the bucket arithmetic of
 * `tiers` holds), in which case the tracker starts empty rather than replay an outage of unknown
 * age as if it were happening now.
 *
 * @internal
 */
export function restoreTimeOf(
  snapshot: StoredSnapshot,
  wallMs: number,
  tiers: readonly RollingCounter[],
): { readonly atMs: number } | { readonly warning: string } {
  if (snapshot.takenAtMs === undefined) {
    return {
      warning:
        'initialState does not record when it was taken (a version-1 snapshot, or one taken on a ' +
        'clock with no wall time): its events cannot be aged by the time since, so the tracker ' +
        'starts empty (lifetime totals kept)',
    };
  }
  const downtimeMs = wallMs - snapshot.takenAtMs;
  if (!Number.isFinite(downtimeMs)) {
    return {
      warning:
        `initialState cannot be aged: the clock's wall time reads ${show(wallMs)}, so the tracker ` +
        'starts empty (lifetime totals kept)',
    };
  }
  if (downtimeMs < 0) {
    return {
      warning:
        `initialState was taken ${-downtimeMs} ms after now by the wall clock (a clock set back, or ` +
        "another host's snapshot), so its events cannot be aged: the tracker starts empty " +
        '(lifetime totals kept)',
    };
  }
  const atMs = snapshot.elapsedMs + downtimeMs;
  if (atMs > maxTrackerTime(tiers)) {
    return {
      warning:
        `initialState was taken ${downtimeMs} ms ago, at tracker time ${snapshot.elapsedMs}: ` +
        'together they pass what the bucket arithmetic holds, so the tracker starts empty ' +
        '(lifetime totals kept)',
    };
  }
  return { atMs };
}
