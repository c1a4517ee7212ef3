// The shared machinery of `npm run bench`: time every case with mitata in one process, in
// interleaved rounds, and report each as ns/call and as a ratio to the bare-await baseline of the
// same round; measure retained memory and allocated bytes per call.
import { do_not_optimize, measure as mitataMeasure } from 'mitata';
import { GCProfiler } from 'node:v8';

export interface Case {
  /** Row label, e.g. 'closed consecutive breaker'. */
  readonly name: string;
  /** 'ballast' or a peer's name, with its configuration when that matters. */
  readonly library: string;
  /** One operation; awaited unless `sync`. */
  readonly fn: () => unknown;
  /** A synchronous operation (a metric record): measured without an await. */
  readonly sync?: boolean;
}

export interface Row {
  readonly name: string;
  readonly library: string;
  /** Median over the rounds of mitata's mean time per call. */
  readonly nsPerOp: number;
  /** Median over the rounds of (this case / the baseline of the same round). */
  readonly ratio: number;
  /** The smallest and largest per-round ratio: how much the rounds disagreed. */
  readonly ratioMin: number;
  readonly ratioMax: number;
  /** mitata's mean time per call in each round, in the order the rounds ran. */
  readonly nsPerRound: readonly number[];
}

export interface MeasureOptions {
  /** How many times every case is measured, each round in a rotated order. */
  readonly rounds: number;
  /** mitata's minimum CPU time per case and round, in milliseconds. */
  readonly minCpuTimeMs: number;
  /** Called after each round, to report progress. */
  readonly onRound?: (round: number) => void;
}

export const BASELINE = 'bare await';

/**
 * Measures every case `rounds` times, in rounds that each visit every case once (starting one case
 * further each round, so no case always runs right after the same neighbour), and returns rows
 * relative to the baseline case of the same round. Medians keep a burst of load from another
 * process from deciding a figure.
 */
export async function measure(cases: readonly Case[], options: MeasureOptions): Promise<Row[]> {
  const baseline = cases.findIndex((c) => c.name === BASELINE);
  if (baseline === -1) throw new Error(`no '${BASELINE}' case`);
  const runners = cases.map(runner);
  const ns: number[][] = cases.map(() => []);
  // An unrecorded pass first: otherwise the first round's cases (the baseline among them) would be
  // timed while V8 still compiles and optimizes them, skewing that round's ratios.
  for (const run of runners) await mitataMeasure(run, { min_cpu_time: 50e6 });
  for (let round = 0; round < options.rounds; round++) {
    for (let step = 0; step < cases.length; step++) {
      const index = (round + step) % cases.length;
      const stats = await mitataMeasure(runners[index]!, {
        min_cpu_time: options.minCpuTimeMs * 1e6,
      });
      ns[index]!.push(stats.avg);
    }
    options.onRound?.(round + 1);
  }
  const base = ns[baseline]!;
  return cases.map((c, index) => {
    const times = ns[index]!;
    const ratios = times.map((t, round) => t / base[round]!);
    return {
      name: c.name,
      library: c.library,
      nsPerOp: median(times),
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      nsPerRound: times,
    };
  });
}

/**
 * The function mitata times for one case: `await fn()` (or `fn()` when sync) with the result kept
 * alive. Each case gets a function compiled on its own (`new Function`): closures made from one
 * source function share their type feedback in V8, so one shared wrapper would see every case's
 * function at its call site, go megamorphic, and charge later cases for the earlier ones.
 */
function runner(c: Case): () => unknown {
  const source =
    c.sync === true ? 'return () => { keep(fn()); };' : 'return async () => { keep(await fn()); };';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a fresh function, on purpose
  const make = new Function('fn', 'keep', source);
  return (make as (fn: () => unknown, keep: (value: unknown) => void) => () => unknown)(
    c.fn,
    do_not_optimize,
  );
}

/**
 * Bytes retained per instance, over `count` instances, with a forced GC around it: the JS heap plus
 * array buffers (typed arrays keep their storage outside the heap).
 */
export function heapPerInstance(count: number, make: () => unknown): number {
  const gc = requireGc();
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
 * Heap bytes allocated per awaited call: the growth of the heap over small batches of calls,
 * keeping only the batches that no garbage collection interrupted (a GC frees what the batch
 * allocated and would hide it), and taking the median of those.
 */
export async function bytesPerCall(fn: () => unknown, batch = 200, batches = 100): Promise<number> {
  for (let i = 0; i < 2_000; i++) await fn(); // warm up: compile, fill inline caches
  requireGc()();
  const clean: number[] = [];
  for (let b = 0; b < batches * 4 && clean.length < batches; b++) {
    const profiler = new GCProfiler();
    profiler.start();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < batch; i++) await fn();
    const after = process.memoryUsage().heapUsed;
    const collections = profiler.stop()?.statistics.length ?? 1;
    if (collections === 0) clean.push((after - before) / batch);
  }
  if (clean.length === 0) throw new Error('every batch was interrupted by a garbage collection');
  return median(clean);
}

export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  leftColumns = 2,
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const pad = (cell: string, i: number): string =>
    i < leftColumns ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!);
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => pad(cell, i)).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i < leftColumns ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function requireGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with --expose-gc');
  return gc;
}

function retained(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
