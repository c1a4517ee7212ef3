// `npm run mutate [-- module ...]`: Stryker, one run per module, each against its own break
// threshold, then a table of the scores. Too slow for `npm test` and CI (tens of minutes on two
// cores): run it after changing a module's behaviour or its tests. Reports go to reports/mutation/.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Break thresholds, in percent of the mutants detected (killed or timed out). */
const MODULES = {
  breaker: 95,
  retry: 95,
  slo: 95,
  window: 95,
  policy: 90,
  http: 90,
  'clock,events': 90,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in MODULES));
if (unknown.length > 0) {
  console.error(
    `mutate: unknown module ${unknown.join(', ')}; one of ${Object.keys(MODULES).join(', ')}`,
  );
  process.exit(2);
}
const modules = wanted.length > 0 ? wanted : Object.keys(MODULES);

const rows = [];
for (const module of modules) {
  console.log(`\nmutate: ${module} (break below ${MODULES[module]} %)`);
  const run = spawnSync('npx', ['stryker', 'run'], {
    stdio: 'inherit',
    env: { ...process.env, BALLAST_MUTATE: module },
  });
  rows.push({ module, threshold: MODULES[module], ...score(module), exit: run.status });
}

console.log('\n| module | score | killed | timeout | survived | no coverage | threshold | |');
console.log('|---|--:|--:|--:|--:|--:|--:|---|');
for (const row of rows) {
  const met = row.score >= row.threshold;
  console.log(
    `| ${row.module} | ${row.score.toFixed(1)} | ${row.Killed} | ${row.Timeout} | ${row.Survived} | ` +
      `${row.NoCoverage} | ${row.threshold} | ${met ? 'met' : 'NOT MET'} |`,
  );
}
process.exit(rows.every((row) => row.score >= row.threshold && row.exit === 0) ? 0 : 1);

/** The counts by status in a module's JSON report, and the score Stryker reports. */
function score(module) {
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0 };
  try {
    const report = JSON.parse(readFileSync(`reports/mutation/${module}.json`, 'utf8'));
    for (const file of Object.values(report.files)) {
      for (const mutant of file.mutants) {
        if (mutant.status in counts) counts[mutant.status] += 1;
      }
    }
  } catch {
    return { ...counts, score: 0 };
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  return { ...counts, score: valid === 0 ? 100 : (100 * detected) / valid };
}
