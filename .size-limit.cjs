// Size budgets of the built package (minified and brotlied, with every dependency), checked by
// `npm test`. tsup's shared chunks are imported bare by each entry point; esbuild warns that it
// drops those imports under `sideEffects: false`, which is right (the chunks are imported for their
// exports too), so its warnings are silenced.
const quiet = (config) => ({ ...config, logLevel: 'error' });

module.exports = [
  {
    name: 'ballast (everything)',
    path: 'dist/index.js',
    limit: '21.6 kB',
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
    // 10.51 kB once ballast/slo-spec shares its code: the chunk boundaries cost a few bytes.
    limit: '10.6 kB',
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
    limit: '6 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adapters/opentelemetry (@opentelemetry/api not counted)',
    path: 'dist/adapters/opentelemetry/index.js',
    limit: '6 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/slo-spec (yaml counted)',
    path: 'dist/slo-spec/index.js',
    // yaml is most of it (26.7 kB); the spec readers and the slo code they share are 12.7 kB.
    limit: '40 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/slo-spec (yaml not counted)',
    path: 'dist/slo-spec/index.js',
    ignore: ['yaml'],
    limit: '13 kB',
    modifyEsbuildConfig: quiet,
  },
];
