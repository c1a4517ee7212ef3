export { logEvents, type EventLogger, type LogEventsOptions } from './log-events.js';
export type { InstrumentTargets } from '../internal/targets.js';
