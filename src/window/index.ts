export { RollingCounter, type RollingCounterOptions } from './rolling-counter.js';
export { OutcomeRing, type OutcomeRingOptions } from './outcome-ring.js';
export { bucketIndex } from './bucket-index.js';
