// Size budgets of the built package (minified and brotlied, with every dependency), checked by
// `npm test`. tsup's shared chunks are imported bare by each entry point; esbuild warns that it
// drops those imports under `sideEffects: false`, which is right (the chunks are imported for their
// exports too), so its warnings are silenced.
const quiet = (config) => ({ ...config, logLevel: 'error' });

module.exports = [
  {
    name: 'ballast (everything)',
    path: 'dist/index.js',
    // BulkheadPolicy, RateLimitPolicy, fallback() and isBallastError took it from 21.6 to 23.09 kB;
    // ballast/adaptive to 25.3 kB.
    limit: '25.4 kB',
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
    // BulkheadPolicy, RateLimitPolicy, fallback() and isBallastError: 3.1 -> 4.84 kB.
    limit: '4.9 kB',
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
    // The bulkhead, rate limiter and fallback families took it to 6.59 kB; the throttle and
    // concurrency-limit families to 7.28 kB.
    limit: '7.4 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adapters/opentelemetry (@opentelemetry/api not counted)',
    path: 'dist/adapters/opentelemetry/index.js',
    // The throttle and concurrency-limit instruments took it to 6.4 kB.
    limit: '6.5 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adaptive',
    path: 'dist/adaptive/index.js',
    // Both policies, three algorithms, the errors and their validation: 5.44 kB.
    limit: '5.5 kB',
    modifyEsbuildConfig: quiet,
  },
];
