import type { Incident, IncidentScore, StrategyResult } from './backtest-result.js';
import type { RecordedTraffic } from './recorded-traffic.js';
import type { ReplayedAlert } from './replay-strategy.js';

/**
 * Scores one strategy's alerts against the incidents, as the SRE workbook compares strategies:
 * - an incident is detected when an alert is firing at some time within it; its detection time
 *   runs from its start to the first such alert's start (0 if that alert began earlier);
 * - an alert belongs to the first incident it overlaps, counting `graceMs` after each incident's
 *   end (an alert still firing, or starting, just after an incident is its tail, not a false
 *   alarm); an alert that belongs to none is a false alarm;
 * - reset time runs from an incident's end to the end of the last alert overlapping it or its
 *   grace period (the recording's end for an alert still firing then), at least 0;
 * - the budget spent before the alert is the incident's bad calls in the steps that ended by the
 *   first alert, over `budget`, the period's budget; all the incident's when missed.
 *
 * @internal
 */
export function scoreStrategy(
  name: string,
  replayed: readonly ReplayedAlert[],
  incidents: readonly Incident[],
  traffic: RecordedTraffic,
  budget: number,
  graceMs: number,
): StrategyResult {
  const endMs = traffic.fromMs + traffic.good.length * traffic.stepMs;
  const endOf = (alert: ReplayedAlert) => alert.toMs ?? endMs;
  const overlaps = (alert: ReplayedAlert, fromMs: number, toMs: number) =>
    alert.fromMs < toMs && endOf(alert) > fromMs;
  const alerts = replayed.map((alert) => ({
    ...alert,
    incident: incidents.find((i) => overlaps(alert, i.fromMs, (i.toMs ?? endMs) + graceMs))?.id,
  }));
  const scores: IncidentScore[] = incidents.map((incident) => {
    const toMs = incident.toMs ?? endMs;
    const first = alerts.find((alert) => overlaps(alert, incident.fromMs, toMs));
    if (first === undefined) {
      return {
        incident: incident.id,
        detectionMs: undefined,
        resetMs: undefined,
        budgetSpentBeforeAlert: badBetween(traffic, incident.fromMs, toMs) / budget,
      };
    }
    const tail = alerts.filter((alert) => overlaps(alert, incident.fromMs, toMs + graceMs));
    const lastEnd = Math.max(...tail.map(endOf));
    const alertAt = Math.max(first.fromMs, incident.fromMs);
    return {
      incident: incident.id,
      detectionMs: alertAt - incident.fromMs,
      resetMs: Math.max(0, lastEnd - toMs),
      budgetSpentBeforeAlert: badBetween(traffic, incident.fromMs, alertAt) / budget,
    };
  });
  const detected = scores.filter((score) => score.detectionMs !== undefined).length;
  return {
    name,
    detected,
    missed: incidents.length - detected,
    falseAlarms: alerts.filter((alert) => alert.incident === undefined).length,
    alerts,
    incidents: scores,
  };
}

/** Bad calls in the steps that start at or after `fromMs` and end by `toMs`. */
function badBetween(traffic: RecordedTraffic, fromMs: number, toMs: number): number {
  const first = Math.ceil((fromMs - traffic.fromMs) / traffic.stepMs);
  const end = Math.floor((toMs - traffic.fromMs) / traffic.stepMs);
  let bad = 0;
  for (let i = Math.max(0, first); i < Math.min(end, traffic.bad.length); i++)
    bad += traffic.bad[i]!;
  return bad;
}
