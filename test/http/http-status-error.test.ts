import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HttpStatusError,
  isHttpStatusError,
  type HttpStatusErrorOptions,
} from '../../src/http/index.js';
import { VirtualClock } from '../../src/testing/index.js';

/** A Headers' entries (the DOM lib here does not type Headers as iterable). */
function entries(headers: Headers): [string, string][] {
  const list: [string, string][] = [];
  headers.forEach((value, name) => list.push([name, value]));
  return list;
}

const DATE = 'Wed, 21 Oct 2015 07:28:00 GMT';
const DATE_MS = Date.UTC(2015, 9, 21, 7, 28, 0);

describe('HttpStatusError', () => {
  it('carries the status, reason, URL and headers, named and branded', () => {
    const error = new HttpStatusError({
      status: 503,
      statusText: 'Service Unavailable',
      url: 'https://catalog.internal/products/42',
      method: 'GET',
      headers: { 'Retry-After': '2', 'X-Request-Id': 'abc' },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HttpStatusError');
    expect(error.message).toBe(
      'HTTP 503 Service Unavailable: GET https://catalog.internal/products/42',
    );
    expect(error.status).toBe(503);
    expect(error.statusText).toBe('Service Unavailable');
    expect(error.url).toBe('https://catalog.internal/products/42');
    expect(error.headers).toBeInstanceOf(Headers);
    expect(error.headers.get('x-request-id')).toBe('abc');
    expect(error.retryAfterMs).toBe(2_000);
    expect(isHttpStatusError(error)).toBe(true);
    expect(String(error)).toMatch(/^HttpStatusError: HTTP 503/);
  });

  it('says only what it knows', () => {
    expect(new HttpStatusError({ status: 500 }).message).toBe('HTTP 500');
    expect(new HttpStatusError({ status: 429, url: '/a' }).message).toBe('HTTP 429: /a');
    expect(new HttpStatusError({ status: 502, method: 'POST' }).message).toBe('HTTP 502: POST');
    const bare = new HttpStatusError({ status: 500 });
    expect(bare.statusText).toBe('');
    expect(bare.url).toBe('');
    expect(entries(bare.headers)).toEqual([]);
    expect(bare.retryAfterMs).toBeUndefined();
    expect('cause' in bare).toBe(false);
  });

  it('keeps credentials out of url and message, and the query string out of the message', () => {
    const error = new HttpStatusError({
      status: 503,
      url: new URL('https://user:s3cret@api.test/v1/items?token=abc#frag'),
    });
    expect(error.url).toBe('https://api.test/v1/items?token=abc#frag');
    expect(error.message).toBe('HTTP 503: https://api.test/v1/items');
    expect(JSON.stringify(error)).not.toContain('s3cret');
  });

  it('never shows user:pass, nor the query, for arbitrary URLs', () => {
    const secret = fc.stringMatching(/^[a-zA-Z0-9]{6,12}$/);
    fc.assert(
      fc.property(
        secret,
        secret,
        fc.constantFrom('https://', '//', 'https:', ''),
        (user, pass, prefix) => {
          const url = `${prefix}${user}:${pass}@h.test/p?key=${pass}`;
          const error = new HttpStatusError({ status: 500, url });
          expect(error.url).not.toContain(`${user}:${pass}`);
          expect(error.message).not.toContain(pass);
          expect(error.message).not.toContain('?');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('copies the headers of any client, without set-cookie', () => {
    const fetchHeaders = new Headers([
      ['retry-after', '1'],
      ['set-cookie', 'session=s3cret'],
      ['x-a', '1'],
    ]);
    const fromFetch = new HttpStatusError({ status: 503, headers: fetchHeaders });
    expect(fromFetch.headers).not.toBe(fetchHeaders);
    expect(entries(fromFetch.headers)).toEqual([
      ['retry-after', '1'],
      ['x-a', '1'],
    ]);
    // node:http / undici `request`: lower-case names, arrays for repeated headers, numbers.
    const fromRecord = new HttpStatusError({
      status: 503,
      headers: {
        'Set-Cookie': ['a=1', 'b=2'],
        'x-many': ['1', '2'],
        'content-length': 12,
        'x-undefined': undefined,
        'x-object': { no: 1 },
        'bad name': 'skipped',
        'x-bad-value': 'a\nb',
      },
    });
    expect(entries(fromRecord.headers)).toEqual([
      ['content-length', '12'],
      ['x-many', '1, 2'],
    ]);
  });

  it('reads the retry hint of the pushback headers, in their order', () => {
    const hint = (headers: Record<string, string>) =>
      new HttpStatusError({ status: 503, headers }).retryAfterMs;
    expect(hint({ 'retry-after': '3' })).toBe(3_000);
    expect(hint({ 'x-amz-retry-after': '1500', 'retry-after': '3' })).toBe(1_500);
    expect(hint({ 'grpc-retry-pushback-ms': '250', 'retry-after': '3' })).toBe(250);
    expect(hint({ 'grpc-retry-pushback-ms': '-1' })).toBe('stop');
    expect(hint({ 'retry-after': 'soon' })).toBeUndefined();
  });

  it('reads an HTTP-date Retry-After against the wall time of its clock', () => {
    const clock = new VirtualClock(0, { wallStartMs: DATE_MS - 30_000 });
    const error = new HttpStatusError({ status: 429, headers: { 'retry-after': DATE }, clock });
    expect(error.retryAfterMs).toBe(30_000);
    // Passed: no wait.
    const late = new VirtualClock(0, { wallStartMs: DATE_MS + 1 });
    expect(
      new HttpStatusError({ status: 429, headers: { 'retry-after': DATE }, clock: late })
        .retryAfterMs,
    ).toBe(0);
  });

  it('falls back to the system time when the clock cannot tell the wall time', () => {
    const broken = { now: () => 0, setTimer: () => () => undefined, wallNow: () => Number.NaN };
    const error = new HttpStatusError({
      status: 503,
      headers: { 'retry-after': DATE },
      clock: broken,
    });
    expect(error.retryAfterMs).toBe(0); // 2015 has passed
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    const soon = new HttpStatusError({ status: 503, headers: { 'retry-after': future } });
    expect(soon.retryAfterMs).toBeGreaterThan(3_500_000);
    expect(soon.retryAfterMs).toBeLessThanOrEqual(3_600_000);
  });

  it('keeps a cause, even an undefined one', () => {
    const cause = new Error('upstream');
    expect(new HttpStatusError({ status: 502, cause }).cause).toBe(cause);
    const explicit = new HttpStatusError({ status: 502, cause: undefined });
    expect('cause' in explicit).toBe(true);
  });

  it('rejects bad options at construction, naming them', () => {
    const make = (options: unknown) => () => new HttpStatusError(options as HttpStatusErrorOptions);
    expect(make(undefined)).toThrow(new TypeError('options must be an object, got undefined'));
    expect(make({ status: 503, stauts: 1 })).toThrow(
      'unknown option "stauts" (did you mean "status"?)',
    );
    expect(make({ status: 503, header: {} })).toThrow('did you mean "headers"?');
    expect(make({})).toThrow(
      new RangeError('status must be an integer in [0, 999], got undefined'),
    );
    expect(make({ status: 99.5 })).toThrow(RangeError);
    expect(make({ status: 1000 })).toThrow(RangeError);
    expect(make({ status: -1 })).toThrow(RangeError);
    expect(make({ status: '503' })).toThrow('got "503"');
    expect(make({ status: 503, statusText: 3 })).toThrow('statusText must be a string, got 3');
    expect(make({ status: 503, url: 3 })).toThrow('url must be a string or a URL, got 3');
    expect(make({ status: 503, method: 1 })).toThrow('method must be a string, got 1');
    expect(make({ status: 503, headers: 'x' })).toThrow('headers must be Headers or a record');
    expect(make({ status: 503, clock: {} })).toThrow('clock must be a Clock');
    expect(make({ status: 503, url: null })).toThrow('url must not be null');
    expect(make({ status: 0 })).not.toThrow();
    expect(make({ status: 999 })).not.toThrow();
  });
});

describe('HttpStatusError.fromResponse', () => {
  it('reads a fetch Response', () => {
    const response = new Response('busy', {
      status: 503,
      statusText: 'Service Unavailable',
      headers: { 'retry-after': '1' },
    });
    Object.defineProperty(response, 'url', { value: 'https://u:p@api.test/x?y=1' });
    const error = HttpStatusError.fromResponse(response, { method: 'PUT' });
    expect(error.message).toBe('HTTP 503 Service Unavailable: PUT https://api.test/x');
    expect(error.url).toBe('https://api.test/x?y=1');
    expect(error.retryAfterMs).toBe(1_000);
  });

  it('takes the URL from the options when the response has none (a mock, axios)', () => {
    const mock = new Response(null, { status: 500 });
    expect(mock.url).toBe('');
    expect(HttpStatusError.fromResponse(mock, { url: '/orders' }).url).toBe('/orders');
    expect(HttpStatusError.fromResponse({ status: 429 }).message).toBe('HTTP 429');
    const axiosLike = { status: 502, statusText: 'Bad Gateway', headers: { 'retry-after': '4' } };
    const error = HttpStatusError.fromResponse(axiosLike, { url: 'https://api.test/a' });
    expect(error.message).toBe('HTTP 502 Bad Gateway: https://api.test/a');
    expect(error.retryAfterMs).toBe(4_000);
  });

  it('passes the clock and cause on', () => {
    const clock = new VirtualClock(0, { wallStartMs: DATE_MS - 5_000 });
    const cause = new Error('why');
    const error = HttpStatusError.fromResponse(
      { status: 503, headers: { 'retry-after': DATE } },
      { clock, cause },
    );
    expect(error.retryAfterMs).toBe(5_000);
    expect(error.cause).toBe(cause);
  });

  it('rejects what is not a response, and unknown options', () => {
    expect(() => HttpStatusError.fromResponse(null as never)).toThrow(
      'response must be an object, got null',
    );
    expect(() => HttpStatusError.fromResponse({ status: 500 }, { status: 1 } as never)).toThrow(
      'unknown option "status"',
    );
  });
});

describe('isHttpStatusError', () => {
  it('knows the brand, from this copy of ballast or another', () => {
    expect(isHttpStatusError(new HttpStatusError({ status: 500 }))).toBe(true);
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('ballast.HttpStatusError')]: true,
    });
    expect(isHttpStatusError(foreign)).toBe(true);
    for (const other of [
      new Error('HTTP 500'),
      { status: 500 },
      null,
      undefined,
      'HttpStatusError',
    ]) {
      expect(isHttpStatusError(other)).toBe(false);
    }
  });
});
