// The peers' closest configuration to each ballast case, built the way their docs show.
import {
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

const work = async (x: number): Promise<number> => x + 1;

export function peerCases(): Case[] {
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

  const histogram = new Histogram({
    name: 'bench_duration_seconds',
    help: 'bench',
    registers: [new Registry()],
  });

  return [
    {
      name: 'closed consecutive breaker',
      library: 'cockatiel',
      fn: () => consecutive.execute(() => work(1)),
    },
    { name: 'closed consecutive breaker', library: 'opossum', fn: () => opossum.fire(1) },
    {
      name: 'closed consecutive breaker',
      library: 'opossum (timeout on)',
      fn: () => opossumTimeout.fire(1),
    },
    {
      name: 'closed time-window breaker',
      library: 'cockatiel',
      fn: () => sampling.execute(() => work(1)),
    },
    {
      name: 'retry success path',
      library: 'cockatiel',
      fn: () => retryPolicy.execute(() => work(1)),
    },
    {
      name: 'retry + time-window breaker (+ SLO)',
      library: 'cockatiel (no SLO)',
      fn: () => retryAroundSampling.execute(() => work(1)),
    },
    {
      name: 'open breaker rejection',
      library: 'cockatiel',
      fn: () => openConsecutive.execute(() => work(1)).catch(() => undefined),
    },
    {
      name: 'open breaker rejection',
      library: 'opossum',
      fn: () => opossumOpen.fire(1).catch(() => undefined),
    },
    {
      name: 'SLO record',
      library: 'prom-client histogram.observe',
      fn: () => histogram.observe(0.01),
    },
  ];
}
