import { SloTracker, type SloOptions } from '../../slo/index.js';
import type { AlertStrategy } from './alert-strategy.js';
import type { RecordedTraffic } from './recorded-traffic.js';
import { ReplayClock } from './replay-clock.js';

/** An alert as the replay saw it: open (`toMs` undefined) when still firing at the end. @internal */
export interface ReplayedAlert {
  readonly fromMs: number;
  readonly toMs: number | undefined;
  readonly severity: string;
  readonly burnRate: number;
}

/** The SLO a replay tracks: the tracker's options without alerts, clock or state. @internal */
export type ReplaySlo = Pick<SloOptions, 'name' | 'objective' | 'windowMs' | 'minimumEvents'>;

/**
 * Replays `traffic` into a fresh {@link SloTracker} on a {@link ReplayClock} and returns the
 * alerts `strategy` raised. Each step's calls are recorded at the step's end (when all of them
 * have been seen); between records, time moves in ticks of at most `evaluationMs`, so the
 * tracker's own timers (its housekeeping evaluates at least every 30 s) fire as they would live,
 * and a threshold strategy is read at every tick.
 *
 * @internal
 */
export function replayStrategy(
  traffic: RecordedTraffic,
  strategy: AlertStrategy,
  slo: ReplaySlo,
  evaluationMs: number,
): ReplayedAlert[] {
  const clock = new ReplayClock(traffic.fromMs);
  const tiers = strategy.kind === 'tiers';
  const tracker = new SloTracker({ ...slo, alerts: tiers ? strategy.alerts : false, clock });
  const alerts: ReplayedAlert[] = [];
  // Per severity, the alert firing now: a tier strategy's severities are independent alerts.
  const open = new Map<string, { fromMs: number; burnRate: number }>();
  const close = (severity: string) => {
    const alert = open.get(severity);
    if (alert === undefined) return;
    open.delete(severity);
    alerts.push({ ...alert, toMs: clock.now(), severity });
  };
  if (tiers) {
    tracker.events.on('alertStart', (a) =>
      open.set(a.alert.severity, { fromMs: a.since, burnRate: a.alert.burnRate }),
    );
    // A faster tier taking over (6x to 14.4x) shows as the alert's highest tier.
    tracker.events.on('alertUpdate', (a) => {
      const alert = open.get(a.alert.severity);
      if (alert !== undefined) alert.burnRate = Math.max(alert.burnRate, a.alert.burnRate);
    });
    tracker.events.on('alertEnd', (a) => close(a.alert.severity));
  }
  const evaluateThreshold = () => {
    if (strategy.kind !== 'threshold') return;
    const firing = tracker.burnRate(strategy.windowMs) >= strategy.burnRate * (1 - 1e-9);
    if (firing && !open.has(strategy.severity)) {
      open.set(strategy.severity, { fromMs: clock.now(), burnRate: strategy.burnRate });
    } else if (!firing) close(strategy.severity);
  };
  const { stepMs } = traffic;
  const ticks = Math.max(1, Math.ceil(stepMs / evaluationMs));
  for (let i = 0; i < traffic.good.length; i++) {
    const start = traffic.fromMs + i * stepMs;
    for (let tick = 1; tick <= ticks; tick++) {
      clock.advanceTo(start + Math.round((stepMs * tick) / ticks));
      if (tick === ticks) {
        tracker.record(true, traffic.good[i]);
        tracker.record(false, traffic.bad[i]);
      }
      evaluateThreshold();
    }
  }
  tracker.close();
  for (const [severity, alert] of open) {
    alerts.push({ fromMs: alert.fromMs, toMs: undefined, severity, burnRate: alert.burnRate });
  }
  return alerts.sort((a, b) => a.fromMs - b.fromMs);
}
