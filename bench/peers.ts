// The peers' closest configuration to each ballast case, built the way their docs show. Each calls
// the same `fn` as the ballast cases and the baseline.
import {
  bulkhead,
  ConsecutiveBreaker,
  ExponentialBackoff,
  SamplingBreaker,
  circuitBreaker,
  handleAll,
  retry,
  wrap,
} from 'cockatiel';
import Opossum from 'opossum';
import { Histogram, Registry } from 'prom-client';
import type { Case } from './harness.js';

/** The peers' cases; `work` is the baseline's function (`async (x) => x + 1`). */
export function peerCases(work: (x: number) => Promise<number>): Case[] {
  const fn = (): Promise<number> => work(1);
  const consecutive = circuitBreaker(handleAll, {
    halfOpenAfter: 30_000,
    breaker: new ConsecutiveBreaker(5),
  });
  const sampling = circuitBreaker(handleAll, {
    halfOpenAfter: 30_000,
    breaker: new SamplingBreaker({ threshold: 0.5, duration: 60_000, minimumRps: 1 }),
  });
  const retryPolicy = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
  const retryAroundSampling = wrap(
    retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() }),
    circuitBreaker(handleAll, {
      halfOpenAfter: 30_000,
      breaker: new SamplingBreaker({ threshold: 0.5, duration: 60_000, minimumRps: 1 }),
    }),
  );
  const openConsecutive = circuitBreaker(handleAll, {
    halfOpenAfter: 3_600_000,
    breaker: new ConsecutiveBreaker(1),
  });
  void openConsecutive.execute(() => Promise.reject(new Error('trip'))).catch(() => undefined);

  const opossum = new Opossum(work, { timeout: false, resetTimeout: 30_000 });
  const opossumTimeout = new Opossum(work, { timeout: 10_000, resetTimeout: 30_000 });
  const opossumOpen = new Opossum(work, { timeout: false, resetTimeout: 3_600_000 });
  opossumOpen.open();
  for (const breaker of [opossum, opossumTimeout, opossumOpen])
    breaker.on('failure', () => undefined);

  const cockatielBulkhead = bulkhead(10);
  const ignore = (): undefined => undefined;
  const histogram = new Histogram({
    name: 'bench_duration_seconds',
    help: 'bench',
    registers: [new Registry()],
  });

  return [
    {
      name: 'closed consecutive breaker',
      library: 'cockatiel ConsecutiveBreaker',
      fn: () => consecutive.execute(fn),
    },
    { name: 'closed consecutive breaker', library: 'opossum', fn: () => opossum.fire(1) },
    {
      name: 'closed consecutive breaker',
      library: 'opossum (timeout on)',
      fn: () => opossumTimeout.fire(1),
    },
    {
      name: 'closed time-window breaker',
      library: 'cockatiel SamplingBreaker',
      fn: () => sampling.execute(fn),
    },
    {
      name: 'retry success path',
      library: 'cockatiel',
      fn: () => retryPolicy.execute(fn),
    },
    {
      name: 'retry + time-window breaker + SLO',
      library: 'cockatiel wrap(retry, sampling), no SLO',
      fn: () => retryAroundSampling.execute(fn),
    },
    {
      name: 'open breaker rejection',
      library: 'cockatiel',
      fn: () => openConsecutive.execute(fn).catch(ignore),
    },
    {
      name: 'open breaker rejection',
      library: 'opossum',
      fn: () => opossumOpen.fire(1).catch(ignore),
    },
    {
      name: 'bulkhead, free slot',
      library: 'cockatiel bulkhead(10)',
      fn: () => cockatielBulkhead.execute(fn),
    },
    {
      name: 'SLO record',
      library: 'prom-client histogram.observe',
      fn: () => histogram.observe(0.01),
      sync: true,
    },
  ];
}
