import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { logEvents } from '../../../src/adapters/log/index.js';
import { CircuitBreaker, consecutiveFailures } from '../../../src/breaker/index.js';
import { sleep } from '../../../src/clock/index.js';
import { TimeoutPolicy } from '../../../src/policy/index.js';
import { constant, RetryPolicy } from '../../../src/retry/index.js';
import { SloTracker } from '../../../src/slo/index.js';
import { VirtualClock } from '../../../src/testing/index.js';

/** A record as pino wrote it: the fields the tests read. */
interface LogRecord {
  level: number;
  msg: string;
  event: { kind: string; dataset: string; action: string; outcome: string; duration?: number };
  ballast: Partial<Record<'breaker' | 'retry' | 'timeout' | 'slo', Record<string, unknown>>>;
  error?: Record<string, unknown>;
  service?: { name: string };
}

/** A real pino logger at debug level, writing JSON lines into `records`. */
function memoryLogger() {
  const records: LogRecord[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line !== '') records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { logger: pino({ level: 'debug', base: null, timestamp: false }, stream), records };
}

const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 };

function setup() {
  const clock = new VirtualClock();
  const breaker = new CircuitBreaker({
    name: 'payments',
    clock,
    trip: consecutiveFailures(2),
    openMs: 1_000,
  });
  const retry = new RetryPolicy({ clock, maxAttempts: 2, backoff: constant(100) });
  const timeout = new TimeoutPolicy(500, { clock });
  const slo = new SloTracker({ name: 'checkout', objective: 0.999, clock });
  return { clock, breaker, retry, timeout, slo };
}

const secretError = () =>
  Object.assign(
    new Error(
      'GET https://alice:hunter2@payments.internal/charge?api_key=sk_live_123&id=7 failed; Authorization: Bearer abc.def.ghi',
    ),
    { code: 'ECONNRESET', config: { headers: { Authorization: 'Bearer abc.def.ghi' } } },
  );

describe('logEvents with pino', () => {
  it('logs breaker calls and state changes in ECS fields, at fitting levels, without credentials', async () => {
    const { clock, breaker } = setup();
    const { logger, records } = memoryLogger();
    logEvents({ breakers: [breaker] }, logger, { service: 'shop' });
    const pending = breaker.execute(() => sleep(25, { clock }));
    await clock.advance(25);
    await pending;
    for (let i = 0; i < 2; i++)
      await breaker.execute(() => Promise.reject(secretError())).catch(() => undefined);
    await breaker.execute(() => 'never').catch(() => undefined);

    expect(records.map((r) => [r.level, r.event.action, r.event.outcome])).toEqual([
      [LEVEL.debug, 'breaker-call', 'success'],
      [LEVEL.warn, 'breaker-call', 'failure'],
      [LEVEL.warn, 'breaker-call', 'failure'],
      [LEVEL.warn, 'breaker-state-change', 'failure'],
      [LEVEL.warn, 'breaker-call-rejected', 'failure'],
    ]);
    expect(records[0]).toEqual({
      level: LEVEL.debug,
      event: {
        kind: 'event',
        dataset: 'ballast.breaker',
        action: 'breaker-call',
        outcome: 'success',
        duration: 25_000_000,
      },
      ballast: { breaker: { name: 'payments' } },
      service: { name: 'shop' },
      msg: 'circuit breaker payments: call succeeded',
    });
    const failure = records[1]!;
    expect(failure.error).toEqual({
      type: 'Error',
      message:
        'GET https://payments.internal/charge?api_key=[REDACTED]&id=7 failed; Authorization: [REDACTED]',
      code: 'ECONNRESET',
    });
    expect(JSON.stringify(records)).not.toMatch(/hunter2|alice|sk_live|abc\.def/);
    expect(records[3]!.ballast).toEqual({
      breaker: { name: 'payments', from: 'closed', to: 'open' },
    });
    expect(records[3]!.msg).toBe('circuit breaker payments: closed -> open');
    expect(records[4]!.ballast.breaker?.state).toBe('open');
  });

  it('logs retries, give-ups and timeouts', async () => {
    const { clock, retry, timeout } = setup();
    const { logger, records } = memoryLogger();
    logEvents({ retries: { payments: retry }, timeouts: { payments: timeout } }, logger);
    const call = retry.execute(() => timeout.execute(() => sleep(1_000, { clock })));
    const settled = call.catch((error: unknown) => error);
    await clock.advance(500);
    await clock.advance(100);
    await clock.advance(500);
    expect(await settled).toMatchObject({ name: 'TimeoutError' });
    expect(records.map((r) => [r.level, r.event.action])).toEqual([
      [LEVEL.warn, 'timeout'],
      [LEVEL.info, 'retry-scheduled'],
      [LEVEL.warn, 'timeout'],
      [LEVEL.error, 'retry-give-up'],
    ]);
    expect(records[0]!.ballast).toEqual({
      timeout: { policy: 'payments', timeout_ms: 500, strategy: 'aggressive' },
    });
    expect(records[1]!.ballast).toEqual({
      retry: { policy: 'payments', attempt: 1, delay_ms: 100 },
    });
    expect(records[1]!.event.duration).toBe(500_000_000);
    expect(records[3]!.ballast).toEqual({
      retry: { policy: 'payments', attempts: 2, reason: 'attempts' },
    });
    expect(records[3]!.error?.type).toBe('TimeoutError');
    expect(records[3]!.msg).toBe('retry payments: gave up after 2 attempts (attempts)');
    await retry.execute(() => 'ok');
    expect(records.at(-1)).toMatchObject({
      level: LEVEL.debug,
      event: { action: 'retry-success', outcome: 'success' },
    });
  });

  it('logs SLO alerts (page: error, end: info) and the budget running out', async () => {
    const { clock, slo } = setup();
    const { logger, records } = memoryLogger();
    logEvents({ slos: [slo] }, logger);
    for (let minute = 0; minute < 10; minute++) {
      slo.record(true, 900);
      slo.record(false, 100);
      await clock.advance(60_000);
    }
    const start = records.find((r) => r.event.action === 'slo-alert-start')!;
    expect(start.level).toBe(LEVEL.error);
    expect(start.event.kind).toBe('alert');
    expect(start.ballast.slo).toMatchObject({
      name: 'checkout',
      severity: 'page',
      burn_rate_threshold: 14.4,
    });
    const exhausted = records.find((r) => r.event.action === 'slo-budget-exhausted')!;
    expect(exhausted.level).toBe(LEVEL.warn);
    expect(exhausted.ballast.slo?.budget_remaining).toBeLessThanOrEqual(0);
    for (let minute = 0; minute < 120; minute++) {
      slo.record(true, 1_000);
      await clock.advance(60_000);
    }
    const end = records.find(
      (r) => r.event.action === 'slo-alert-end' && r.ballast.slo?.severity === 'page',
    )!;
    expect(end.level).toBe(LEVEL.info);
    slo.close();
  });

  it('drops the fields named in redact, and leaves the events objects alone', async () => {
    const { breaker } = setup();
    const { logger, records } = memoryLogger();
    logEvents({ breakers: { pay: breaker } }, logger, {
      redact: ['error.message', 'ballast.breaker.name', 'no.such.field'],
    });
    await breaker.execute(() => Promise.reject(new Error('boom'))).catch(() => undefined);
    expect(records[0]!.error).toEqual({ type: 'Error' });
    expect(records[0]!.ballast).toEqual({ breaker: {} });
  });

  it('samples single calls: none at 0 (not even listened to), a share with a given random', async () => {
    const { breaker, retry } = setup();
    const { logger, records } = memoryLogger();
    const stop = logEvents({ breakers: [breaker], retries: { r: retry } }, logger, {
      sample: { success: 0 },
    });
    expect(breaker.events.listenerCount('success')).toBe(0);
    expect(retry.events.listenerCount('success')).toBe(0);
    expect(breaker.events.listenerCount('stateChange')).toBe(1);
    stop();
    stop();
    expect(breaker.events.listenerCount()).toBe(0);
    expect(retry.events.listenerCount()).toBe(0);

    const draws = [0.1, 0.9, 0.2, 0.6];
    logEvents({ breakers: [breaker] }, logger, {
      sample: { success: 0.5 },
      random: () => draws.shift()!,
    });
    for (let i = 0; i < 4; i++) await breaker.execute(() => i);
    expect(records).toHaveLength(2);
  });

  it('works with console, and a throwing logger changes no outcome', async () => {
    const { breaker } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stop = logEvents({ breakers: [breaker] }, console);
    await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => undefined);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({
        event: expect.objectContaining({ action: 'breaker-call' }) as unknown,
      }),
      'circuit breaker payments: call failed',
    );
    warn.mockRestore();
    stop();
    const failing = {
      info: () => {
        throw new Error('disk full');
      },
      warn: () => {
        throw new Error('disk full');
      },
      error: () => {
        throw new Error('disk full');
      },
    };
    const emitted = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    logEvents({ breakers: [breaker] }, failing);
    await expect(breaker.execute(() => 42)).resolves.toBe(42);
    emitted.mockRestore();
  });

  it('logs the rarer breaker events, and errors of any shape', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      name: 'search',
      clock,
      trip: consecutiveFailures(1),
      openMs: 1_000,
      slowCallMs: 10,
      shadow: true,
      isFailure: (error) => error !== 'not found',
    });
    const { logger, records } = memoryLogger();
    logEvents({ breakers: [breaker] }, logger);
    // Errors that are not Error objects, as some libraries throw them.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    await breaker.execute(() => Promise.reject('not found')).catch(() => undefined);
    const slow = breaker.execute(() => sleep(20, { clock }));
    await clock.advance(20);
    await slow;
    await breaker
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      .execute(() => Promise.reject(Object.create(null) as object))
      .catch(() => undefined);
    await breaker.execute(() => 1);
    breaker.reset();
    await breaker
      .execute(() => {
        throw Object.defineProperty(new Error('x'), 'message', {
          get() {
            throw new Error('unreadable');
          },
        });
      })
      .catch(() => undefined);
    const actions = records.map((r) => `${r.level} ${r.event.action}`);
    expect(actions).toEqual([
      '30 breaker-call-ignored',
      '20 breaker-call',
      '40 breaker-slow-call',
      '40 breaker-call',
      '40 breaker-state-change',
      '30 breaker-shadow-rejection',
      '20 breaker-call',
      '30 breaker-reset',
      '30 breaker-state-change',
      '40 breaker-call',
      '40 breaker-state-change',
    ]);
    expect(records[0]!.error).toEqual({ type: 'string', message: 'not found' });
    expect(records[3]!.error).toEqual({});
    expect(records[8]!.event.outcome).toBe('success');
    expect(records[9]!.error).toEqual({ message: 'an error that cannot be read' });
  });

  it('logs an aborted give-up at info, a recovered budget, and uses info without debug', async () => {
    const { clock, retry, slo } = setup();
    const records: { level: string; record: LogRecord }[] = [];
    const at = (level: string) => (record: object) =>
      void records.push({ level, record: record as LogRecord });
    logEvents(
      { retries: { r: retry }, slos: [slo] },
      { info: at('info'), warn: at('warn'), error: at('error') },
    );
    const controller = new AbortController();
    controller.abort();
    await retry.execute(() => 1, { signal: controller.signal }).catch(() => undefined);
    await retry.execute(() => 1);
    expect(records.map((r) => `${r.level} ${r.record.event.action}`)).toEqual([
      'info retry-give-up',
      'info retry-success',
    ]);
    slo.record(false, 10);
    await clock.advance(60_000);
    for (let i = 0; i < 31; i++) {
      await clock.advance(24 * 60 * 60_000);
      slo.record(true, 10);
    }
    await clock.advance(60_000);
    expect(records.map((r) => r.record.event.action)).toContain('slo-budget-recovered');
    slo.close();
  });

  it('rejects bad targets, loggers and options, naming them', () => {
    const { breaker, slo } = setup();
    const { logger } = memoryLogger();
    expect(() => logEvents({ breakers: [breaker] }, {} as never)).toThrow(
      /logger must have info, warn and error methods/,
    );
    expect(() => logEvents({ breaker: [breaker] } as never, logger)).toThrow(
      /did you mean "targets\.breakers"/,
    );
    expect(() => logEvents({}, logger, { sampel: {} } as never)).toThrow(/did you mean "sample"/);
    expect(() => logEvents({}, logger, { sample: { success: 2 } })).toThrow(
      /sample\.success must be in \[0, 1\], got 2/,
    );
    expect(() => logEvents({}, logger, { sample: { sucess: 1 } as never })).toThrow(
      /did you mean "sample\.success"/,
    );
    expect(() => logEvents({}, logger, { redact: ['error..message'] })).toThrow(
      /redact\[0\] must be a dotted field path/,
    );
    expect(() => logEvents({}, logger, { service: '' })).toThrow(
      /service must be a non-empty string/,
    );
    const fn = () => 0;
    const noEvents = {
      name: 'x',
      objective: 0.9,
      windowMs: 1_000,
      alerts: [],
      totals: fn,
      sli: fn,
      burnRate: fn,
      budget: fn,
      activeAlerts: fn,
    };
    expect(() => logEvents({ slos: [noEvents as never] }, logger)).toThrow(
      /slos\.x has no events to log/,
    );
    slo.close();
  });
});
