import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { instrumentPrometheus } from '../../../src/adapters/prometheus/index.js';
import { SloTracker } from '../../../src/slo/index.js';
import { VirtualClock } from '../../../src/testing/index.js';
import { sample, samples } from '../helpers.js';

describe('instrumentPrometheus: SLO latency', () => {
  it('exports the latency quantiles of each SLO over 5m, 1h, 1d and its period', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    const slo = new SloTracker({ name: 'checkout', objective: 0.99, clock });
    instrumentPrometheus({ slos: [slo] }, { registry });
    for (let i = 1; i <= 1_000; i++) slo.recordCall(i, true);
    await clock.advance(10 * 60_000);
    slo.recordCall(7, true);

    const text = await registry.metrics();
    const series = (window: string, quantile: string) =>
      `ballast_slo_latency_ms{slo="checkout",window="${window}",quantile="${quantile}"}`;
    expect(text).toContain('# TYPE ballast_slo_latency_ms gauge');
    for (const [window, ms] of [
      ['5m', 5 * 60_000],
      ['1h', 3_600_000],
      ['1d', 86_400_000],
      ['30d', 30 * 86_400_000],
    ] as const) {
      const latency = slo.latency(ms);
      expect(sample(text, series(window, '0.5'))).toBe(latency.p50Ms);
      expect(sample(text, series(window, '0.9'))).toBe(latency.p90Ms);
      expect(sample(text, series(window, '0.99'))).toBe(latency.p99Ms);
      expect(sample(text, series(window, '0.999'))).toBe(latency.p999Ms);
    }
    expect(Math.abs(sample(text, series('5m', '0.99')) - 7)).toBeLessThanOrEqual(0.07);
    expect(Math.abs(sample(text, series('1h', '0.99')) - 990)).toBeLessThanOrEqual(9.9);
    expect(
      [...samples(text).keys()].filter((k) => k.startsWith('ballast_slo_latency_ms')),
    ).toHaveLength(16);
    slo.close();
  });

  it('reads NaN for a window with no timed call', async () => {
    const registry = new Registry();
    const slo = new SloTracker({ name: 'idle', objective: 0.99, clock: new VirtualClock() });
    instrumentPrometheus({ slos: [slo] }, { registry });
    const text = await registry.metrics();
    expect(
      sample(text, 'ballast_slo_latency_ms{slo="idle",window="1h",quantile="0.99"}'),
    ).toBeNaN();
    slo.close();
  });
});
