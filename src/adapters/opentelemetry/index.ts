export {
  instrumentOpenTelemetry,
  type InstrumentOpenTelemetryOptions,
} from './instrument-opentelemetry.js';
export type { Instrumentation } from '../internal/instrumentation.js';
export type {
  InstrumentTargets,
  InstrumentedBreaker,
  InstrumentedRetry,
  InstrumentedSlo,
  InstrumentedTimeout,
  InstrumentedThrottle,
  InstrumentedConcurrencyLimit,
} from '../internal/targets.js';
