// Size budgets of the built package (minified and brotlied, with every dependency), checked by
// `npm test`. tsup's shared chunks are imported bare by each entry point; esbuild warns that it
// drops those imports under `sideEffects: false`, which is right (the chunks are imported for their
// exports too), so its warnings are silenced.
const quiet = (config) => ({ ...config, logLevel: 'error' });

module.exports = [
  {
    name: 'ballast (everything)',
    path: 'dist/index.js',
    // Load control, hedging, deadlines, SLO latency histograms, SloSet and ballast/adaptive:
    // 29.17 kB.
    limit: '29.3 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/breaker',
    path: 'dist/breaker/index.js',
    // metrics(), timed isolation, shadow mode, causes and halfOpen.maxFailures took it to 7.54 kB;
    // deadlines, the ballast error brand and the fast path's side reaction to 7.78 kB.
    limit: '7.9 kB',
    modifyEsbuildConfig: quiet,
  },
  { name: 'ballast/retry', path: 'dist/retry/index.js', limit: '8 kB', modifyEsbuildConfig: quiet },
  {
    name: 'ballast/slo',
    path: 'dist/slo/index.js',
    // Latency histograms (log buckets, rolling histogram), SloSet, the snapshot's latency checks:
    // 10.5 -> 12.77 kB; deadlines 12.96 kB.
    limit: '13.1 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/policy',
    path: 'dist/policy/index.js',
    // BulkheadPolicy, RateLimitPolicy, fallback(), isBallastError, HedgePolicy and deadlines:
    // 6.91 kB with the waiting line it shares with ballast/adaptive.
    limit: '7 kB',
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
    // The deadline check every execute shares took it to 4.71 kB; SimulatedBackend and its
    // latency distributions, to 5.95 kB.
    limit: '6 kB',
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
    // The same features, 5.85 kB: most of them live in the class itself. Deadlines: 6.01 kB;
    // the error brand and the fast path's side reaction: 6.1 kB.
    limit: '6.2 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adapters/prometheus (prom-client not counted)',
    path: 'dist/adapters/prometheus/index.js',
    // The bulkhead, rate limiter, fallback, hedge, throttle and concurrency-limit families, and
    // the SLO latency gauge.
    limit: '8.2 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adapters/opentelemetry (@opentelemetry/api not counted)',
    path: 'dist/adapters/opentelemetry/index.js',
    // The bulkhead, rate limiter, fallback, hedge, throttle and concurrency-limit instruments.
    limit: '6.9 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/operations',
    path: 'dist/operations/index.js',
    // 7.97 kB: most of it the dashboard's panel titles, descriptions and queries.
    limit: '8.2 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/adapters/log',
    path: 'dist/adapters/log/index.js',
    // 3.98 kB with the targets' checks it shares with the metrics adapters.
    limit: '4.1 kB',
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
  {
    name: 'ballast/adaptive',
    path: 'dist/adaptive/index.js',
    // Both policies, three algorithms, the errors and their validation: 5.63 kB, of which the
    // waiting line shared with the bulkhead (a linked list, O(1) removal on abort) is ~0.1 kB more
    // than the Set the limit had of its own.
    limit: '5.7 kB',
    modifyEsbuildConfig: quiet,
  },
  {
    name: 'ballast/simulator',
    path: 'dist/simulator/index.js',
    // 44.01 kB: the simulator, the backtest and the HTML report, with every policy they run and
    // the field-by-field checks of scenarios and recordings.
    limit: '45 kB',
    modifyEsbuildConfig: quiet,
  },
];
