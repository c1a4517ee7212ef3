// A day of traffic at 100 requests per second (8.64 million calls) through retry + breaker + SLO,
// simulated in virtual time: the wall time and the calls simulated per second.
//
//   npm run bench:simulate            (a day)
//   npm run bench:simulate -- 1h      (a shorter run)
import { parseScenario, simulate } from '../src/simulator/index.js';

const duration = process.argv[2] ?? '1d';
const scenario = parseScenario({
  name: 'bench: a day at 100 rps',
  duration,
  traffic: 100,
  dependency: {
    latency: { type: 'lognormal', median: '20ms', p99: '200ms' },
    errorRate: 0.001,
    phases: [{ name: 'outage', from: '6h', to: '7h', errorRate: 1, latency: '5ms' }],
  },
  variants: [
    {
      name: 'retry + breaker',
      layers: [
        { retry: { maxAttempts: 3, backoff: { type: 'exponential', initialMs: 100 } } },
        { breaker: { trip: { consecutiveFailures: 10 }, openMs: '10s' } },
      ],
    },
  ],
  slos: [{ name: 'availability', objective: 0.999 }],
});

const startedAt = performance.now();
const result = await simulate(scenario);
const seconds = (performance.now() - startedAt) / 1_000;
const { requests, dependencyCalls } = result.variants[0]!.summary;
console.log(
  `${duration} at 100 rps: ${requests.toLocaleString('en')} calls (${dependencyCalls.toLocaleString('en')} to the dependency) in ${seconds.toFixed(1)} s of wall time: ${Math.round(requests / seconds).toLocaleString('en')} calls/s`,
);
