export { RollingCounter, type RollingCounterOptions } from './rolling-counter.js';
export { OutcomeRing, type OutcomeRingOptions } from './outcome-ring.js';
export { bucketIndex } from './bucket-index.js';
export { LogBuckets, type LogBucketsOptions } from './log-buckets.js';
export { HistogramBatch } from './histogram-batch.js';
export {
  RollingHistogram,
  type RollingHistogramOptions,
  type HistogramRead,
  type HistogramSlot,
} from './rolling-histogram.js';
