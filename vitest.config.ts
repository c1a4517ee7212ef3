import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Under mutation testing (scripts/mutate.mjs) the code is instrumented and several times slower.
    testTimeout: process.env.BALLAST_MUTATE === undefined ? 5_000 : 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/index.ts', 'src/cli/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95, functions: 95, statements: 95, branches: 90 },
    },
  },
});
