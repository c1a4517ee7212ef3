import { defineConfig, type Options } from 'tsup';

// One build for every entry point. Splitting keeps shared code (the clock, the emitter, the
// windows) in shared chunks, so `instanceof` and module state agree across entry points in both
// formats.
const library: Options = {
  entry: {
    index: 'src/index.ts',
    'clock/index': 'src/clock/index.ts',
    'events/index': 'src/events/index.ts',
    'testing/index': 'src/testing/index.ts',
    'testing/fast-check/index': 'src/testing/fast-check/index.ts',
    'policy/index': 'src/policy/index.ts',
    'breaker/index': 'src/breaker/index.ts',
    'retry/index': 'src/retry/index.ts',
    'slo/index': 'src/slo/index.ts',
    'http/index': 'src/http/index.ts',
    'adapters/prometheus/index': 'src/adapters/prometheus/index.ts',
    'adapters/opentelemetry/index': 'src/adapters/opentelemetry/index.ts',
    'operations/index': 'src/operations/index.ts',
    'adapters/log/index': 'src/adapters/log/index.ts',
    'slo-spec/index': 'src/slo/spec/index.ts',
    'adaptive/index': 'src/adaptive/index.ts',
    'simulator/index': 'src/simulator/index.ts',
  },
  format: ['esm', 'cjs'],
  target: 'es2022',
  platform: 'neutral',
  dts: true,
  splitting: true,
  sourcemap: true,
  // Not the command's file, which the second build writes at the same time.
  clean: ['!cli/**'],
  treeshake: true,
};

// The `ballast` command: Node only, ESM, one file with its shebang; `yaml` stays a dependency.
const cli: Options = {
  entry: { 'cli/ballast': 'src/cli/ballast.ts' },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  banner: { js: '#!/usr/bin/env node' },
  dts: false,
  splitting: false,
  sourcemap: false,
  clean: false,
  treeshake: true,
};

export default defineConfig([library, cli]);
