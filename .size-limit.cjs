// Size budgets of the built package (minified and brotlied, with every dependency), checked by
// `npm test`. tsup's shared chunks are imported bare by each entry point; esbuild warns that it
// drops those imports under `sideEffects: false`, which is right (the chunks are imported for their
// exports too), so its warnings are silenced.
const quiet = (config) => ({ ...config, logLevel: 'error' });

module.exports = [
  {
    name: 'ballast (everything)',
    path: 'dist/index.js',
    // SLO latency histograms, SloSet and the snapshot's latency checks: 23.83 kB.
    limit: '24 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/breaker',
    path: 'dist/breaker/index.js',
    // metrics(), timed isolation, shadow mode, causes and halfOpen.maxFailures took it to 7.54 kB.
    limit: '7.7 kB',
    modifyEsbuildConfig: quiet,
  },
  { name: 'ballast/retry', path: 'dist/retry/index.js', limit: '8 kB', modifyEsbuildConfig: quiet },
  {
    name: 'ballast/slo',
    path: 'dist/slo/index.js',
    // Latency histograms (log buckets, rolling histogram), SloSet, the snapshot's latency checks:
    // 10.5 -> 12.77 kB.
    limit: '12.9 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/policy',
    path: 'dist/policy/index.js',
    limit: '3.1 kB',
    modifyEsbuildConfig: quiet,
  },
  { name: 'ballast/http', path: 'dist/http/index.js', limit: '3.7 kB', modifyEsbuildConfig: quiet },
  { name: 'ballast/clock', path: 'dist/clock/index.js', limit: '2 kB', modifyEsbuildConfig: quiet },
  {
    name: 'ballast/events',
    path: 'dist/events/index.js',
    limit: '1.5 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/testing',
    path: 'dist/testing/index.js',
    limit: '4.7 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/testing/fast-check (fast-check not counted)',
    path: 'dist/testing/fast-check/index.js',
    limit: '2.4 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'CircuitBreaker alone',
    path: 'dist/index.js',
    import: '{ CircuitBreaker }',
    // The same features, 5.85 kB: most of them live in the class itself.
    limit: '6 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adapters/prometheus (prom-client not counted)',
    path: 'dist/adapters/prometheus/index.js',
    // The SLO latency gauge: 6.11 kB.
    limit: '6.2 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adapters/opentelemetry (@opentelemetry/api not counted)',
    path: 'dist/adapters/opentelemetry/index.js',
    limit: '6 kB',
    modifyEsbuildConfig: quiet,
  },
];
