// Size budgets of the built package (minified and brotlied, with every dependency), checked by
// `npm test`. tsup's shared chunks are imported bare by each entry point; esbuild warns that it
// drops those imports under `sideEffects: false`, which is right (the chunks are imported for their
// exports too), so its warnings are silenced.
const quiet = (config) => ({ ...config, logLevel: 'error' });

module.exports = [
  {
    name: 'ballast (everything)',
    path: 'dist/index.js',
    // ballast/adaptive took it from 21.6 kB to 23.9 kB.
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
  { name: 'ballast/slo', path: 'dist/slo/index.js', limit: '10.5 kB', modifyEsbuildConfig: quiet },
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
    // The throttle and concurrency-limit families took it from 5.89 kB to 6.6 kB.
    limit: '6.7 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adapters/opentelemetry (@opentelemetry/api not counted)',
    path: 'dist/adapters/opentelemetry/index.js',
    limit: '6 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adaptive',
    path: 'dist/adaptive/index.js',
    // Both policies, three algorithms, the errors and their validation: 5.39 kB.
    limit: '5.5 kB',
    modifyEsbuildConfig: quiet,
  },
];
