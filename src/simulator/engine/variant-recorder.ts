import type { ActiveAlert } from '../../slo/index.js';
import type { AlertSpan, BreakerSpan } from '../simulation-result.js';
import { LatencyHistogram } from './latency-histogram.js';

interface OpenSpan {
  fromMs: number;
  state: 'open' | 'half-open';
}

/**
 * What one variant did, counted as it happens: the totals, the per-step series, the users'
 * latencies, the breakers' and alerts' spans. Indexes past the last step count in the last one.
 *
 * @internal
 */
export class VariantRecorder {
  readonly stepMs: number;
  readonly steps: number;
  requests = 0;
  succeeded = 0;
  settled = 0;
  fallbacks = 0;
  dependencyCalls = 0;
  retries = 0;
  retriesRefused = 0;
  rejected = 0;
  timeouts = 0;
  readonly latency = new LatencyHistogram();
  readonly series: {
    readonly requests: Float64Array;
    readonly succeeded: Float64Array;
    readonly settled: Float64Array;
    readonly dependencyCalls: Float64Array;
    readonly retries: Float64Array;
    readonly rejected: Float64Array;
  };
  /** Per SLO, at the end of each step: the tracker's budget left, and its bad events. */
  readonly budgets: { remaining: number[]; bad: number[] }[];
  readonly breakers: { name: string; trips: number; openMs: number; span: OpenSpan | undefined }[] =
    [];
  readonly breakerSpans: BreakerSpan[] = [];
  readonly alerts: AlertSpan[] = [];
  readonly #openAlerts = new Map<string, AlertSpan>();
  readonly #now: () => number;

  constructor(stepMs: number, steps: number, slos: number, now: () => number) {
    this.stepMs = stepMs;
    this.steps = steps;
    this.#now = now;
    const series = (): Float64Array => new Float64Array(steps);
    this.series = {
      requests: series(),
      succeeded: series(),
      settled: series(),
      dependencyCalls: series(),
      retries: series(),
      rejected: series(),
    };
    this.budgets = Array.from({ length: slos }, () => ({ remaining: [], bad: [] }));
  }

  step(): number {
    return Math.min(this.steps - 1, Math.floor(this.#now() / this.stepMs));
  }

  request(): void {
    this.requests++;
    this.series.requests[this.step()]! += 1;
  }

  settle(startedAt: number, ok: boolean): void {
    const step = this.step();
    this.settled++;
    this.series.settled[step]! += 1;
    if (ok) {
      this.succeeded++;
      this.series.succeeded[step]! += 1;
    }
    this.latency.record(this.#now() - startedAt);
  }

  dependencyCall(): void {
    this.dependencyCalls++;
    this.series.dependencyCalls[this.step()]! += 1;
  }

  retry(): void {
    this.retries++;
    this.series.retries[this.step()]! += 1;
  }

  reject(): void {
    this.rejected++;
    this.series.rejected[this.step()]! += 1;
  }

  /** Registers a breaker; returns its listener for `stateChange`. */
  breaker(name: string): (change: { readonly to: string }) => void {
    const breaker = { name, trips: 0, openMs: 0, span: undefined as OpenSpan | undefined };
    this.breakers.push(breaker);
    return ({ to }) => {
      const now = this.#now();
      this.#closeBreakerSpan(breaker, now);
      if (to === 'open' || to === 'half-open') breaker.span = { fromMs: now, state: to };
      if (to === 'open') breaker.trips++;
    };
  }

  alertStart(alert: ActiveAlert): void {
    const span: AlertSpan = {
      slo: alert.slo,
      severity: alert.alert.severity,
      burnRate: alert.alert.burnRate,
      fromMs: alert.since,
      toMs: undefined,
    };
    this.alerts.push(span);
    this.#openAlerts.set(`${alert.slo}\u0000${alert.alert.severity}`, span);
  }

  /** A faster tier took over (a page escalating from 6x to 14.4x): the span shows the highest. */
  alertUpdate(alert: ActiveAlert): void {
    const key = `${alert.slo}\u0000${alert.alert.severity}`;
    const span = this.#openAlerts.get(key);
    if (span === undefined || alert.alert.burnRate <= span.burnRate) return;
    const escalated = { ...span, burnRate: alert.alert.burnRate };
    this.#openAlerts.set(key, escalated);
    this.alerts[this.alerts.indexOf(span)] = escalated;
  }

  alertEnd(alert: ActiveAlert): void {
    const key = `${alert.slo}\u0000${alert.alert.severity}`;
    const span = this.#openAlerts.get(key);
    if (span === undefined) return;
    this.#openAlerts.delete(key);
    this.alerts[this.alerts.indexOf(span)] = { ...span, toMs: this.#now() };
  }

  /** Closes the spans still open at `endMs` into the breakers' open time (they stay open-ended). */
  finish(endMs: number): void {
    for (const breaker of this.breakers) {
      const span = breaker.span;
      if (span === undefined) continue;
      if (span.state === 'open') breaker.openMs += endMs - span.fromMs;
      this.breakerSpans.push({
        breaker: breaker.name,
        state: span.state,
        fromMs: span.fromMs,
        toMs: undefined,
      });
      breaker.span = undefined;
    }
  }

  #closeBreakerSpan(
    breaker: { name: string; openMs: number; span: OpenSpan | undefined },
    now: number,
  ): void {
    const span = breaker.span;
    if (span === undefined) return;
    if (span.state === 'open') breaker.openMs += now - span.fromMs;
    this.breakerSpans.push({
      breaker: breaker.name,
      state: span.state,
      fromMs: span.fromMs,
      toMs: now,
    });
    breaker.span = undefined;
  }
}
