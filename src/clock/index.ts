export type { Clock, TimerOptions } from './clock.js';
export { systemClock } from './system-clock.js';
export { sleep, type SleepOptions } from './sleep.js';
export { wallNow } from './wall-now.js';
