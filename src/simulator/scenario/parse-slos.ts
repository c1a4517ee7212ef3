import {
  assertInRange,
  assertName,
  assertOptions,
  assertPositive,
  show,
} from '../../internal/validate.js';
import { SloTracker, defaultBurnRateAlerts, type BurnRateAlert } from '../../slo/index.js';
import { VirtualClock } from '../../testing/index.js';
import { parseDuration } from './parse-duration.js';
import type { SloSpec } from './scenario.js';

const DAY_MS = 86_400_000;
const DEFAULT_LONGEST = Math.max(...defaultBurnRateAlerts.map((alert) => alert.longWindowMs));

/** The tracker's option names, as a scenario spells them. */
const SCENARIO_NAMES: readonly (readonly [RegExp, string])[] = [
  [/\bwindowMs\b/g, 'period'],
  [/\blatencyThresholdMs\b/g, 'latencyThreshold'],
  [/\blongWindowMs\b/g, 'longWindow'],
  [/\bshortWindowMs\b/g, 'shortWindow'],
];

/**
 * The `slos` of a scenario, each checked field by field under its own names (`period`,
 * `alerts[0].longWindow`), then by building its {@link SloTracker} once.
 *
 * @internal
 */
export function parseSlos(value: unknown): SloSpec[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RangeError(`slos must be a list of at least one SLO, got ${show(value)}`);
  }
  const names = new Set<string>();
  return value.map((slo: unknown, index) => {
    const at = `slos[${index}]`;
    assertOptions(slo, at, ['name', 'objective', 'latencyThreshold', 'period', 'alerts']);
    assertName(slo['name'], `${at}.name`);
    // Two SLOs of one name would share one row of the report.
    if (names.has(slo['name']))
      throw new RangeError(`${at}.name must be unique, got ${show(slo['name'])} twice`);
    names.add(slo['name']);
    assertInRange(slo['objective'], `${at}.objective`, 0, 1, '()');
    const periodMs =
      slo['period'] === undefined
        ? 30 * DAY_MS
        : parseDuration(slo['period'], `${at}.period`, true);
    const spec: SloSpec = {
      name: slo['name'],
      objective: slo['objective'],
      periodMs,
      ...(slo['latencyThreshold'] === undefined
        ? {}
        : {
            latencyThresholdMs: parseDuration(
              slo['latencyThreshold'],
              `${at}.latencyThreshold`,
              true,
            ),
          }),
      ...(slo['alerts'] === undefined
        ? {}
        : { alerts: parseAlerts(slo['alerts'], `${at}.alerts`, periodMs) }),
    };
    if (spec.alerts === undefined && periodMs < DEFAULT_LONGEST) {
      throw new RangeError(
        `${at}.period must be at least ${DEFAULT_LONGEST / DAY_MS}d for the default alerts, got ${show(slo['period'])} (give alerts whose longWindow fits the period, or alerts: false)`,
      );
    }
    try {
      new SloTracker({ ...sloOptions(spec), clock: new VirtualClock() }).close();
    } catch (error) {
      if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
      const message = SCENARIO_NAMES.reduce(
        (text, [name, scenario]) => text.replace(name, scenario),
        error.message,
      );
      throw new (error instanceof RangeError ? RangeError : TypeError)(`${at}: ${message}`, {
        cause: error,
      });
    }
    return spec;
  });
}

/** `false` (no alerts) or a list of tiers, each window within the period. */
function parseAlerts(value: unknown, path: string, periodMs: number): BurnRateAlert[] | false {
  if (value === false) return false;
  if (!Array.isArray(value))
    throw new TypeError(`${path} must be a list or false, got ${show(value)}`);
  return value.map((alert: unknown, index) => {
    const at = `${path}[${index}]`;
    assertOptions(alert, at, ['severity', 'burnRate', 'longWindow', 'shortWindow']);
    const severity = alert['severity'];
    if (severity !== 'page' && severity !== 'ticket') {
      throw new TypeError(`${at}.severity must be page or ticket, got ${show(severity)}`);
    }
    assertPositive(alert['burnRate'], `${at}.burnRate`);
    const longWindowMs = parseDuration(alert['longWindow'], `${at}.longWindow`, true);
    const shortWindowMs = parseDuration(alert['shortWindow'], `${at}.shortWindow`, true);
    if (longWindowMs > periodMs) {
      throw new RangeError(
        `${at}.longWindow must be at most the SLO's period (${periodMs} ms), got ${show(alert['longWindow'])}`,
      );
    }
    if (shortWindowMs >= longWindowMs) {
      throw new RangeError(
        `${at}.shortWindow must be shorter than longWindow (${show(alert['longWindow'])}), got ${show(alert['shortWindow'])}`,
      );
    }
    return { severity, burnRate: alert['burnRate'], longWindowMs, shortWindowMs };
  });
}

/**
 * The {@link SloTracker} options of an SLO of a scenario, without the clock.
 *
 * @internal
 */
export function sloOptions(spec: SloSpec): ConstructorParameters<typeof SloTracker>[0] {
  return {
    name: spec.name,
    objective: spec.objective,
    windowMs: spec.periodMs,
    ...(spec.latencyThresholdMs === undefined
      ? {}
      : { latencyThresholdMs: spec.latencyThresholdMs }),
    ...(spec.alerts === undefined ? {} : { alerts: spec.alerts }),
  };
}
