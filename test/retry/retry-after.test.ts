import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryAfterFromHeaders } from '../../src/retry/index.js';

const NOW = Date.UTC(2015, 9, 21, 7, 28, 0); // Wed, 21 Oct 2015 07:28:00 GMT

describe('parseRetryAfter', () => {
  it.each<[string, number | undefined]>([
    ['0', 0],
    ['120', 120_000],
    ['  5 ', 5_000],
    ['007', 7_000],
    ['-1', undefined],
    ['+1', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    ['0x10', undefined],
    ['', undefined],
    ['soon', undefined],
    ['9'.repeat(400), undefined],
    // IMF-fixdate
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['Wed, 21 Oct 2015 08:28:00 GMT', 3_600_000],
    ['wed, 21 oct 2015 07:28:30 gmt', 30_000],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0],
    ['Thu, 01 Jan 1970 00:00:00 GMT', 0],
    ['Wed, 21 Oct 2015 07:28:60 GMT', 60_000],
    ['Wed, 21 Oct 2015 07:28:30 UTC', undefined],
    ['Wed, 21 Oct 2015 07:28:30', undefined],
    ['Wed, 21 Oct 15 07:28:30 GMT', undefined],
    ['Wed, 31 Feb 2015 07:28:30 GMT', undefined],
    ['Wed, 00 Oct 2015 07:28:30 GMT', undefined],
    ['Wed, 21 Oct 2015 24:00:00 GMT', undefined],
    ['Wed, 21 Oct 2015 07:60:00 GMT', undefined],
    ['Wed, 21 Oct 2015 07:28:61 GMT', undefined],
    ['Wed, 21 Okt 2015 07:28:30 GMT', undefined],
    ['Wednesday, 21 Oct 2015 07:28:30 GMT', undefined],
    ['Fri, 29 Feb 2008 00:00:00 GMT', 0],
    ['Sun, 29 Feb 2015 00:00:00 GMT', undefined],
    // RFC 850
    ['Wednesday, 21-Oct-15 07:28:30 GMT', 30_000],
    ['Thursday, 22-Oct-15 07:28:00 GMT', 86_400_000],
    ['Wednesday, 21-Oct-2015 07:28:30 GMT', undefined],
    ['Wed, 21-Oct-15 07:28:30 GMT', undefined],
    // asctime
    ['Wed Oct 21 07:28:30 2015', 30_000],
    ['Thu Oct 22 07:28:00 2015', 86_400_000],
    ['Sun Nov  6 08:49:37 1994', 0],
    ['Wed Oct 21 07:28:30 2015 GMT', undefined],
    ['Wed Oct  1 07:28:30 2015', 0],
    ['Wed Oct 1 07:28:30 2015', undefined],
  ])('reads %j as %s ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('reads a two-digit RFC 850 year within 50 years ahead, else the century before', () => {
    const in2030 = Date.UTC(2030, 0, 1);
    expect(parseRetryAfter('Friday, 01-Jan-80 00:00:00 GMT', in2030)).toBe(
      Date.UTC(2080, 0, 1) - in2030,
    );
    expect(parseRetryAfter('Friday, 01-Jan-81 00:00:00 GMT', in2030)).toBe(0); // 1981
    expect(parseRetryAfter('Monday, 01-Jan-29 00:00:00 GMT', in2030)).toBe(0); // 2029
  });

  it('turns any delay-seconds into ms, and any IMF-fixdate into its distance from now', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000_000),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -86_400, max: 86_400 }),
        (seconds, now, offsetSeconds) => {
          expect(parseRetryAfter(String(seconds), now)).toBe(seconds * 1000);
          const nowSeconds = Math.floor(now / 1000) * 1000;
          const date = new Date(nowSeconds + offsetSeconds * 1000);
          expect(parseRetryAfter(date.toUTCString(), nowSeconds)).toBe(
            Math.max(0, offsetSeconds * 1000),
          );
        },
      ),
    );
  });

  it('reads an HTTP-date against the system time when no now is given', () => {
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const delay = parseRetryAfter(inAMinute)!;
    expect(delay).toBeGreaterThan(55_000);
    expect(delay).toBeLessThanOrEqual(60_000);
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:28:30 GMT')).toBe(0);
  });

  it('returns undefined for a non-string', () => {
    expect(parseRetryAfter(5 as unknown as string)).toBeUndefined();
  });
});

describe('retryAfterFromHeaders', () => {
  it.each<[Record<string, string | undefined>, number | 'stop' | undefined]>([
    [{}, undefined],
    [{ 'retry-after': '3' }, 3_000],
    [{ 'Retry-After': '3' }, 3_000],
    [{ 'RETRY-AFTER': 'Wed, 21 Oct 2015 07:28:30 GMT' }, 30_000],
    [{ 'retry-after': 'later' }, undefined],
    [{ 'retry-after': undefined }, undefined],
    [{ 'x-amz-retry-after': '1500' }, 1_500],
    [{ 'x-amz-retry-after': ' 1500 ', 'retry-after': '2' }, 1_500],
    [{ 'X-Amz-Retry-After': '1500', 'retry-after': '2' }, 1_500],
    [{ 'x-amz-retry-after': 'soon', 'retry-after': '2' }, 2_000],
    [{ 'x-amz-retry-after': '1'.repeat(400), 'retry-after': '2' }, 2_000],
    [{ 'grpc-retry-pushback-ms': '250' }, 250],
    [{ 'grpc-retry-pushback-ms': ' 250 ', 'retry-after': '9' }, 250],
    [{ 'grpc-retry-pushback-ms': '-1' }, 'stop'],
    [{ 'grpc-retry-pushback-ms': 'abc', 'retry-after': '9' }, 'stop'],
    [{ 'grpc-retry-pushback-ms': '' }, 'stop'],
    [{ 'grpc-retry-pushback-ms': '1.5' }, 'stop'],
    [{ 'grpc-retry-pushback-ms': '9'.repeat(400) }, 'stop'],
    [{ 'Grpc-Retry-Pushback-Ms': '10' }, 10],
  ])('reads %o as %s', (headers, expected) => {
    expect(retryAfterFromHeaders(headers, NOW)).toBe(expected);
    const fetchHeaders = new Headers();
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) fetchHeaders.set(name, value);
    }
    expect(retryAfterFromHeaders(fetchHeaders, NOW)).toBe(expected);
  });

  it.each(['-5', '1.5', '', ' ', '+5', '5ms', '1e3', '0x10'])(
    'ignores a malformed x-amz-retry-after %j, falling back to Retry-After',
    (value) => {
      for (const headers of [
        { 'x-amz-retry-after': value, 'retry-after': '2' },
        new Headers({ 'x-amz-retry-after': value, 'retry-after': '2' }),
      ]) {
        expect(retryAfterFromHeaders(headers, NOW)).toBe(2_000);
      }
      for (const headers of [
        { 'x-amz-retry-after': value },
        new Headers({ 'x-amz-retry-after': value }),
      ]) {
        expect(retryAfterFromHeaders(headers, NOW)).toBeUndefined();
      }
    },
  );

  it('ignores non-string values of a loosely typed record', () => {
    const headers = { 'retry-after': ['1', '2'] } as unknown as Record<string, string>;
    expect(retryAfterFromHeaders(headers)).toBeUndefined();
  });
});
