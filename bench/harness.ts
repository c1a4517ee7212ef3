// The shared machinery of `npm run bench`: run every case with mitata in one process, then report
// each as ns/call and as a ratio to the bare-await baseline measured in the same run.
import { bench, do_not_optimize, run } from 'mitata';

export interface Case {
  /** Row label, e.g. 'closed consecutive breaker'. */
  readonly name: string;
  /** 'ballast' or a peer's name. */
  readonly library: string;
  /** One operation; awaited unless `sync`. */
  readonly fn: () => unknown;
  /** A synchronous operation (a metric record): measured without an await. */
  readonly sync?: boolean;
}

export interface Row {
  readonly name: string;
  readonly library: string;
  readonly nsPerOp: number;
  readonly p75: number;
  readonly ratio: number;
}

export const BASELINE = 'bare await';

/** Runs every case once with mitata (quiet) and returns rows relative to the baseline case. */
export async function measure(cases: readonly Case[]): Promise<Row[]> {
  for (const c of cases) {
    const fn = c.fn;
    const label = `${c.library} | ${c.name}`;
    if (c.sync === true) {
      bench(label, () => {
        do_not_optimize(fn());
      });
    } else {
      bench(label, async () => {
        do_not_optimize(await fn());
      });
    }
  }
  const result = await run({ format: 'quiet' });
  const rows: Row[] = [];
  let baseline = Number.NaN;
  for (const [index, benchmark] of result.benchmarks.entries()) {
    const stats = benchmark.runs[0]?.stats;
    const c = cases[index]!;
    if (stats === undefined)
      throw new Error(`benchmark ${c.name} failed: ${String(benchmark.runs[0]?.error)}`);
    if (c.name === BASELINE) baseline = stats.avg;
    rows.push({ name: c.name, library: c.library, nsPerOp: stats.avg, p75: stats.p75, ratio: 0 });
  }
  return rows.map((row) => ({ ...row, ratio: row.nsPerOp / baseline }));
}

/**
 * Bytes retained per instance, over `count` instances, with a forced GC around it: the JS heap plus
 * array buffers (typed arrays keep their storage outside the heap).
 */
export function heapPerInstance(count: number, make: () => unknown): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  const keep: unknown[] = new Array<unknown>(count);
  gc();
  gc();
  const before = retained();
  for (let i = 0; i < count; i++) keep[i] = make();
  gc();
  gc();
  const after = retained();
  do_not_optimize(keep);
  return (after - before) / count;
}

/**
 * Heap bytes allocated per awaited call, with young-generation collection kept out of the way by a
 * large semi-space (`--max-semi-space-size`): the heap grows by what the calls allocate.
 */
export async function bytesPerCall(calls: number, fn: () => unknown): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  for (let i = 0; i < 1_000; i++) await fn(); // warm up: compile, fill inline caches
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < calls; i++) await fn();
  const after = process.memoryUsage().heapUsed;
  return Math.max(0, (after - before) / calls);
}

export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => (i === 0 || i === 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 || i === 1 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

function retained(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
