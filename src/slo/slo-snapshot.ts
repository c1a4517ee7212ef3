import type { RollingCounter } from '../window/index.js';
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
 * An SLO tracker's state as plain JSON: its event counts, in buckets timed relative to the moment
 * of the snapshot, and its lifetime totals. Pass it as `initialState` to a new tracker with the
 * same `windowMs`, in this process or another, and `sli`, `burnRate` and `budget` read the same
 * at the same time after the snapshot. Alert and budget state is not kept: the new tracker works
 * it out again on its first evaluation and emits `alertStart` (and `budgetExhausted`) if due.
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
  /** The format's version. */
  readonly version: 1;
  /** The tracker's name, for people reading the file; a restore does not check it. */
  readonly name: string;
  /** The period the counts cover; a restore needs the same. */
  readonly windowMs: number;
  /**
   * Milliseconds from the start of the tracker (or of the first tracker it was restored from) to
   * the snapshot: it fixes where the bucket boundaries fall.
   */
  readonly elapsedMs: number;
  /** Lifetime counts, as {@link SloTracker.totals} returns them. */
  readonly totals: { readonly good: number; readonly total: number };
  /** The tiers, finest first. */
  readonly tiers: readonly SloSnapshotTier[];
}

/**
 * Checks that `value` is a snapshot a tracker with these tiers can load, with a message that names
 * the field at fault.
 *
 * @internal
 */
export function assertSnapshot(
  value: unknown,
  windowMs: number,
  tiers: readonly RollingCounter[],
): asserts value is SloSnapshot {
  const fail = (field: string, problem: string): never => {
    throw new RangeError(`initialState${field} ${problem}`);
  };
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`initialState must be an SloSnapshot object, got ${String(value)}`);
  }
  const snapshot = value as Partial<Record<keyof SloSnapshot, unknown>>;
  if (snapshot.version !== 1) fail('.version', `must be 1, got ${String(snapshot.version)}`);
  if (snapshot.windowMs !== windowMs) {
    fail('.windowMs', `must equal windowMs (${windowMs}), got ${String(snapshot.windowMs)}`);
  }
  if (!isCount(snapshot.elapsedMs)) {
    fail('.elapsedMs', `must be a finite number >= 0, got ${String(snapshot.elapsedMs)}`);
  }
  const totals = snapshot.totals as { good?: unknown; total?: unknown } | null | undefined;
  if (!isCount(totals?.good) || !isCount(totals?.total) || totals.good > totals.total) {
    fail('.totals', 'must be { good, total } with 0 <= good <= total');
  }
  const snapshotTiers = snapshot.tiers;
  if (!Array.isArray(snapshotTiers) || snapshotTiers.length !== tiers.length) {
    fail('.tiers', `must be an array of ${tiers.length} tiers`);
  }
  (snapshotTiers as unknown[]).forEach((tier, index) => {
    const expected = tiers[index]!;
    const { bucketMs, buckets } = (tier ?? {}) as { bucketMs?: unknown; buckets?: unknown };
    if (bucketMs !== expected.bucketMs) {
      fail(`.tiers[${index}].bucketMs`, `must be ${expected.bucketMs}, got ${String(bucketMs)}`);
    }
    if (!Array.isArray(buckets)) fail(`.tiers[${index}].buckets`, 'must be an array');
    let previousAge = -1;
    (buckets as unknown[]).forEach((bucket, at) => {
      const [age, total, bad] = Array.isArray(bucket) ? (bucket as unknown[]) : [];
      const ok =
        Number.isInteger(age) &&
        (age as number) > previousAge &&
        (age as number) < expected.buckets &&
        isCount(total) &&
        isCount(bad) &&
        bad <= total;
      if (!ok) {
        fail(
          `.tiers[${index}].buckets[${at}]`,
          `must be [age, total, bad] with ages increasing from 0 to ${expected.buckets - 1} ` +
            `and 0 <= bad <= total, got ${JSON.stringify(bucket)}`,
        );
      }
      previousAge = age as number;
    });
  });
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
