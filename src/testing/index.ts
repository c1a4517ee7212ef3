export { VirtualClock, type RunOptions, type VirtualClockOptions } from './virtual-clock.js';
export {
  DependencyError,
  SimulatedDependency,
  type Outage,
  type SimulatedDependencyOptions,
} from './simulated-dependency.js';
export { scripted, type ScriptedOutcome } from './scripted.js';
export { seededRandom } from './seeded-random.js';
