// The targets of issue 6, checked against the figures of one run.
import type { Row } from './harness.js';

export interface Figures {
  readonly rows: readonly Row[];
  readonly heap: readonly { readonly name: string; readonly bytes: number }[];
}

export interface TargetResult {
  readonly target: string;
  /** The figure compared with the limit, in the target's unit. */
  readonly value: number;
  readonly limit: number;
  /** The figure as printed, with what it was derived from. */
  readonly measured: string;
  readonly met: boolean;
}

const KIB = 1_024;

/** Thrown for a figure the run did not measure (a run filtered with `--only`). */
class Missing extends Error {}

/** Every target whose figures the run measured. */
export function evaluateTargets(rows: readonly Row[], heap: Figures['heap']): TargetResult[] {
  const results: TargetResult[] = [];
  for (const target of targets(rows, heap)) {
    try {
      results.push(target());
    } catch (error) {
      if (!(error instanceof Missing)) throw error;
    }
  }
  return results;
}

function targets(rows: readonly Row[], heap: Figures['heap']): (() => TargetResult)[] {
  const row = (name: string, library: string): Row => {
    const found = rows.find((r) => r.name === name && r.library === library);
    if (found === undefined) throw new Missing(`no row ${library} | ${name}`);
    return found;
  };
  const bytes = (name: string): number => {
    const found = heap.find((h) => h.name === name);
    if (found === undefined) throw new Missing(`no memory figure ${name}`);
    return found.bytes;
  };
  const ratio = (target: string, r: Row, limit: number): TargetResult => ({
    target,
    value: r.ratio,
    limit,
    measured: `${r.ratio.toFixed(2)}x (${r.nsPerOp.toFixed(0)} ns)`,
    met: r.ratio <= limit,
  });
  const versus = (target: string, r: Row): TargetResult => {
    const histogram = row('SLO record', 'prom-client histogram.observe');
    const value = r.nsPerOp / histogram.nsPerOp;
    return {
      target,
      value,
      limit: 0.5,
      measured: `${value.toFixed(2)}x (${r.nsPerOp.toFixed(0)} ns vs ${histogram.nsPerOp.toFixed(0)} ns)`,
      met: value <= 0.5,
    };
  };
  const memory = (target: string, name: string, limit: number, unit: number, unitName: string) => {
    const value = bytes(name);
    return {
      target,
      value,
      limit,
      measured: `${(value / unit).toFixed(2)} ${unitName}`,
      met: value <= limit,
    };
  };
  const atMostClosed = (target: string, name: string): TargetResult => {
    const closed = row('closed consecutive breaker', 'ballast');
    const r = row(name, 'ballast');
    return {
      target,
      value: r.nsPerOp,
      limit: closed.nsPerOp,
      measured: `${r.nsPerOp.toFixed(0)} ns vs ${closed.nsPerOp.toFixed(0)} ns (${r.ratio.toFixed(2)}x vs ${closed.ratio.toFixed(2)}x bare await)`,
      met: r.nsPerOp <= closed.nsPerOp,
    };
  };
  return [
    () =>
      ratio(
        'closed consecutive breaker <= 1.3x',
        row('closed consecutive breaker', 'ballast'),
        1.3,
      ),
    () =>
      ratio(
        'closed time-window breaker <= 1.3x',
        row('closed time-window breaker', 'ballast'),
        1.3,
      ),
    () => ratio('retry success path <= 1.3x', row('retry success path', 'ballast'), 1.3),
    () =>
      ratio(
        'retry + time-window breaker + SLO, nested by hand, <= 2.0x',
        row('retry + time-window breaker + SLO', 'ballast (nested by hand)'),
        2,
      ),
    () =>
      versus('SloTracker.record <= 0.5x histogram.observe', row('SLO record', 'ballast record')),
    () =>
      versus(
        'SloTracker.recordCall <= 0.5x histogram.observe',
        row('SLO record', 'ballast recordCall'),
      ),
    () => memory('30-day SloTracker <= 1 MiB', 'SloTracker, 30-day period', KIB * KIB, KIB, 'KiB'),
    () =>
      memory(
        'breaker, consecutive <= 2 KiB',
        'CircuitBreaker, consecutive failures',
        2 * KIB,
        KIB,
        'KiB',
      ),
    () =>
      memory(
        'breaker, time window <= 2 KiB',
        'CircuitBreaker, 60 s time window (10 buckets)',
        2 * KIB,
        KIB,
        'KiB',
      ),
    () => atMostClosed('bulkhead, free slot <= closed consecutive breaker', 'bulkhead, free slot'),
    () =>
      atMostClosed(
        'rate limiter, token free <= closed consecutive breaker',
        'rate limiter, token free',
      ),
    () => {
      const closed = row('closed consecutive breaker', 'ballast');
      const rejection = row('open breaker rejection', 'ballast');
      return {
        target: 'open rejection <= closed consecutive call',
        value: rejection.nsPerOp,
        limit: closed.nsPerOp,
        measured: `${rejection.nsPerOp.toFixed(0)} ns vs ${closed.nsPerOp.toFixed(0)} ns`,
        met: rejection.nsPerOp <= closed.nsPerOp,
      };
    },
  ];
}
