// The alerting block of a PrometheusSloSpec: which alerts the rules hold, and the name, labels,
// annotations and `for:` of each.
import { assertOptions, show } from '../internal/validate.js';
import { promDuration } from './durations.js';
import type { ResolvedSloOptions } from './slo-options.js';

/** One alert to write. @internal */
export interface ResolvedAlert {
  readonly name: string;
  /** The spec's labels for this alert, over the rules' own. */
  readonly labels: Readonly<Record<string, string>>;
  /** The spec's annotations for this alert, over the rules' own. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The `for:` duration, or undefined for none. */
  readonly for: string | undefined;
}

/** The alerts to write; `undefined` leaves one out. @internal */
export interface ResolvedAlerting {
  readonly page: ResolvedAlert | undefined;
  readonly ticket: ResolvedAlert | undefined;
  readonly absent: ResolvedAlert | undefined;
  readonly budgetExhausted: ResolvedAlert | undefined;
}

type AlertKind = keyof ResolvedAlerting;

const KINDS: readonly AlertKind[] = ['page', 'ticket', 'absent', 'budgetExhausted'];
const RULE_KEYS = ['name', 'labels', 'annotations', 'forMs'];
const ENABLED_BY_DEFAULT: readonly AlertKind[] = ['page', 'ticket'];

/** The alert names of the opt-in alerts. */
const DEFAULT_NAMES: Readonly<Record<'absent' | 'budgetExhausted', string>> = {
  absent: 'SloDataAbsent',
  budgetExhausted: 'SloErrorBudgetExhausted',
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** The longest `for:` Prometheus holds: its durations are int64 nanoseconds. */
const MAX_FOR_MS = 9_223_372_036_854;
const MINUTE_MS = 60_000;

/**
 * Checks `alerting` (at `path`) and applies its defaults: the page and ticket alerts named
 * `alertName`, no absent or exhausted alert.
 *
 * @internal
 */
export function resolveAlerting(
  alerting: unknown,
  path: string,
  alertName: string,
  slo: ResolvedSloOptions,
): ResolvedAlerting {
  if (alerting !== undefined) assertOptions(alerting, path, KINDS);
  const given: Readonly<Record<string, unknown>> = alerting ?? {};
  const resolve = (kind: AlertKind): ResolvedAlert | undefined => {
    const rule = given[kind] ?? (ENABLED_BY_DEFAULT.includes(kind) ? {} : false);
    if (rule === false) return undefined;
    const at = `${path}.${kind}`;
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
      throw new TypeError(
        `${at} must be an SloAlertRule object (such as {}) or false, got ${show(rule)}`,
      );
    }
    assertOptions(rule, at, RULE_KEYS);
    const name =
      rule['name'] ?? (kind === 'page' || kind === 'ticket' ? alertName : DEFAULT_NAMES[kind]);
    if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
      throw new TypeError(`${at}.name must be a Prometheus name, got ${show(name)}`);
    }
    const forMs = rule['forMs'] ?? (kind === 'absent' ? absentForMs(slo) : 0);
    if (typeof forMs !== 'number' || !Number.isInteger(forMs) || forMs < 0 || forMs > MAX_FOR_MS) {
      throw new RangeError(
        `${at}.forMs must be a whole number of milliseconds from 0 to ${MAX_FOR_MS}, got ${show(forMs)}`,
      );
    }
    return {
      name,
      labels: labelsOf(rule['labels'], `${at}.labels`, alertReserved),
      annotations: annotationsOf(rule['annotations'], `${at}.annotations`),
      for: forMs === 0 ? undefined : promDuration(forMs),
    };
  };
  return {
    page: resolve('page'),
    ticket: resolve('ticket'),
    absent: resolve('absent'),
    budgetExhausted: resolve('budgetExhausted'),
  };
}

/**
 * How long the fastest tier takes to fire when every event is bad (its long window must fill to
 * its threshold), rounded up to a minute, at least one: Pyrra's wait for its absent alert. Data
 * that goes missing then pages no sooner than a total outage would, and a target that restarts
 * within it pages no one.
 */
function absentForMs(slo: ResolvedSloOptions): number {
  let fastest = 0;
  slo.alerts.forEach((tier, i) => {
    const ms = tier.burnRate * slo.errorBudget * tier.longWindowMs;
    if (i === 0 || ms < fastest) fastest = ms;
  });
  // The tolerance keeps 14.4 * 0.001 * 1 h = 51 840.000000000001 ms from rounding up a minute.
  return Math.max(MINUTE_MS, Math.ceil(fastest / MINUTE_MS - 1e-9) * MINUTE_MS);
}

/** The labels the rules set themselves on the alerts. */
function alertReserved(name: string): boolean {
  return name.startsWith('sloth_') || name === 'alertname';
}

/** The labels the rules set themselves on every rule. @internal */
export function specReserved(name: string): boolean {
  return alertReserved(name) || name === 'severity';
}

/**
 * Checks a labels object (at `path`): valid label names that the rules do not set themselves,
 * string values.
 *
 * @internal
 */
export function labelsOf(
  given: unknown,
  path: string,
  reserved: (name: string) => boolean,
): Readonly<Record<string, string>> {
  return entriesOf(given, path, (name, where) => {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new TypeError(`${where}: not a valid Prometheus label name`);
    }
    if (reserved(name)) throw new TypeError(`${where}: the rules set this label themselves`);
  });
}

function annotationsOf(given: unknown, path: string): Readonly<Record<string, string>> {
  return entriesOf(given, path, (name, where) => {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new TypeError(`${where}: not a valid annotation name`);
    }
  });
}

function entriesOf(
  given: unknown,
  path: string,
  checkName: (name: string, where: string) => void,
): Readonly<Record<string, string>> {
  if (given === undefined) return {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new TypeError(`${path} must be an object of strings, got ${show(given)}`);
  }
  const entries: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const where = `${path}.${name}`;
    checkName(name, where);
    if (typeof value !== 'string')
      throw new TypeError(`${where} must be a string, got ${show(value)}`);
    entries[name] = value;
  }
  return entries;
}
