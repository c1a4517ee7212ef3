// The fields of one recorded call (or of a row standing for `count` identical calls), as CSV and
// NDJSON carry them: each parser returns the value, or a message saying what is wrong with it.
import { show } from '../../internal/validate.js';

/** The fields a row may carry; `timestamp` and `ok` are required. */
export const CALL_FIELDS = ['timestamp', 'ok', 'durationMs', 'count', 'incident'] as const;

/** An ISO 8601 date-time with a zone: local times would read differently on every machine. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Epoch milliseconds, from a number or digits (epoch ms) or an ISO 8601 date-time with a zone. */
export function parseTimestamp(value: unknown): number | string {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0
      ? value
      : `must be epoch milliseconds (a whole number >= 0), got ${show(value)}`;
  }
  if (typeof value !== 'string') {
    return `must be epoch milliseconds or an ISO 8601 time, got ${show(value)}`;
  }
  if (/^\d{1,16}$/.test(value)) return parseTimestamp(Number(value));
  if (!ISO_TIME.test(value)) {
    return /^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(value)
      ? `an ISO 8601 time needs a zone (Z or +hh:mm), got ${show(value)}`
      : `must be epoch milliseconds or an ISO 8601 time such as 2026-01-05T12:00:00Z, got ${show(value)}`;
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) || !isRealTime(value) ? `is not a valid time: ${show(value)}` : ms;
}

/**
 * Whether an ISO 8601 time's fields name a real instant: `Date.parse` rolls an impossible date
 * over (`2026-02-30` is read as March 2), so the fields must survive a round trip.
 */
function isRealTime(value: string): boolean {
  const [year, month, day, hour, minute, second = 0] = /^(\d+)-(\d+)-(\d+)T(\d+):(\d+)(?::(\d+))?/
    .exec(value)!
    .slice(1)
    .filter((field) => field !== undefined)
    .map(Number) as [number, number, number, number, number, number?];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
}

/** Whether the call succeeded: `true`, `false`, `1` or `0` (as a boolean, number or text). */
export function parseOk(value: unknown): boolean | string {
  if (value === true || value === 1 || value === 'true' || value === '1') return true;
  if (value === false || value === 0 || value === 'false' || value === '0') return false;
  return `must be true, false, 1 or 0, got ${show(value)}`;
}

/** How many identical calls the row stands for: a whole number >= 0; 1 when absent or empty. */
export function parseCount(value: unknown): number | string {
  if (value === undefined || value === '') return 1;
  const count = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0
    ? count
    : `must be a whole number >= 0, got ${show(value)}`;
}

/** The call's duration in milliseconds: a finite number >= 0; undefined when absent or empty. */
export function parseDuration(value: unknown): number | undefined | string {
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0
    ? ms
    : `must be a number of milliseconds >= 0, got ${show(value)}`;
}

/** The label of the incident the call belongs to; undefined when absent or empty. */
export function parseIncident(value: unknown): string | undefined | { problem: string } {
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : { problem: `must be a string, got ${show(value)}` };
}
