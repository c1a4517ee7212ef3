import type { SloEvents } from '../../slo/index.js';
import type { Emitter } from '../../events/index.js';
import {
  assertFunction,
  assertInRange,
  assertName,
  assertOptions,
  show,
} from '../../internal/validate.js';
import { resolveTargets, type InstrumentTargets } from '../internal/targets.js';
import { redactText } from './redact-text.js';

/**
 * Any logger with pino's call shape, `logger.warn(record, message)`: pino, bunyan, a pino-style
 * wrapper of winston, or `console`. `debug` is used for the successes of single calls when
 * present (`info` otherwise).
 *
 * @example
 * ```ts
 * const logger: EventLogger = pino();
 * const plain: EventLogger = console;
 * ```
 */
export interface EventLogger {
  info(record: object, message: string): unknown;
  warn(record: object, message: string): unknown;
  error(record: object, message: string): unknown;
  debug?(record: object, message: string): unknown;
}

/**
 * Options of {@link logEvents}.
 *
 * @example
 * ```ts
 * const options: LogEventsOptions = {
 *   service: 'checkout',
 *   sample: { success: 0.01 },
 *   redact: ['error.message'],
 * };
 * ```
 */
export interface LogEventsOptions {
  /** `service.name` of every record. @default none */
  readonly service?: string;
  /**
   * Dotted paths of fields to leave out of every record (`error.message`, `ballast.retry.delay_ms`).
   *
   * @default []
   */
  readonly redact?: readonly string[];
  /**
   * The share of the events of single calls to log, in [0, 1], by kind: `success` (a breaker's
   * and a retry policy's successful calls), `failure` (failed, ignored and slow calls, retries,
   * give-ups, timeouts) and `rejected` (calls a breaker rejected or, in shadow mode, would have).
   * At 0 the events are not even listened to. State changes, resets and SLO alerts and budget
   * events are always logged.
   *
   * @default every event logged: `{ success: 1, failure: 1, rejected: 1 }`
   */
  readonly sample?: {
    readonly success?: number;
    readonly failure?: number;
    readonly rejected?: number;
  };
  /** The source of randomness for sampling, in [0, 1). @default Math.random */
  readonly random?: () => number;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
type Outcome = 'success' | 'failure' | 'unknown';
type Fields = Record<string, unknown>;

/**
 * Logs every event of circuit breakers, retry policies, timeout policies and SLO trackers as one
 * structured record, in Elastic Common Schema fields (nested objects): `event.action`,
 * `event.outcome`, `event.kind`, `event.duration` (nanoseconds), `error.type`, `error.message`,
 * `service.name`, and `ballast.breaker`, `ballast.retry`, `ballast.timeout` or `ballast.slo` for
 * the rest. Levels follow what the event means: a breaker opening or a call failing is `warn`, a
 * give-up or a `page` alert is `error`, a `ticket` alert `warn`, a single call's success `debug`.
 *
 * Error messages are logged without the credentials they may carry (URL user info, secret query
 * parameters, authentication headers); only an error's type, message and string `code` are
 * logged, never its other properties. A logger that throws changes no call's outcome.
 *
 * @param targets The same targets the metrics adapters take; each target's label becomes its
 * `ballast.*.name` or `ballast.*.policy`.
 * @returns A function that removes every listener; calling it again does nothing.
 * @throws TypeError or RangeError for malformed targets, logger or options.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { logEvents } from 'ballast/adapters/log';
 *
 * const stop = logEvents(
 *   { breakers: [payments], retries: { payments: paymentsRetry }, slos: [checkout] },
 *   pino(),
 *   { service: 'shop', sample: { success: 0.01 } },
 * );
 * // {"level":40,"event":{"action":"breaker-state-change","outcome":"failure",...},
 * //  "ballast":{"breaker":{"name":"payments","from":"closed","to":"open"}},"msg":"..."}
 * ```
 */
export function logEvents(
  targets: InstrumentTargets,
  logger: EventLogger,
  options: LogEventsOptions = {},
): () => void {
  const resolved = resolveTargets(targets);
  const log = resolveLogger(logger);
  const given: unknown = options;
  assertOptions(given, 'options', ['service', 'redact', 'sample', 'random']);
  if (options.service !== undefined) assertName(options.service, 'service');
  const redact = resolveRedact(options.redact);
  const sample = resolveSample(options.sample);
  assertFunction(options.random, 'random');
  const random = options.random ?? Math.random;
  for (const [label, slo] of resolved.slos) {
    const events = (slo as { events?: unknown }).events;
    if (typeof (events as { on?: unknown } | undefined)?.on !== 'function') {
      throw new TypeError(`slos.${label} has no events to log: pass the SloTracker itself`);
    }
  }
  const service = options.service === undefined ? undefined : { name: options.service };

  const write = (level: Level, fields: Fields, message: string): void => {
    const record: Fields = service === undefined ? fields : { ...fields, service };
    for (const path of redact) drop(record, path);
    log(level, record, message);
  };
  const sampled = (rate: number) => rate >= 1 || random() < rate;

  const offs: (() => void)[] = [];
  const on = <E extends object, K extends keyof E>(
    emitter: Emitter<E>,
    event: K,
    rate: number,
    listener: (payload: E[K]) => void,
  ) => {
    if (rate <= 0) return;
    offs.push(
      emitter.on(
        event,
        rate >= 1 ? listener : (payload) => void (sampled(rate) && listener(payload)),
      ),
    );
  };

  for (const [name, breaker] of resolved.breakers) {
    const e = breaker.events;
    const rec = (action: string, outcome: Outcome, extra: Fields, more: Fields = {}) => ({
      event: { kind: 'event', dataset: 'ballast.breaker', action, outcome, ...more },
      ballast: { breaker: { name, ...extra } },
    });
    const subject = `circuit breaker ${name}`;
    on(e, 'stateChange', 1, ({ from, to }) => {
      const outcome = to === 'closed' ? 'success' : to === 'open' ? 'failure' : 'unknown';
      const level = to === 'open' || to === 'isolated' ? 'warn' : 'info';
      write(
        level,
        rec('breaker-state-change', outcome, { from, to }),
        `${subject}: ${from} -> ${to}`,
      );
    });
    on(e, 'reset', 1, ({ from }) => {
      write('info', rec('breaker-reset', 'unknown', { from }), `${subject}: reset from ${from}`);
    });
    on(e, 'success', sample.success, ({ durationMs }) => {
      write(
        'debug',
        rec('breaker-call', 'success', {}, duration(durationMs)),
        `${subject}: call succeeded`,
      );
    });
    on(e, 'failure', sample.failure, ({ error, durationMs }) => {
      const fields = {
        ...rec('breaker-call', 'failure', {}, duration(durationMs)),
        ...errorFields(error),
      };
      write('warn', fields, `${subject}: call failed`);
    });
    on(e, 'ignored', sample.failure, ({ error, durationMs }) => {
      const fields = {
        ...rec('breaker-call-ignored', 'failure', {}, duration(durationMs)),
        ...errorFields(error),
      };
      write('info', fields, `${subject}: call failed with an error that does not count`);
    });
    on(e, 'slowCall', sample.failure, ({ durationMs }) => {
      write(
        'warn',
        rec('breaker-slow-call', 'unknown', {}, duration(durationMs)),
        `${subject}: slow call`,
      );
    });
    on(e, 'rejected', sample.rejected, ({ state }) => {
      write(
        'warn',
        rec('breaker-call-rejected', 'failure', { state }),
        `${subject}: call rejected (${state})`,
      );
    });
    on(e, 'shadowRejected', sample.rejected, ({ state }) => {
      write(
        'info',
        rec('breaker-shadow-rejection', 'unknown', { state }),
        `${subject}: would have rejected a call (${state})`,
      );
    });
  }

  for (const [policy, retry] of resolved.retries) {
    const e = retry.events;
    const rec = (action: string, outcome: Outcome, extra: Fields, more: Fields = {}) => ({
      event: { kind: 'event', dataset: 'ballast.retry', action, outcome, ...more },
      ballast: { retry: { policy, ...extra } },
    });
    on(e, 'retry', sample.failure, ({ attempt, delayMs, durationMs, error }) => {
      const fields = {
        ...rec('retry-scheduled', 'failure', { attempt, delay_ms: delayMs }, duration(durationMs)),
        ...errorFields(error),
      };
      write(
        'info',
        fields,
        `retry ${policy}: attempt ${attempt} failed, retrying in ${delayMs} ms`,
      );
    });
    on(e, 'giveUp', sample.failure, ({ attempts, reason, durationMs, error }) => {
      const fields = {
        ...rec('retry-give-up', 'failure', { attempts, reason }, duration(durationMs)),
        ...errorFields(error),
      };
      write(
        reason === 'aborted' ? 'info' : 'error',
        fields,
        `retry ${policy}: gave up after ${attempts} attempts (${reason})`,
      );
    });
    on(e, 'success', sample.success, ({ attempts }) => {
      write(
        'debug',
        rec('retry-success', 'success', { attempts }),
        `retry ${policy}: succeeded at attempt ${attempts}`,
      );
    });
  }

  for (const [policy, timeout] of resolved.timeouts) {
    on(timeout.events, 'timeout', sample.failure, ({ timeoutMs, strategy }) => {
      const fields = {
        event: { kind: 'event', dataset: 'ballast.timeout', action: 'timeout', outcome: 'failure' },
        ballast: { timeout: { policy, timeout_ms: timeoutMs, strategy } },
      };
      write(
        'warn',
        fields,
        `timeout ${policy}: call timed out after ${timeoutMs} ms (${strategy})`,
      );
    });
  }

  for (const [name, slo] of resolved.slos) {
    const e = (slo as unknown as { events: Emitter<SloEvents> }).events;
    const alert = (action: string, verb: string, end: boolean) => (a: SloEvents['alertStart']) => {
      const { severity, burnRate, longWindowMs, shortWindowMs } = a.alert;
      const fields = {
        event: {
          kind: 'alert',
          dataset: 'ballast.slo',
          action,
          outcome: end ? 'success' : 'failure',
        },
        ballast: {
          slo: {
            name,
            severity,
            burn_rate_threshold: burnRate,
            long_window_ms: longWindowMs,
            short_window_ms: shortWindowMs,
            long_burn_rate: a.longBurnRate,
            short_burn_rate: a.shortBurnRate,
          },
        },
      };
      const level = end ? 'info' : severity === 'page' ? 'error' : 'warn';
      write(
        level,
        fields,
        `SLO ${name}: ${severity} alert ${verb} (burn rate ${round(a.longBurnRate)}x, threshold ${burnRate}x)`,
      );
    };
    on(e, 'alertStart', 1, alert('slo-alert-start', 'started', false));
    on(e, 'alertUpdate', 1, alert('slo-alert-update', 'updated', false));
    on(e, 'alertEnd', 1, alert('slo-alert-end', 'ended', true));
    const budget = (action: string, exhausted: boolean) => (b: SloEvents['budgetExhausted']) => {
      const fields = {
        event: {
          kind: 'event',
          dataset: 'ballast.slo',
          action,
          outcome: exhausted ? 'failure' : 'success',
        },
        ballast: {
          slo: { name, budget_remaining: b.budget.remaining, budget_consumed: b.budget.consumed },
        },
      };
      write(
        exhausted ? 'warn' : 'info',
        fields,
        `SLO ${name}: error budget ${exhausted ? 'exhausted' : 'recovered'}`,
      );
    };
    on(e, 'budgetExhausted', 1, budget('slo-budget-exhausted', true));
    on(e, 'budgetRecovered', 1, budget('slo-budget-recovered', false));
  }

  let active = true;
  return () => {
    if (!active) return;
    active = false;
    for (const off of offs) off();
  };
}

function resolveLogger(logger: unknown): (level: Level, record: Fields, message: string) => void {
  const l = logger as Partial<Record<Level, unknown>> | null;
  if (
    typeof l !== 'object' ||
    l === null ||
    typeof l.info !== 'function' ||
    typeof l.warn !== 'function' ||
    typeof l.error !== 'function'
  ) {
    throw new TypeError(
      `logger must have info, warn and error methods (pino's or console's), got ${show(logger)}`,
    );
  }
  const target = l as EventLogger;
  const debug = typeof l.debug === 'function';
  return (level, record, message) => {
    if (level === 'debug' && debug) target.debug!(record, message);
    else target[level === 'debug' ? 'info' : level](record, message);
  };
}

function resolveRedact(redact: unknown): readonly (readonly string[])[] {
  if (redact === undefined) return [];
  if (!Array.isArray(redact))
    throw new TypeError(`redact must be an array of field paths, got ${show(redact)}`);
  return (redact as unknown[]).map((path, i) => {
    if (typeof path !== 'string' || path.split('.').some((part) => part === '')) {
      throw new TypeError(
        `redact[${i}] must be a dotted field path such as "error.message", got ${show(path)}`,
      );
    }
    return path.split('.');
  });
}

function resolveSample(sample: unknown): { success: number; failure: number; rejected: number } {
  if (sample === undefined) return { success: 1, failure: 1, rejected: 1 };
  assertOptions(sample, 'sample', ['success', 'failure', 'rejected']);
  const rate = (key: string): number => {
    const value = sample[key] ?? 1;
    assertInRange(value, `sample.${key}`, 0, 1, '[]');
    return value;
  };
  return { success: rate('success'), failure: rate('failure'), rejected: rate('rejected') };
}

/** Removes the field at `path`, copying each object on the way so that shared ones stay whole. */
function drop(record: Fields, path: readonly string[]): void {
  let node: Fields = record;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i]!];
    if (typeof next !== 'object' || next === null) return;
    const copy = { ...(next as Fields) };
    node[path[i]!] = copy;
    node = copy;
  }
  delete node[path[path.length - 1]!];
}

/** `event.duration` in nanoseconds, when the duration is known. */
function duration(ms: number): Fields {
  return Number.isFinite(ms) ? { duration: Math.round(ms * 1e6) } : {};
}

/** `error.type`, `error.message` (credentials removed) and a string `error.code`, never more. */
function errorFields(error: unknown): Fields {
  if (error === undefined) return {};
  try {
    if (typeof error === 'object' && error !== null) {
      const e = error as { name?: unknown; message?: unknown; code?: unknown };
      const type = typeof e.name === 'string' && e.name !== '' ? e.name : error.constructor?.name;
      return {
        error: {
          ...(typeof type === 'string' ? { type } : {}),
          ...(typeof e.message === 'string' ? { message: redactText(e.message) } : {}),
          ...(typeof e.code === 'string' ? { code: e.code } : {}),
        },
      };
    }
    const text = typeof error === 'symbol' ? error.toString() : `${error as string | number}`;
    return { error: { type: typeof error, message: redactText(text) } };
  } catch {
    return { error: { message: 'an error that cannot be read' } };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
