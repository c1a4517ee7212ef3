// @ts-check
// Mutation testing (`npm run mutate`): scripts/mutate.mjs runs Stryker once per module, naming
// the module in BALLAST_MUTATE; without it, one run covers every module at once.
const module = process.env.BALLAST_MUTATE;
const mutate =
  module === undefined
    ? ['src/**/*.ts', '!src/**/index.ts', '!src/adapters/**', '!src/cli/**']
    : module.split(',').flatMap((name) => [`src/${name}/**/*.ts`, `!src/${name}/**/index.ts`]);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts' },
  coverageAnalysis: 'perTest',
  mutate,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${module ?? 'all'}.html` },
  jsonReporter: { fileName: `reports/mutation/${module ?? 'all'}.json` },
  tempDirName: '.tmp/stryker',
  cleanTempDir: 'always',
  concurrency: 2,
  timeoutMS: 10_000,
  thresholds: { high: 95, low: 90, break: null },
};
