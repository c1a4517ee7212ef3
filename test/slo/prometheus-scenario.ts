// A synthetic traffic series, fed minute by minute to in-process trackers and written as counter
// series for `promtool test rules`, so that tests can expect of Prometheus what the trackers did.

import { SloTracker, type SloOptions } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

export const MINUTE = 60_000;

export interface Scenario {
  readonly minutes: number;
  readonly perMinute: number;
  /** Bad events among the minute's `perMinute`. */
  readonly badIn: (minute: number) => number;
}

/** What the trackers show just before an even minute, when their buckets cover what Prometheus reads. */
export interface TrackerState {
  readonly minute: number;
  /** `slo/severity` of every firing alert. */
  readonly alerts: readonly string[];
  /** The names of the trackers whose budget is exhausted (`budgetExhausted` fired last). */
  readonly exhausted: readonly string[];
}

/**
 * Feeds one tracker per options object (each minute's events in the middle of the minute) and
 * reads them all just before each even minute.
 */
export async function trackerStates(
  scenario: Scenario,
  options: readonly SloOptions[],
): Promise<TrackerState[]> {
  const clock = new VirtualClock();
  const trackers = options.map((o) => new SloTracker({ ...o, clock }));
  const exhausted = new Set<string>();
  for (const slo of trackers) {
    slo.events.on('budgetExhausted', () => exhausted.add(slo.name));
    slo.events.on('budgetRecovered', () => exhausted.delete(slo.name));
  }
  const states: TrackerState[] = [];
  for (let minute = 1; minute <= scenario.minutes; minute++) {
    await clock.advance(minute * MINUTE - MINUTE / 2 - clock.now());
    const bad = scenario.badIn(minute);
    for (const slo of trackers) {
      slo.record(true, scenario.perMinute - bad);
      if (bad > 0) slo.record(false, bad);
    }
    if (minute % 2 !== 0) continue;
    await clock.advance(minute * MINUTE - 1 - clock.now());
    states.push({
      minute,
      alerts: trackers.flatMap((slo) =>
        slo.activeAlerts().map(({ alert }) => `${slo.name}/${alert.severity}`),
      ),
      exhausted: trackers.filter((slo) => exhausted.has(slo.name)).map((slo) => slo.name),
    });
  }
  for (const slo of trackers) slo.close();
  return states;
}

/** `requests_total` and `requests_good_total`, one sample a minute from minute 0. */
export function counterSeries(scenario: Scenario): string[] {
  let total = 0;
  let good = 0;
  const totals = [0];
  const goods = [0];
  for (let minute = 1; minute <= scenario.minutes; minute++) {
    total += scenario.perMinute;
    good += scenario.perMinute - scenario.badIn(minute);
    totals.push(total);
    goods.push(good);
  }
  return [
    `      - series: 'requests_total'`,
    `        values: '${totals.join(' ')}'`,
    `      - series: 'requests_good_total'`,
    `        values: '${goods.join(' ')}'`,
  ];
}

/** An expected alert of `promtool test rules`: all its labels and annotations, as promtool wants. */
export interface ExpectedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One `alert_rule_test` case: exactly `alerts` of `alertname` fire at `minute`. */
export function alertCase(
  minute: number,
  alertname: string,
  alerts: readonly ExpectedAlert[],
): string[] {
  const lines = [`      - eval_time: ${minute}m`, `        alertname: ${alertname}`];
  if (alerts.length === 0) return [...lines, '        exp_alerts: []'];
  lines.push('        exp_alerts:');
  for (const { labels, annotations } of alerts) {
    lines.push('          - exp_labels:');
    for (const [name, value] of Object.entries(labels)) {
      lines.push(`              ${name}: ${JSON.stringify(value)}`);
    }
    lines.push('            exp_annotations:');
    for (const [name, value] of Object.entries(annotations)) {
      lines.push(`              ${name}: ${JSON.stringify(value)}`);
    }
  }
  return lines;
}

/** A burn-rate alert of `severity`, as the rules write it by default, for service `shop`. */
export function burnAlert(slo: string, severity: string): ExpectedAlert {
  return {
    labels: {
      sloth_id: `shop-${slo}`,
      sloth_service: 'shop',
      sloth_slo: slo,
      severity,
      sloth_severity: severity,
    },
    annotations: {
      title: `(${severity}) shop ${slo} SLO error budget burn rate is too fast.`,
      summary: `shop ${slo} SLO error budget burn rate is over expected.`,
    },
  };
}
