import { ValueType, type Attributes } from '@opentelemetry/api';
import { ConcurrencyLimitTally, LIMIT_REASONS, ThrottleTally } from '../internal/adaptive-tally.js';
import { CONCURRENCY_LIMIT_METRICS, THROTTLE_METRICS } from '../internal/metric-catalog.js';
import type { InstrumentedConcurrencyLimit, InstrumentedThrottle } from '../internal/targets.js';
import type { Instruments, KindSetup } from './otel-reporters.js';

/**
 * Adaptive throttles: local rejections counted by a listener, the probability and the window
 * counts read from the throttle when the meter collects. @internal
 */
export function setUpThrottles(
  make: Instruments,
  throttles: readonly (readonly [string, InstrumentedThrottle])[],
): KindSetup {
  const m = THROTTLE_METRICS;
  const rejections = make.counter(m.rejections);
  const probability = make.gauge(m.probability);
  const requests = make.gauge(m.requests, ValueType.INT);
  const accepts = make.gauge(m.accepts, ValueType.INT);
  const setup: KindSetup = {
    observables: [rejections, probability, requests, accepts],
    reporters: [],
    detachers: [],
  };
  for (const [throttle, target] of throttles) {
    const only = frozen({ throttle });
    const tally = new ThrottleTally(throttle, target);
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => {
      result.observe(rejections, tally.rejections, only);
      result.observe(probability, target.rejectionProbability, only);
      result.observe(requests, target.requests, only);
      result.observe(accepts, target.accepts, only);
    });
  }
  return setup;
}

/**
 * Adaptive concurrency limits: calls turned away counted by reason, the limit and the calls
 * running and queued read when the meter collects. @internal
 */
export function setUpConcurrencyLimits(
  make: Instruments,
  limiters: readonly (readonly [string, InstrumentedConcurrencyLimit])[],
): KindSetup {
  const m = CONCURRENCY_LIMIT_METRICS;
  const limit = make.gauge(m.limit, ValueType.INT);
  const inFlight = make.gauge(m.inFlight, ValueType.INT);
  const queued = make.gauge(m.queued, ValueType.INT);
  const rejections = make.counter(m.rejections);
  const setup: KindSetup = {
    observables: [limit, inFlight, queued, rejections],
    reporters: [],
    detachers: [],
  };
  for (const [limiter, target] of limiters) {
    const only = frozen({ limiter });
    const reasons = LIMIT_REASONS.map((reason) => [reason, frozen({ limiter, reason })] as const);
    const tally = new ConcurrencyLimitTally(limiter, target);
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => {
      result.observe(limit, target.limit, only);
      result.observe(inFlight, target.inFlight, only);
      result.observe(queued, target.queued, only);
      for (const [reason, attrs] of reasons) {
        result.observe(rejections, tally.rejections[reason], attrs);
      }
    });
  }
  return setup;
}

/** Frozen, so the objects handed to the SDK on every record are never changed. */
function frozen(values: Attributes): Attributes {
  return Object.freeze(values);
}
