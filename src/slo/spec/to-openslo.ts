import { Document } from 'yaml';
import type { BurnRateAlert } from '../burn-rate-alert.js';
import type { PrometheusSloSpec, SloAlertRule } from '../prometheus-spec.js';
import { resolveSpec } from '../prometheus-spec.js';
import { resolveSloOptions, type SloOptions } from '../slo-options.js';
import { show } from '../../internal/validate.js';
import { SHORT_WINDOW_ANNOTATION } from './openslo-alerts.js';
import { SLO_ANNOTATIONS } from './openslo-spec.js';
import { toShorthand } from './spec-durations.js';

/**
 * What {@link toOpenSlo} writes of an SLO: the options of a tracker, or a tracker itself (its
 * `name`, `objective`, `windowMs`, `alerts`, `latencyThresholdMs` and `minimumEvents`, the
 * latter written only when it is not the default 1).
 *
 * @example
 * ```ts
 * const slo: OpenSloSource = { name: 'availability', objective: 0.999, minimumEvents: 20 };
 * ```
 */
export interface OpenSloSource {
  readonly name: string;
  readonly objective: number;
  readonly windowMs?: number | undefined;
  readonly latencyThresholdMs?: number | undefined;
  readonly alerts?: readonly BurnRateAlert[] | false | undefined;
  readonly minimumEvents?: number | undefined;
}

/**
 * The fleet side that {@link toOpenSlo} writes beside the SLO: a {@link PrometheusSloSpec} without
 * its `slo`, and a description.
 *
 * @example
 * ```ts
 * const fleet: OpenSloFleet = {
 *   service: 'checkout',
 *   total: 'http_requests_total{job="checkout"}',
 *   bad: 'http_requests_total{job="checkout",code=~"5.."}',
 * };
 * ```
 */
export type OpenSloFleet = Omit<PrometheusSloSpec, 'slo'> & {
  /** `spec.description`. */
  readonly description?: string;
};

/**
 * An OpenSLO v1 `SLO` document (YAML) for an SLO: the one {@link parseSloSpec} reads back into the
 * same options and {@link PrometheusSloSpec}. Each alert tier is an inline `AlertPolicy` with one
 * burn-rate `AlertCondition` (a short window other than a twelfth of the long one is kept in the
 * condition's `ballast/short-window` annotation); `minimumEvents`, `latencyThresholdMs` and
 * `alertName`, which OpenSLO has no field for, are annotations of the SLO's metadata.
 *
 * @throws TypeError or RangeError for what OpenSLO cannot hold: alert annotations or names per
 *   severity, the budget-exhausted alert, a disabled severity that still has tiers, durations that
 *   are not whole minutes.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { toOpenSlo } from 'ballast/slo-spec';
 *
 * writeFileSync(
 *   'checkout.yaml',
 *   toOpenSlo(
 *     { name: 'availability', objective: 0.999 },
 *     { service: 'checkout', total: 'requests_total', bad: 'requests_failed_total' },
 *   ),
 * );
 * ```
 */
export function toOpenSlo(slo: OpenSloSource, fleet: OpenSloFleet): string {
  if (typeof slo !== 'object' || slo === null) {
    throw new TypeError(`slo must be SloOptions or an SloTracker, got ${show(slo)}`);
  }
  const options: SloOptions = {
    name: slo.name,
    objective: slo.objective,
    ...(slo.windowMs === undefined ? {} : { windowMs: slo.windowMs }),
    ...(slo.latencyThresholdMs === undefined ? {} : { latencyThresholdMs: slo.latencyThresholdMs }),
    ...(slo.alerts === undefined ? {} : { alerts: slo.alerts }),
    ...(slo.minimumEvents === undefined || (isTracker(slo) && slo.minimumEvents === 1)
      ? {}
      : { minimumEvents: slo.minimumEvents }),
  };
  const resolved = resolveSloOptions(options, 'slo');
  if (typeof fleet !== 'object' || fleet === null) {
    throw new TypeError(`fleet must be an OpenSloFleet object, got ${show(fleet)}`);
  }
  const { description, ...rest } = fleet;
  if (description !== undefined && (typeof description !== 'string' || description === '')) {
    throw new TypeError(`fleet.description must be a non-empty string, got ${show(description)}`);
  }
  const spec = resolveSpec({ ...rest, slo: options }, 'fleet');
  const { alerting } = fleet;
  if (alerting?.budgetExhausted) {
    throw new TypeError('fleet.alerting.budgetExhausted cannot be written in OpenSLO v1');
  }
  if (alerting?.absent !== undefined && alerting.absent !== false) {
    if (Object.keys(alerting.absent).length > 0) {
      throw new TypeError(
        'fleet.alerting.absent: OpenSLO v1 holds only whether it is on (alertWhenNoData): pass {}',
      );
    }
    if (resolved.alerts.length === 0) {
      throw new TypeError(
        'fleet.alerting.absent needs an alert tier in OpenSLO v1 (alertWhenNoData is a policy setting)',
      );
    }
  }
  const annotations: Record<string, string> = {};
  if (options.minimumEvents !== undefined) {
    annotations[SLO_ANNOTATIONS.minimumEvents] = String(options.minimumEvents);
  }
  if (options.latencyThresholdMs !== undefined) {
    if (!Number.isSafeInteger(options.latencyThresholdMs)) {
      throw new RangeError(
        `slo.latencyThresholdMs must be a whole number of milliseconds for OpenSLO, got ${options.latencyThresholdMs}`,
      );
    }
    annotations[SLO_ANNOTATIONS.latencyThresholdMs] = String(options.latencyThresholdMs);
  }
  if (fleet.alertName !== undefined) annotations[SLO_ANNOTATIONS.alertName] = fleet.alertName;
  const metadata = {
    name: options.name,
    ...(fleet.labels === undefined || Object.keys(fleet.labels).length === 0
      ? {}
      : { labels: { ...fleet.labels } }),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  const query = (text: string) => ({
    metricSource: { type: 'Prometheus', spec: { query: text } },
  });
  const { sli } = spec;
  const templates = sli.form === 'queries';
  const ratioMetric = {
    ...(templates ? {} : { counter: true }),
    ...(sli.good === undefined ? {} : { good: query(sli.good) }),
    ...(sli.bad === undefined ? {} : { bad: query(sli.bad) }),
    total: query(sli.total),
  };
  const document = {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata,
    spec: {
      ...(description === undefined ? {} : { description }),
      service: fleet.service,
      indicator: { spec: { ratioMetric } },
      timeWindow: [{ duration: minutes(resolved.periodMs, 'slo.windowMs'), isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ target: options.objective }],
      ...(options.alerts === undefined
        ? {}
        : { alertPolicies: policies(options.name, resolved.alerts, fleet) }),
    },
  };
  return new Document(document).toString({ lineWidth: 0 });
}

function policies(name: string, alerts: readonly BurnRateAlert[], fleet: OpenSloFleet): unknown[] {
  const alerting = fleet.alerting ?? {};
  const counts = { page: 0, ticket: 0 };
  let noData = alerting.absent !== undefined && alerting.absent !== false;
  return alerts.map((alert, index) => {
    const path = `fleet.alerting.${alert.severity}`;
    const rule: SloAlertRule | false = alerting[alert.severity] ?? {};
    if (rule === false) {
      throw new TypeError(
        `${path} is false but slo.alerts[${index}] is a ${alert.severity} tier: OpenSLO v1 cannot ` +
          'hold a tier without its alert (leave the tier out of alerts instead)',
      );
    }
    if (rule.name !== undefined || rule.annotations !== undefined) {
      throw new TypeError(
        `${path}: OpenSLO v1 has no place for an alert's name or annotations (give fleet.alertName)`,
      );
    }
    const id = `${name}-${alert.severity}-${++counts[alert.severity]}`;
    const short =
      alert.shortWindowMs === alert.longWindowMs / 12
        ? undefined
        : (toShorthand(alert.shortWindowMs, true) ??
          fail(`slo.alerts[${index}].shortWindowMs`, alert.shortWindowMs, 'milliseconds'));
    const condition = {
      kind: 'AlertCondition',
      metadata: {
        name: id,
        ...(short === undefined ? {} : { annotations: { [SHORT_WINDOW_ANNOTATION]: short } }),
      },
      spec: {
        severity: alert.severity,
        condition: {
          kind: 'burnrate',
          op: 'gte',
          threshold: alert.burnRate,
          lookbackWindow: minutes(alert.longWindowMs, `slo.alerts[${index}].longWindowMs`),
          ...(rule.forMs === undefined || rule.forMs === 0
            ? {}
            : { alertAfter: minutes(rule.forMs, `${path}.forMs`) }),
        },
      },
    };
    const policy = {
      kind: 'AlertPolicy',
      metadata: {
        name: id,
        ...(rule.labels === undefined || Object.keys(rule.labels).length === 0
          ? {}
          : { labels: { ...rule.labels } }),
      },
      spec: {
        alertWhenBreaching: true,
        ...(noData ? { alertWhenNoData: true } : {}),
        conditions: [condition],
      },
    };
    noData = false;
    return policy;
  });
}

function minutes(ms: number, path: string): string {
  return toShorthand(ms) ?? fail(path, ms, 'minutes');
}

function fail(path: string, ms: number, unit: string): never {
  throw new RangeError(`${path} must be a whole number of ${unit} for OpenSLO v1, got ${ms}`);
}

/**
 * Whether `slo` is a tracker rather than options: a tracker always has a `minimumEvents`, 1 when
 * none was given, which is not worth an annotation.
 */
function isTracker(slo: OpenSloSource): boolean {
  return typeof (slo as { readonly totals?: unknown }).totals === 'function';
}
