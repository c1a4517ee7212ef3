// A service in virtual time, instrumented with the Prometheus adapter and scraped once a simulated
// minute: two dependencies behind retry + breaker + timeout, and an SLO over the calls. An outage
// of `payments` trips its breaker, times calls out, makes the retries give up on their budget and
// fires the SLO's page alert; `search` stays healthy. The scrapes become promtool input series.

import { Registry } from 'prom-client';
import { instrumentPrometheus } from '../../src/adapters/prometheus/index.js';
import { CircuitBreaker, consecutiveFailures } from '../../src/breaker/index.js';
import { sleep } from '../../src/clock/index.js';
import { observe, TimeoutPolicy, wrap } from '../../src/policy/index.js';
import { constant, RetryBudget, RetryPolicy } from '../../src/retry/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { samples } from '../adapters/helpers.js';

export const MINUTE = 60_000;

export interface ScenarioOptions {
  readonly prefix?: string;
  readonly minutes?: number;
  /** Minutes (1-based) in which payments fails. */
  readonly outage?: (minute: number) => boolean;
}

export interface Scraped {
  /** Each series as the adapter printed it, with `job` and `instance` added as a scrape does. */
  readonly series: readonly string[];
  /** The value of each series at every minute from 0; `undefined` where it was absent. */
  readonly values: ReadonlyMap<string, readonly (number | undefined)[]>;
  readonly minutes: number;
  readonly alertsFired: ReadonlySet<string>;
}

/** Runs the scenario and returns every minute's scrape. */
export async function runScenario(options: ScenarioOptions = {}): Promise<Scraped> {
  const minutes = options.minutes ?? 90;
  const outage = options.outage ?? ((minute: number) => minute > 30 && minute <= 60);
  const clock = new VirtualClock();
  const registry = new Registry();
  const slo = new SloTracker({ name: 'checkout', objective: 0.999, clock });
  const alertsFired = new Set<string>();
  slo.events.on('alertStart', (a) => alertsFired.add(a.alert.severity));
  const dependency = (name: string) => {
    const breaker = new CircuitBreaker({
      name,
      clock,
      trip: consecutiveFailures(5),
      openMs: 20_000,
    });
    const retry = new RetryPolicy({
      clock,
      maxAttempts: 3,
      backoff: constant(100),
      budget: new RetryBudget({ clock, ratio: 0.1, minPerSecond: 0.01 }),
    });
    const timeout = new TimeoutPolicy(1_000, { clock });
    return { breaker, retry, timeout, policy: wrap(observe(slo), retry, breaker, timeout) };
  };
  const payments = dependency('payments');
  const search = dependency('search');
  const metrics = instrumentPrometheus(
    {
      breakers: [payments.breaker, search.breaker],
      retries: { payments: payments.retry, search: search.retry },
      timeouts: { payments: payments.timeout, search: search.timeout },
      slos: [slo],
    },
    { registry, ...(options.prefix === undefined ? {} : { prefix: options.prefix }) },
  );

  const values = new Map<string, (number | undefined)[]>();
  const scrape = async (minute: number) => {
    for (const [series, value] of samples(await registry.metrics())) {
      const key = withTarget(series);
      let list = values.get(key);
      if (list === undefined) values.set(key, (list = []));
      list[minute] = value;
    }
  };
  await scrape(0);
  for (let minute = 1; minute <= minutes; minute++) {
    const down = outage(minute);
    const calls: Promise<unknown>[] = [];
    // Each outcome is caught at once: a rejection waiting for allSettled would count as unhandled.
    const settle = (call: Promise<unknown>) => calls.push(call.catch(() => undefined));
    // Twenty calls a minute to each dependency, one every three seconds.
    for (let i = 0; i < 20; i++) {
      await clock.advance((minute - 1) * MINUTE + i * 3_000 - clock.now());
      const fail = down && i % 2 === 0;
      const hang = down && i % 2 === 1;
      settle(
        payments.policy.execute(async ({ signal }) => {
          await sleep(hang ? 5_000 : 20, { clock, signal });
          if (fail) throw new Error('payments is down');
          return 'ok';
        }),
      );
      settle(
        search.policy.execute(async ({ signal }) => {
          await sleep(20, { clock, signal });
          return 'ok';
        }),
      );
    }
    await clock.advance(minute * MINUTE - 1 - clock.now());
    await Promise.allSettled(calls);
    await scrape(minute);
  }
  metrics.detach();
  slo.close();
  return { series: [...values.keys()], values, minutes, alertsFired };
}

/** The `input_series` lines of a promtool test for `scraped`. */
export function inputSeries(scraped: Scraped): string[] {
  return scraped.series.flatMap((series) => {
    const list = scraped.values.get(series)!;
    const text = Array.from({ length: scraped.minutes + 1 }, (_, i) => {
      const value = list[i];
      return value === undefined ? '_' : Number.isNaN(value) ? 'NaN' : String(value);
    });
    return [`      - series: '${series}'`, `        values: '${text.join(' ')}'`];
  });
}

function withTarget(series: string): string {
  const brace = series.indexOf('{');
  const target = 'job="shop",instance="shop-0:9464"';
  return brace === -1
    ? `${series}{${target}}`
    : `${series.slice(0, brace + 1)}${target},${series.slice(brace + 1)}`;
}
