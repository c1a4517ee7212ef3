const MONTHS = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
const MONTH_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  MONTHS.split('|').map((name, index) => [name.toLowerCase(), index]),
);
const DAY = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const LONG_DAY = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

const DIGITS = /^\d+$/;
// RFC 9110 section 5.6.7: the preferred IMF-fixdate and the two obsolete forms a recipient must
// accept. Matched case-insensitively, as the RFC encourages recipients to be robust.
const IMF_FIXDATE = new RegExp(`^(?:${DAY}), (\\d{2}) (${MONTHS}) (\\d{4}) ${TIME} GMT$`, 'i');
const RFC_850 = new RegExp(`^(?:${LONG_DAY}), (\\d{2})-(${MONTHS})-(\\d{2}) ${TIME} GMT$`, 'i');
const ASCTIME = new RegExp(`^(?:${DAY}) (${MONTHS}) (\\d{2}| \\d) ${TIME} (\\d{4})$`, 'i');

/**
 * Parses an HTTP `Retry-After` value (RFC 9110 section 10.2.3) into a delay in milliseconds:
 * delay-seconds (a non-negative integer) or an HTTP-date (the IMF-fixdate
 * `Sun, 06 Nov 1994 08:49:37 GMT`, or the obsolete RFC 850 and asctime forms), which becomes the
 * time from `nowEpochMs` to that date, 0 if it has passed. Surrounding whitespace is ignored.
 *
 * An HTTP-date is wall-clock time, so it is read against the Unix epoch (`nowEpochMs`), not the
 * monotonic `Clock` that times everything else in ballast: a monotonic reading has no fixed
 * origin to compare a date with. Pass `nowEpochMs` for determinism; it defaults to the system
 * time, read only when the value is a date.
 *
 * @param nowEpochMs - milliseconds since the Unix epoch. @default `new Date().getTime()`
 * @returns the delay in milliseconds, or `undefined` when the value is neither form (negative or
 *   fractional seconds, an invalid date, anything else).
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from 'ballast/retry';
 *
 * parseRetryAfter('120'); // 120_000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27, 30)); // 30_000
 * parseRetryAfter('soon'); // undefined
 * ```
 */
export function parseRetryAfter(value: string, nowEpochMs?: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (DIGITS.test(text)) return finite(Number(text) * 1000);
  const date = parseHttpDate(text, nowEpochMs);
  if (date === undefined) return undefined;
  // Read the wall clock only now, for a date: see the comment above.
  const now = nowEpochMs ?? new Date().getTime();
  return Math.max(0, date - now);
}

/**
 * Reads a retry hint from response headers (a `Headers` object, or a plain record whose names
 * may be in any case), in this order of precedence:
 * 1. `grpc-retry-pushback-ms`: a non-negative integer of milliseconds; anything else (negative,
 *    malformed) means the server asks not to retry, returned as `'stop'` (gRFC A6);
 * 2. `x-amz-retry-after`: a non-negative integer of milliseconds (ignored when malformed);
 * 3. `Retry-After`: see {@link parseRetryAfter} (ignored when malformed).
 *
 * Fits the `retryAfter` option of {@link RetryPolicy}, which waits the hint when it is longer than
 * the backoff's delay and stops on `'stop'`.
 *
 * @param nowEpochMs - for an HTTP-date; see {@link parseRetryAfter}.
 * @returns milliseconds, `'stop'`, or `undefined` when no header gives a usable hint.
 *
 * @example
 * ```ts
 * import { RetryPolicy, retryAfterFromHeaders } from 'ballast/retry';
 *
 * const policy = new RetryPolicy({
 *   retryOnResult: (res) => (res as Response).status === 429 || (res as Response).status === 503,
 *   retryAfter: (res) => (res instanceof Response ? retryAfterFromHeaders(res.headers) : undefined),
 * });
 * ```
 */
export function retryAfterFromHeaders(
  headers: Headers | Readonly<Record<string, string | undefined>>,
  nowEpochMs?: number,
): number | 'stop' | undefined {
  const read = headerReader(headers);
  const pushback = read('grpc-retry-pushback-ms');
  if (pushback !== undefined) {
    return DIGITS.test(pushback.trim()) ? (finite(Number(pushback.trim())) ?? 'stop') : 'stop';
  }
  const amz = read('x-amz-retry-after')?.trim();
  if (amz !== undefined && DIGITS.test(amz)) {
    const ms = finite(Number(amz));
    if (ms !== undefined) return ms;
  }
  const retryAfter = read('retry-after');
  return retryAfter === undefined ? undefined : parseRetryAfter(retryAfter, nowEpochMs);
}

function headerReader(
  headers: Headers | Readonly<Record<string, string | undefined>>,
): (lowerCaseName: string) => string | undefined {
  if (typeof (headers as Partial<Headers>).get === 'function') {
    return (name) => (headers as Headers).get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, unknown>>;
  return (name) => {
    let value = record[name];
    if (value === undefined) {
      for (const key of Object.keys(record)) {
        if (key.toLowerCase() === name) {
          value = record[key];
          break;
        }
      }
    }
    return typeof value === 'string' ? value : undefined;
  };
}

/** Milliseconds since the epoch of an HTTP-date in any of the three forms, or undefined. */
function parseHttpDate(text: string, nowEpochMs: number | undefined): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match !== null) {
    const [, day, month, year, hour, minute, second] = match;
    return utc(Number(year), month!, Number(day), hour!, minute!, second!);
  }
  match = RFC_850.exec(text);
  if (match !== null) {
    const [, day, month, year, hour, minute, second] = match;
    const nowYear = new Date(nowEpochMs ?? new Date().getTime()).getUTCFullYear();
    return utc(fullYear(Number(year), nowYear), month!, Number(day), hour!, minute!, second!);
  }
  match = ASCTIME.exec(text);
  if (match !== null) {
    const [, month, day, hour, minute, second, year] = match;
    return utc(Number(year), month!, Number(day!.trim()), hour!, minute!, second!);
  }
  return undefined;
}

/**
 * RFC 9110: a two-digit year that would be more than 50 years in the future is the most recent
 * past year with those digits. So: the year with those digits in [nowYear - 49, nowYear + 50].
 */
function fullYear(twoDigits: number, nowYear: number): number {
  const low = nowYear - 49;
  return low + ((((twoDigits - low) % 100) + 100) % 100);
}

function utc(
  year: number,
  monthName: string,
  day: number,
  hour: string,
  minute: string,
  second: string,
): number | undefined {
  const month = MONTH_INDEX[monthName.toLowerCase()]!;
  const h = Number(hour);
  const m = Number(minute);
  const s = Number(second);
  // Second 60 is a leap second, which the grammar allows; it reads as the next minute's first.
  if (h > 23 || m > 59 || s > 60 || day < 1 || day > daysInMonth(year, month)) return undefined;
  // setUTCFullYear, unlike Date.UTC, does not read the years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(h, m, s, 0);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month + 1, 0);
  return date.getUTCDate();
}

function finite(ms: number): number | undefined {
  return Number.isFinite(ms) ? ms : undefined;
}
