import { defineConfig } from 'tsup';

// One build for every entry point. Splitting keeps shared code (the clock, the emitter, the
// windows) in shared chunks, so `instanceof` and module state agree across entry points in both
// formats.
export default defineConfig({
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
    'adaptive/index': 'src/adaptive/index.ts',
  },
  format: ['esm', 'cjs'],
  target: 'es2022',
  platform: 'neutral',
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
});
