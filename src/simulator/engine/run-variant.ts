import { observe, wrap, type Policy } from '../../policy/index.js';
import { SloTracker } from '../../slo/index.js';
import { SimulatedBackend, VirtualClock } from '../../testing/index.js';
import { sloOptions } from '../scenario/parse-scenario.js';
import type { Scenario, VariantSpec } from '../scenario/scenario.js';
import type { VariantResult } from '../simulation-result.js';
import { Arrivals } from './arrivals.js';
import { buildLayer } from './build-layer.js';
import { streamOf } from './seeds.js';
import { StallGuard } from './stall-guard.js';
import { VariantRecorder } from './variant-recorder.js';
import { variantResult } from './variant-result.js';

/** Random streams of a run: arrivals and the dependency are shared, layers get one each. */
const ARRIVALS = 0;
const DEPENDENCY = 1;
const FIRST_LAYER = 2;

/**
 * Runs the scenario's traffic through one variant's stack, on a clock of its own, against a
 * dependency of its own; `progress` hears the share of the run done.
 *
 * The driver fires the clock's timers up to each arrival, then starts the call: no timer per
 * arrival. Calls still pending at the end count as requests and as pending, in no rate. Everything but the
 * driver sees the clock through a {@link StallGuard}: a stack that re-arms without delay rejects
 * the run, with the time and the variant, instead of hanging it.
 *
 * @internal
 */
export async function runVariant(
  scenario: Scenario,
  variant: VariantSpec,
  seed: number,
  progress: (fraction: number) => void,
  guard: (clock: VirtualClock) => StallGuard = (clock) => new StallGuard(clock),
): Promise<VariantResult> {
  const driver = new VirtualClock(0, { settle: 'microtasks' });
  const clock = guard(driver);
  const { durationMs, stepMs } = scenario;
  const steps = Math.ceil(durationMs / stepMs);
  const recorder = new VariantRecorder(stepMs, steps, scenario.slos.length, () => clock.now());
  const backend = new SimulatedBackend({
    clock,
    random: streamOf(seed, DEPENDENCY),
    ...scenario.dependency,
  });
  const trackers = scenario.slos.map((slo) => {
    const tracker = new SloTracker({ ...sloOptions(slo), clock });
    tracker.events.on('alertStart', (alert) => recorder.alertStart(alert));
    tracker.events.on('alertUpdate', (alert) => recorder.alertUpdate(alert));
    tracker.events.on('alertEnd', (alert) => recorder.alertEnd(alert));
    return tracker;
  });
  let breakers = 0;
  const layers = variant.layers.map((layer, index) =>
    buildLayer(layer, {
      clock,
      random: streamOf(seed, FIRST_LAYER + index),
      recorder,
      breakerName: layer.kind === 'breaker' && ++breakers > 1 ? `breaker ${breakers}` : 'breaker',
    }),
  );
  const observers: Policy[] = trackers.map((tracker) => observe(tracker));
  const stack = wrap(observers[0]!, ...observers.slice(1), ...layers);
  const call = ({ signal }: { readonly signal: AbortSignal }): Promise<number> => {
    recorder.dependencyCall();
    return backend.call(signal);
  };
  const start = (): void => {
    const startedAt = clock.now();
    recorder.request();
    stack.execute(call).then(
      () => recorder.settle(startedAt, true),
      () => recorder.settle(startedAt, false),
    );
  };

  const arrivals = new Arrivals(scenario.traffic, streamOf(seed, ARRIVALS));
  // Once the guard trips, every timer is inert: the calls left pending are dropped with the clock.
  const advanceTo = async (at: number): Promise<void> => {
    await driver.advance(at - driver.now());
    if (clock.stalledAt !== undefined) throw clock.error(variant.name);
  };
  try {
    let next = arrivals.next();
    for (let step = 0; step < steps; step++) {
      const stepEnd = Math.min(durationMs, (step + 1) * stepMs);
      for (; next < stepEnd; next = arrivals.next()) {
        await advanceTo(next);
        start();
      }
      await advanceTo(stepEnd);
      for (const [index, tracker] of trackers.entries()) {
        const { remaining, bad } = tracker.budget();
        recorder.budgets[index]!.remaining.push(remaining);
        recorder.budgets[index]!.bad.push(bad);
      }
      progress((step + 1) / steps);
    }
    recorder.finish(durationMs);
    return variantResult(scenario, variant, recorder, trackers);
  } finally {
    for (const tracker of trackers) tracker.close();
  }
}
