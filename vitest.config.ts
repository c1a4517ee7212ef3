import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  // The examples import `ballast/...` as users do; tests run them on the sources, as tsconfig's
  // `paths` (and so tsx) does, not on a build that may be stale or not there yet.
  resolve: {
    alias: [
      { find: /^ballast$/, replacement: `${src}index.ts` },
      { find: /^ballast\/slo-spec$/, replacement: `${src}slo/spec/index.ts` },
      { find: /^ballast\/(.+)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Under mutation testing (scripts/mutate.mjs) the code is instrumented and several times slower.
    // Time-dependent tests run on the virtual clock, so the timeout only guards against a hang; it is
    // generous because some tests build TypeScript programs or run promtool, slow on a loaded machine.
    testTimeout: process.env.BALLAST_MUTATE === undefined ? 30_000 : 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/index.ts', 'src/cli/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95, functions: 95, statements: 95, branches: 90 },
    },
  },
});
