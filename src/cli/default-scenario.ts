// The scenario `ballast simulate` runs when given none: scenarios/retry-storm.yaml, as the object
// its YAML reads as (a test keeps the two equal), so that the command needs no file to show what
// it does.

const retry = { maxAttempts: 3, backoff: { type: 'exponential', initialMs: 50, maxMs: '1s' } };
const budgeted = { ...retry, budget: { ratio: 0.1, minPerSecond: 0 } };

/** The parsed form of scenarios/retry-storm.yaml. */
export const defaultScenario: unknown = {
  name: 'retry-storm',
  description: 'Three nested 3-attempt retries against a 10-minute hard outage',
  duration: '30m',
  seed: 1,
  traffic: 10,
  dependency: {
    latency: { type: 'lognormal', median: '20ms', p99: '120ms' },
    errorRate: 0.001,
    phases: [{ name: 'outage', from: '10m', to: '20m', errorRate: 1, latency: '5ms' }],
  },
  variants: [
    {
      name: 'naive retries',
      layers: [{ retry }, { retry }, { retry }, { timeout: '1s' }],
    },
    {
      name: '10% retry budget',
      layers: [{ retry: budgeted }, { retry: budgeted }, { retry: budgeted }, { timeout: '1s' }],
    },
    {
      name: 'retry + breaker',
      layers: [
        { retry: { ...retry, retryOn: ['failure', 'overload', 'timeout'] } },
        { breaker: { trip: { consecutiveFailures: 5 }, openMs: '5s' } },
        { timeout: '1s' },
      ],
    },
  ],
  slos: [{ name: 'availability', objective: 0.999 }],
};
