import { SLO_METRICS } from '../internal/metric-catalog.js';
import { assertPrometheusPrefix } from './prefix.js';
import { assertName, assertOptions, show } from '../../internal/validate.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const OWN_LABELS = new Set(['slo', 'outcome']);

/**
 * Options of {@link sloSelectors}.
 *
 * @example
 * ```ts
 * const options: SloSelectorsOptions = { prefix: 'shop_', matchers: { job: 'checkout' } };
 * ```
 */
export interface SloSelectorsOptions {
  /**
   * The prefix given to {@link instrumentPrometheus}.
   *
   * @default 'ballast_'
   */
  readonly prefix?: string;
  /**
   * Further label matchers (equality), e.g. `{ job: 'checkout' }` to keep one job's series when
   * several services instrument an SLO of the same name.
   *
   * @default {}
   */
  readonly matchers?: Readonly<Record<string, string>>;
}

/**
 * The PromQL selectors of the SLO event counters that {@link instrumentPrometheus} exports for
 * the SLO labelled `slo`: `total` and `bad`, the fields `toPrometheusRules` needs beside the SLO
 * definition. The rules sum them over every instance, so they measure the SLO across the fleet.
 *
 * @param slo The SLO's label: the tracker's `name`, or its key when `slos` was a record.
 * @throws TypeError for an empty label, a bad prefix or a bad matcher.
 *
 * @example
 * ```ts
 * import { toPrometheusRules } from 'ballast/slo';
 * import { sloSelectors } from 'ballast/adapters/prometheus';
 *
 * const checkout = { name: 'checkout', objective: 0.999 };
 * const yaml = toPrometheusRules([
 *   { slo: checkout, service: 'shop', ...sloSelectors('checkout') },
 * ]);
 * // total: ballast_slo_events_total{slo="checkout"}
 * // bad:   ballast_slo_events_total{slo="checkout",outcome="bad"}
 * ```
 */
export function sloSelectors(
  slo: string,
  options: SloSelectorsOptions = {},
): { total: string; bad: string } {
  assertName(slo, 'slo');
  const given: unknown = options;
  assertOptions(given, 'options', ['prefix', 'matchers']);
  const prefix = options.prefix === undefined ? 'ballast_' : options.prefix;
  assertPrometheusPrefix(prefix, 'prefix');
  const matchers = options.matchers === undefined ? {} : options.matchers;
  if (typeof matchers !== 'object' || matchers === null) {
    throw new TypeError(`matchers must be a record of label values, got ${show(matchers)}`);
  }
  let extra = '';
  for (const [name, value] of Object.entries(matchers)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__') || OWN_LABELS.has(name)) {
      throw new TypeError(`matchers.${name}: not a label name the selectors can match on`);
    }
    if (typeof value !== 'string') {
      throw new TypeError(`matchers.${name} must be a string, got ${typeof value}`);
    }
    extra += `,${name}=${JSON.stringify(value)}`;
  }
  const base = `${prefix}${SLO_METRICS.events.prom}{slo=${JSON.stringify(slo)}${extra}`;
  return { total: `${base}}`, bad: `${base},outcome="bad"}` };
}
