export { VirtualClock, type RunOptions, type VirtualClockOptions } from './virtual-clock.js';
export {
  DependencyError,
  SimulatedDependency,
  type Outage,
  type SimulatedDependencyOptions,
} from './simulated-dependency.js';
export {
  fail,
  hang,
  ok,
  slow,
  type DependencyStep,
  type FailStep,
  type HangStep,
  type OkStep,
  type StepOptions,
} from './dependency-step.js';
export {
  FakeDependency,
  type FakeCall,
  type FakeCallOptions,
  type FakeCallRecord,
  type FakeDependencyOptions,
  type FakeScript,
} from './fake-dependency.js';
export { timeline, type Phase, type TimelineOptions } from './timeline.js';
export { callsAt } from './calls-at.js';
export { networkError } from './network-error.js';
export { scripted, type ScriptedOutcome } from './scripted.js';
export { seededRandom } from './seeded-random.js';
export { SimulatedBackend } from './simulated-backend.js';
export type {
  BackendBehaviour,
  BackendCapacity,
  BackendPhase,
  SimulatedBackendOptions,
} from './simulated-backend-options.js';
export {
  assertLatencyDistribution,
  sampleLatency,
  type LatencyDistribution,
} from './latency-distribution.js';
