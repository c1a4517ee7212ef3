import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CircuitBreaker, consecutiveFailures } from '../../src/breaker/index.js';
import { healthHandler, healthReport } from '../../src/operations/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const WALL = Date.UTC(2026, 0, 1);

function setup() {
  const clock = new VirtualClock(0, { wallStartMs: WALL });
  const breaker = (name: string) =>
    new CircuitBreaker({ name, clock, trip: consecutiveFailures(1), openMs: 10_000 });
  const payments = breaker('payments');
  const search = breaker('search');
  const checkout = new SloTracker({ name: 'checkout', objective: 0.999, clock });
  return { clock, payments, search, checkout };
}

async function trip(breaker: CircuitBreaker): Promise<void> {
  await breaker
    .execute(() => {
      throw new Error('down: https://user:secret@payments.internal/charge?token=abc');
    })
    .catch(() => undefined);
}

describe('healthReport', () => {
  it('passes when every breaker is closed and no SLO pages, with the draft format', () => {
    const { clock, payments, search, checkout } = setup();
    const report = healthReport(
      { breakers: [payments, search], slos: [checkout] },
      { clock, serviceId: 'shop', releaseId: '1.2.3' },
    );
    const time = new Date(WALL).toISOString();
    expect(report).toEqual({
      status: 'pass',
      serviceId: 'shop',
      releaseId: '1.2.3',
      checks: {
        'payments:state': [
          {
            componentId: 'payments',
            componentType: 'circuit-breaker',
            observedValue: 'closed',
            status: 'pass',
            time,
          },
        ],
        'search:state': [
          {
            componentId: 'search',
            componentType: 'circuit-breaker',
            observedValue: 'closed',
            status: 'pass',
            time,
          },
        ],
        'checkout:alerts': [
          {
            componentId: 'checkout',
            componentType: 'slo',
            observedValue: [],
            status: 'pass',
            time,
          },
        ],
        'checkout:errorBudgetRemaining': [
          {
            componentId: 'checkout',
            componentType: 'slo',
            observedValue: 1,
            observedUnit: 'ratio',
            status: 'pass',
            time,
          },
        ],
      },
    });
  });

  it('warns for an open, half-open or isolated breaker, fails only for a critical one open or isolated', async () => {
    const { clock, payments, search } = setup();
    const targets = { breakers: { payments, search } };
    await trip(search);
    expect(healthReport(targets, { critical: ['payments'], clock }).status).toBe('warn');
    await trip(payments);
    const failed = healthReport(targets, { critical: ['payments'], clock });
    expect(failed.status).toBe('fail');
    expect(failed.checks['payments:state']![0]).toMatchObject({
      observedValue: 'open',
      status: 'fail',
    });
    expect(failed.checks['search:state']![0]).toMatchObject({
      observedValue: 'open',
      status: 'warn',
    });
    // Half-open is a probe under way: a warning even for a critical breaker.
    await clock.advance(10_000);
    let release!: () => void;
    const probe = payments.execute(() => new Promise<void>((resolve) => (release = resolve)));
    expect(payments.state).toBe('half-open');
    expect(
      healthReport(targets, { critical: ['payments'], clock }).checks['payments:state']![0],
    ).toMatchObject({
      observedValue: 'half-open',
      status: 'warn',
    });
    release();
    await probe;
    payments.isolate();
    expect(healthReport(targets, { critical: ['payments'], clock }).status).toBe('fail');
    expect(healthReport(targets, { clock }).status).toBe('warn');
    // Never an error message or a URL.
    expect(JSON.stringify(healthReport(targets, { clock }))).not.toMatch(
      /secret|token|down|https?:/,
    );
  });

  it('warns while an SLO pages, not for a ticket', async () => {
    const { clock, checkout } = setup();
    for (let minute = 0; minute < 10; minute++) {
      checkout.record(true, 900);
      checkout.record(false, 100);
      await clock.advance(60_000);
    }
    const report = healthReport({ slos: { shop: checkout } }, { clock });
    expect(report.status).toBe('warn');
    expect(report.checks['shop:alerts']![0]).toMatchObject({
      observedValue: ['page'],
      status: 'warn',
    });
    expect(report.checks['shop:errorBudgetRemaining']![0]!.observedValue).toBeLessThan(1);
    checkout.close();
  });

  it('accepts the adapters targets (retries, timeouts ignored) and rejects bad input, naming it', () => {
    const { payments } = setup();
    expect(healthReport({ breakers: [payments], retries: {}, timeouts: {} }).status).toBe('pass');
    expect(() => healthReport({ breaker: [payments] } as never)).toThrow(
      /unknown option "targets\.breaker" \(did you mean "targets\.breakers"\?\)/,
    );
    expect(() => healthReport({ breakers: [payments] }, { critical: ['paymnts'] })).toThrow(
      /critical\[0\]: no breaker is labelled "paymnts" \(breakers: "payments"\)/,
    );
    expect(() => healthReport({ breakers: [{ state: 'closed' }] })).toThrow(
      /breakers\[0\] has no name/,
    );
    expect(() => healthReport({ breakers: { a: {} as never } })).toThrow(
      /breakers\.a must be a circuit breaker/,
    );
    expect(() => healthReport({ breakers: [payments, payments] })).toThrow(
      /two targets labelled "payments"/,
    );
    expect(() => healthReport({}, { critcal: [] } as never)).toThrow(/did you mean "critical"/);
    expect(() => healthReport({}, { critical: 'payments' as never })).toThrow(
      /critical must be an array of breaker names, got "payments"/,
    );
    expect(() => healthReport(null as never)).toThrow(
      /targets must be an object with breakers or slos, got null/,
    );
    expect(() => healthReport({ slos: 3 as never })).toThrow(
      /slos must be an array or a record, got 3/,
    );
    expect(() => healthReport({ slos: [payments as never] })).toThrow(
      /slos\[0\] must be an SLO tracker, got a CircuitBreaker/,
    );
    expect(() => healthReport({}, { serviceId: '' })).toThrow(
      /serviceId must be a non-empty string/,
    );
  });

  it('reports a target whose reading throws as a warning, without the error', () => {
    const broken = {
      name: 'broken',
      get state(): string {
        throw new Error('secret');
      },
    };
    const report = healthReport({ breakers: [broken] });
    expect(report.status).toBe('warn');
    expect(report.checks['broken:state']![0]).not.toHaveProperty('observedValue');
  });
});

describe('healthHandler', () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((done) => (server === undefined ? done() : server.close(() => done()))),
  );

  async function get(handler: ReturnType<typeof healthHandler>, method = 'GET') {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
      (done, fail) => {
        const req = request({ host: '127.0.0.1', port, path: '/health', method }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
        });
        req.on('error', fail);
        req.end();
      },
    );
  }

  it('answers 200 application/health+json, not cached, while nothing fails', async () => {
    const { payments, search, clock } = setup();
    await trip(search);
    const response = await get(
      healthHandler({ breakers: [payments, search] }, { critical: ['payments'], clock }),
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/health+json');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(response.body)).toMatchObject({ status: 'warn' });
  });

  it('answers 503 when a critical breaker is open; HEAD without a body; 405 to other methods', async () => {
    const { payments, clock } = setup();
    await trip(payments);
    const handler = healthHandler({ breakers: [payments] }, { critical: ['payments'], clock });
    const response = await get(handler);
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'fail' });
    server!.close();
    server = undefined;
    const head = await get(handler, 'HEAD');
    expect([head.status, head.body]).toEqual([503, '']);
    server!.close();
    server = undefined;
    const post = await get(handler, 'POST');
    expect([post.status, post.headers.allow]).toEqual([405, 'GET, HEAD']);
  });

  it('checks its targets and options when created', () => {
    expect(() => healthHandler({ breakers: [] }, { critical: ['x'] })).toThrow(
      /no breaker is labelled "x" \(breakers: none\)/,
    );
  });
});
