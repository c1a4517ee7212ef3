// Instructions per call of ballast's hot paths, counted by valgrind's callgrind, so that the
// figures hold on a loaded machine where wall-clock timings do not:
//
//   node bench/instructions/measure.mjs [--only REGEXP] [--low N] [--high N] FOLDER [FOLDER...]
//
// FOLDER is a build (dist/ after `npx tsup`, or an older commit's dist/ built aside). Each case
// runs under `valgrind --tool=callgrind node --predictable --single-threaded
// --predictable-gc-schedule` (no background compilation or GC threads, and a heap that grows by
// fixed steps rather than by measured GC speed: without it a full collection falls in one run and
// not the other, by how busy the machine is, and a case moves by hundreds of instructions per
// call from run to run) once with --low calls and once with --high calls; per call = (I(high) - I(low)) / (high - low). Prints a Markdown
// table: instructions per call for each folder, and beyond a bare await in parentheses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const CASES = [
  'bare await',
  'one side reaction',
  'one hop',
  'one clock read',
  'two clock reads',
  'closed consecutive breaker',
  'closed time-window breaker',
  'retry success path',
  'slo.observe',
  'retry + time-window breaker + SLO, nested',
  'wrap(observe(slo), retry, breaker)',
];
// Cases that do not touch ballast: measured once, with the first folder.
const FLOORS = new Set(['one side reaction', 'one hop', 'one clock read', 'two clock reads']);

const args = process.argv.slice(2);
const option = (flag, fallback) => {
  const at = args.indexOf(flag);
  if (at < 0) return fallback;
  const [, value] = args.splice(at, 2);
  return value;
};
const only = new RegExp(option('--only', '.'));
const low = Number(option('--low', '20000'));
const high = Number(option('--high', '60000'));
const folders = args;
if (folders.length === 0 || !(high > low && low > 0)) {
  throw new Error('usage: measure.mjs [--only REGEXP] [--low N] [--high N] FOLDER [FOLDER...]');
}

const workload = fileURLToPath(new URL('workload.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'ballast-callgrind-'));

function instructions(folder, name, calls) {
  const out = join(scratch, 'callgrind.out');
  execFileSync(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${out}`,
      process.execPath,
      '--predictable',
      '--single-threaded',
      '--predictable-gc-schedule',
      workload,
      folder,
      name,
      String(calls),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const total = /^totals: (\d+)/m.exec(readFileSync(out, 'utf8'));
  if (total === null) throw new Error(`no totals in callgrind's output for ${name}`);
  return Number(total[1]);
}

const perCall = (folder, name) =>
  (instructions(folder, name, high) - instructions(folder, name, low)) / (high - low);

const rows = [];
const bare = folders.map((folder) => perCall(folder, 'bare await'));
for (const name of CASES) {
  if (!only.test(name) && name !== 'bare await') continue;
  const cells = folders.map((folder, i) => {
    if (name === 'bare await') return String(Math.round(bare[i]));
    if (FLOORS.has(name) && i > 0) return '';
    const n = perCall(folder, name);
    return `${Math.round(n)} (+${Math.round(n - bare[i])}, ${(n / bare[i]).toFixed(2)}x)`;
  });
  rows.push([name, ...cells]);
  process.stderr.write(`${name}: ${cells.join(' | ')}\n`);
}
rmSync(scratch, { recursive: true, force: true });

const header = ['case', ...folders];
const widths = header.map((_, c) => Math.max(...[header, ...rows].map((row) => row[c].length)));
const line = (row) =>
  `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
console.log(
  `Node ${process.version}, instructions per call, (${high} - ${low} calls) / ${high - low}\n`,
);
console.log(line(header));
console.log(
  `| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
);
for (const row of rows) console.log(line(row));
