import type { Clock } from '../clock/index.js';
import {
  assertClock,
  assertInRange,
  assertInteger,
  assertName,
  assertOptions,
  assertPositive,
  show,
} from '../internal/validate.js';
import { defaultBurnRateAlerts, type BurnRateAlert } from './burn-rate-alert.js';
import { humanDuration } from './durations.js';
import { BURN_RATE_TOLERANCE, budgetFractionOf, type BudgetFraction } from './error-budget.js';
import type { SloSnapshot } from './slo-snapshot.js';
import { bucketMsFor } from './slo-windows.js';

/** 30 days: the default period. */
const DEFAULT_PERIOD_MS = 30 * 86_400_000;

/**
 * Options for {@link SloTracker}.
 *
 * @example
 * ```ts
 * const options: SloOptions = {
 *   name: 'checkout-availability',
 *   objective: 0.999,
 *   latencyThresholdMs: 300,
 *   minimumEvents: 20,
 * };
 * ```
 */
export interface SloOptions {
  /** The SLO's name: carried by its alerts and snapshots. A non-empty string. */
  readonly name: string;
  /** The share of good events to meet, strictly between 0 and 1: `0.999` is "three nines". */
  readonly objective: number;
  /**
   * The rolling compliance period: the error budget is `1 - objective` of the events in it.
   *
   * @default 30 days (2 592 000 000 ms)
   */
  readonly windowMs?: number;
  /**
   * When set, a successful call slower than this (in {@link SloTracker.recordCall} and
   * {@link SloTracker.observe}) is a bad event: the SLO covers latency as well as availability.
   *
   * @default undefined (any successful call is good)
   */
  readonly latencyThresholdMs?: number;
  /**
   * The burn-rate alert tiers, or `false` for none. Every window must fit in `windowMs`.
   *
   * @default {@link defaultBurnRateAlerts}
   */
  readonly alerts?: readonly BurnRateAlert[] | false;
  /**
   * The low-traffic guard: a tier fires only when each of its two windows holds at least this
   * many events, so that one failure among a handful of calls does not page anyone.
   *
   * @default 1 (no guard beyond needing an event)
   */
  readonly minimumEvents?: number;
  /** @default systemClock */
  readonly clock?: Clock;
  /** A {@link SloTracker.snapshot} to start from, taken with the same `windowMs`. */
  readonly initialState?: SloSnapshot;
}

/** Validated options with their defaults applied. @internal */
export interface ResolvedSloOptions {
  readonly name: string;
  readonly objective: number;
  readonly errorBudget: number;
  /** `errorBudget` as an exact fraction, for burn rates with one rounding. */
  readonly budget: BudgetFraction;
  readonly periodMs: number;
  readonly latencyThresholdMs: number;
  readonly alerts: readonly BurnRateAlert[];
  readonly minimumEvents: number;
  readonly warnings: readonly string[];
}

/** Every key of {@link SloOptions}, for the unknown-key check. */
const SLO_OPTION_KEYS: readonly (keyof SloOptions)[] = [
  'name',
  'objective',
  'windowMs',
  'latencyThresholdMs',
  'alerts',
  'minimumEvents',
  'clock',
  'initialState',
];

/** Names other SLO tools use for these options. */
const SLO_OPTION_HINTS: Readonly<Record<string, string>> = {
  target: 'ballast calls it "objective"',
  period: 'ballast calls it "windowMs"',
};

/** Every key of {@link BurnRateAlert}. */
const ALERT_KEYS: readonly (keyof BurnRateAlert)[] = [
  'severity',
  'burnRate',
  'longWindowMs',
  'shortWindowMs',
];

/**
 * Checks every option, naming the one at fault, and lists the configurations that are legal but
 * cannot work as intended.
 *
 * @param path - where the options sit, for messages: `'options'` for a tracker's own (options are
 *   named bare, `objective`), or a nested path such as `'slos[0].slo'` (`slos[0].slo.objective`).
 * @internal
 */
export function resolveSloOptions(options: SloOptions, path = 'options'): ResolvedSloOptions {
  assertOptions(options, path, SLO_OPTION_KEYS, SLO_OPTION_HINTS);
  const at = path === 'options' ? '' : `${path}.`;
  const { name, objective } = options;
  assertName(name, `${at}name`);
  assertInRange(objective, `${at}objective`, 0, 1, '()');
  const periodMs = options.windowMs ?? DEFAULT_PERIOD_MS;
  assertPositive(periodMs, `${at}windowMs`);
  if (options.latencyThresholdMs !== undefined) {
    assertPositive(options.latencyThresholdMs, `${at}latencyThresholdMs`);
  }
  const minimumEvents = options.minimumEvents ?? 1;
  assertInteger(minimumEvents, `${at}minimumEvents`, 1);
  assertClock(options.clock, `${at}clock`);
  const budget = budgetFractionOf(objective);
  const errorBudget = budget.units / budget.scale;
  const alerts = resolveAlerts(options.alerts, periodMs, at);
  return {
    name,
    objective,
    errorBudget,
    budget,
    periodMs,
    latencyThresholdMs: options.latencyThresholdMs ?? Number.POSITIVE_INFINITY,
    alerts,
    minimumEvents,
    warnings: Object.freeze(warningsFor(alerts, objective, errorBudget, periodMs)),
  };
}

function resolveAlerts(
  alerts: readonly BurnRateAlert[] | false | undefined,
  periodMs: number,
  at: string,
): readonly BurnRateAlert[] {
  if (alerts === false) return Object.freeze([]);
  const given = alerts !== undefined;
  if (given && !Array.isArray(alerts)) {
    throw new TypeError(
      `${at}alerts must be an array of BurnRateAlert or false, got ${show(alerts)}`,
    );
  }
  const hint = given
    ? ''
    : ' (the default alerts need a period of at least 3 days: pass alerts for a shorter ' +
      'windowMs, or alerts: false)';
  const list: readonly BurnRateAlert[] = alerts ?? defaultBurnRateAlerts;
  const resolved = list.map((alert, index) => {
    const path = `${at}alerts[${index}]`;
    if (typeof alert !== 'object' || alert === null || Array.isArray(alert)) {
      throw new TypeError(`${path} must be a BurnRateAlert object, got ${show(alert)}`);
    }
    assertOptions(alert, path, ALERT_KEYS);
    const { severity, burnRate, longWindowMs, shortWindowMs } = alert;
    if (severity !== 'page' && severity !== 'ticket') {
      throw new TypeError(`${path}.severity must be 'page' or 'ticket', got ${show(severity)}`);
    }
    assertPositive(burnRate, `${path}.burnRate`);
    assertPositive(longWindowMs, `${path}.longWindowMs`);
    assertPositive(shortWindowMs, `${path}.shortWindowMs`);
    if (longWindowMs > periodMs) {
      throw new RangeError(
        `${path}.longWindowMs must be at most ${at}windowMs (${periodMs}), got ${longWindowMs}${hint}`,
      );
    }
    if (shortWindowMs >= longWindowMs) {
      throw new RangeError(
        `${path}.shortWindowMs must be less than longWindowMs (${longWindowMs}), got ${shortWindowMs}`,
      );
    }
    // A frozen tier (such as the defaults) cannot change under us: keep it, so that callers can
    // compare an ActiveAlert's tier with their own by identity.
    return Object.isFrozen(alert)
      ? alert
      : Object.freeze({ severity, burnRate, longWindowMs, shortWindowMs });
  });
  return Object.freeze(resolved);
}

/** A window read in buckets wider than this share of it is too coarse to trust. */
const COARSEST_RESOLUTION = 0.1;

function warningsFor(
  alerts: readonly BurnRateAlert[],
  objective: number,
  errorBudget: number,
  periodMs: number,
): string[] {
  const warnings: string[] = [];
  const ceiling = 1 / errorBudget;
  alerts.forEach((alert, index) => {
    const label =
      `alerts[${index}] (${alert.severity}, ${alert.burnRate}x over ` +
      `${humanDuration(alert.longWindowMs)} and ${humanDuration(alert.shortWindowMs)})`;
    if (alert.burnRate > ceiling * (1 + BURN_RATE_TOLERANCE)) {
      warnings.push(
        `${label} can never fire: at objective ${objective}, even 100 % errors burn the budget ` +
          `at only ${round(ceiling)}x`,
      );
    }
    for (const windowMs of [alert.shortWindowMs, alert.longWindowMs]) {
      const bucketMs = bucketMsFor(windowMs, periodMs);
      if (bucketMs > windowMs * COARSEST_RESOLUTION) {
        warnings.push(
          `${label}: its ${humanDuration(windowMs)} window is read in buckets of ` +
            `${round(bucketMs)} ms, ${round((100 * bucketMs) / windowMs)} % of it; reads are ` +
            'exact only to one bucket, so use longer windows or a shorter windowMs',
        );
      }
    }
  });
  return warnings;
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}
