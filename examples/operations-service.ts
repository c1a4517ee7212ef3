// docs/operations.md's example service: one dependency (payments) behind retry + breaker +
// timeout, an SLO over the checkout requests, and the four operational pieces wired to them:
// Prometheus metrics on /metrics, ECS logs through pino, health on /health/ready and /health/live,
// and the alerting rules and dashboard printed for deployment.
//
//   npx tsx examples/operations-service.ts          # serves on :8080 until stopped
//   npx tsx examples/operations-service.ts --demo   # serves on a free port, walks through an
//                                                   # outage of payments against itself, exits
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { logEvents } from 'ballast/adapters/log';
import { instrumentPrometheus, sloSelectors } from 'ballast/adapters/prometheus';
import { CircuitBreaker, consecutiveFailures } from 'ballast/breaker';
import { grafanaDashboard, healthHandler, resilienceRules, ruleFileYaml } from 'ballast/operations';
import { TimeoutPolicy, wrap, observe } from 'ballast/policy';
import { constant, RetryBudget, RetryPolicy } from 'ballast/retry';
import { SloTracker, toPrometheusRules } from 'ballast/slo';

/** The SLO definition, shared by the tracker in each instance and the Prometheus rules. */
const checkoutSlo = { name: 'checkout', objective: 0.999 };

export function startService(port: number): Promise<{
  server: Server;
  url: string;
  payments: { down: boolean };
  stop: () => Promise<void>;
}> {
  // 1. The resilience policies, as the service uses them.
  const payments = { down: false };
  const breaker = new CircuitBreaker({
    name: 'payments',
    trip: consecutiveFailures(3),
    openMs: 30_000,
  });
  const retry = new RetryPolicy({
    maxAttempts: 2,
    backoff: constant(10),
    budget: new RetryBudget(),
  });
  const timeout = new TimeoutPolicy(1_000);
  const checkout = new SloTracker(checkoutSlo);
  const policy = wrap(observe(checkout), retry, breaker, timeout);
  const targets = {
    breakers: [breaker],
    retries: { payments: retry },
    timeouts: { payments: timeout },
    slos: [checkout],
  };

  // 2. Metrics, 3. logs (ECS JSON on stderr, successes sampled), 4. health.
  const registry = new Registry();
  const metrics = instrumentPrometheus(targets, { registry });
  const logger = pino({}, pino.destination(2));
  const stopLogs = logEvents(targets, logger, { service: 'shop', sample: { success: 0.01 } });
  const ready = healthHandler(targets, { critical: ['payments'], serviceId: 'shop' });
  const live = healthHandler({}, { serviceId: 'shop' });

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health/ready') return ready(req, res);
    if (path === '/health/live') return live(req, res);
    if (path === '/metrics') {
      void registry.metrics().then((text) => {
        res.setHeader('content-type', registry.contentType);
        res.end(text);
      });
      return;
    }
    if (path === '/checkout') {
      policy
        .execute(() =>
          payments.down
            ? Promise.reject(new Error('payments: 503 from https://payments.internal/charge'))
            : Promise.resolve('charged'),
        )
        .then(
          (body) => res.end(body),
          (error: unknown) => {
            res.statusCode = 503;
            res.end((error as Error).name);
          },
        );
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  return new Promise((ready) => {
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const stop = () =>
        new Promise<void>((done) => {
          stopLogs();
          metrics.detach();
          checkout.close();
          logger.flush();
          server.close(() => done());
        });
      ready({ server, url, payments, stop });
    });
  });
}

/** What to deploy beside the service: the alerting rules and the dashboard. */
export function deployment(): { rules: string; sloRules: string; dashboard: string } {
  return {
    rules: ruleFileYaml(resilienceRules({ labels: { team: 'shop' } })),
    sloRules: toPrometheusRules([
      { slo: checkoutSlo, service: 'shop', ...sloSelectors('checkout') },
    ]),
    dashboard: JSON.stringify(grafanaDashboard({ title: 'Shop', slos: [checkoutSlo] }), null, 2),
  };
}

async function demo(): Promise<void> {
  const { rules, sloRules, dashboard } = deployment();
  console.log('resilience rules, alerts:');
  for (const [, name] of rules.matchAll(/- alert: "(\w+)"/g)) console.log(`  ${name}`);
  console.log(`SLO rules: ${(sloRules.match(/- record:/g) ?? []).length} recording rules`);
  console.log(
    `dashboard: ${(JSON.parse(dashboard) as { panels: unknown[] }).panels.length} panels`,
  );

  const service = await startService(0);
  const get = async (path: string) => {
    const response = await fetch(service.url + path);
    return { status: response.status, body: await response.text() };
  };
  const show = async (label: string) => {
    const ready = await get('/health/ready');
    const live = await get('/health/live');
    const report = JSON.parse(ready.body) as {
      status: string;
      checks: Record<string, { observedValue?: unknown }[]>;
    };
    const state = report.checks['payments:state']![0]!.observedValue;
    console.log(
      `${label}: ready ${ready.status} (${report.status}, payments ${String(state)}), live ${live.status}`,
    );
  };
  for (let i = 0; i < 5; i++) await get('/checkout');
  await show('healthy');
  service.payments.down = true;
  for (let i = 0; i < 5; i++) await get('/checkout');
  await show('payments down');
  const metrics = await get('/metrics');
  const rejected =
    /ballast_breaker_calls_total\{breaker="payments",outcome="rejected"\} (\d+)/.exec(metrics.body);
  console.log(`metrics: ${rejected?.[1] ?? '?'} calls rejected by the payments breaker`);
  await service.stop();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--demo')) {
    await demo();
  } else {
    const { rules } = deployment();
    console.log(rules);
    const { url } = await startService(Number(process.env.PORT ?? 8080));
    console.log(`serving on ${url}: /checkout, /metrics, /health/ready, /health/live`);
  }
}
