import { brandBallastError } from '../internal/ballast-error.js';
import type { Clock } from '../clock/clock.js';
import { wallNow } from '../clock/wall-now.js';
import { retryAfterFromHeaders } from '../internal/retry-after.js';
import { assertClock, assertOptions, show } from '../internal/validate.js';
import { copyHeaders } from './internal/copy-headers.js';
import { redactUrl, urlForMessage } from './internal/redact-url.js';

// A registered symbol, so that the guard also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side), where `instanceof` fails.
const BRAND = Symbol.for('ballast.HttpStatusError');

/**
 * Response headers as HTTP clients hand them over: fetch's `Headers`, or a record whose names may
 * be in any case and whose values may be strings, numbers or arrays of them (undici's `request`,
 * `node:http`'s `IncomingHttpHeaders`, axios's `AxiosHeaders`).
 *
 * @example
 * ```ts
 * const fromFetch: HeadersLike = response.headers;
 * const fromUndici: HeadersLike = { 'retry-after': '2', 'x-request-id': 'abc' };
 * ```
 */
export type HeadersLike = Headers | Readonly<Record<string, unknown>>;

/**
 * What {@link HttpStatusError} is built from.
 *
 * @example
 * ```ts
 * const options: HttpStatusErrorOptions = {
 *   status: statusCode, // undici's request()
 *   url: 'https://catalog.internal/products/42',
 *   method: 'GET',
 *   headers,
 * };
 * ```
 */
export interface HttpStatusErrorOptions {
  /** The response's status code, an integer in [0, 999]. */
  readonly status: number;
  /** The reason phrase. @default '' */
  readonly statusText?: string;
  /** The request's URL; credentials are removed before it is stored. @default '' */
  readonly url?: string | URL;
  /** The request's method, shown in the message. @default none */
  readonly method?: string;
  /**
   * The response's headers, copied into {@link HttpStatusError.headers} (`set-cookie` left out) and
   * read for {@link HttpStatusError.retryAfterMs}.
   *
   * @default no headers
   */
  readonly headers?: HeadersLike;
  /**
   * The wall clock (its `wallNow()`, see `wallNow` in `ballast/clock`) that turns a `Retry-After`
   * HTTP-date into a delay. Only the date form reads it.
   *
   * @default the system time
   */
  readonly clock?: Clock;
  /** The error's `cause`. @default none */
  readonly cause?: unknown;
}

/**
 * What {@link HttpStatusError.fromResponse} reads of a response: fetch's `Response` fits, and so
 * does an axios response (its URL is in `config.url`: pass it as an option).
 *
 * @example
 * ```ts
 * const response: StatusResponse = await fetch(url);
 * ```
 */
export interface StatusResponse {
  readonly status: number;
  readonly statusText?: string;
  readonly url?: string;
  readonly headers?: HeadersLike;
}

const OPTIONS = ['status', 'statusText', 'url', 'method', 'headers', 'clock', 'cause'];
const FROM_RESPONSE_OPTIONS = ['url', 'method', 'clock', 'cause'];

/**
 * An HTTP response whose status is a failure (a 503, a 429...), as an error: so that a circuit
 * breaker counts it, an SLO tracker counts it bad, and a retry policy sees it and its
 * `Retry-After`. {@link fetchWith} throws it; build one yourself for other clients.
 *
 * Errors end up in logs, so what it keeps is safe to log: `url` has no `user:password@`, the
 * message has no query string either, and `headers` has no `set-cookie`. The response's body is
 * not kept (read what you need before you throw, and cancel the rest: see {@link fetchWith}).
 *
 * @example
 * ```ts
 * import { HttpStatusError } from 'ballast/http';
 *
 * const { statusCode, headers, body } = await request(url); // undici
 * if (statusCode >= 500) {
 *   await body.dump();
 *   throw new HttpStatusError({ status: statusCode, url, headers });
 * }
 * ```
 */
export class HttpStatusError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'HttpStatusError',
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this.prototype, BRAND, { value: true });
    brandBallastError(this);
  }

  /** The response's status code. */
  readonly status: number;
  /** The reason phrase, `''` when there was none (HTTP/2 has none). */
  readonly statusText: string;
  /** The request's URL without credentials (the query string is kept), `''` when unknown. */
  readonly url: string;
  /** A copy of the response's headers, without `set-cookie`. */
  readonly headers: Headers;
  /**
   * The server's retry hint: milliseconds from `grpc-retry-pushback-ms`, `x-amz-retry-after` or
   * `Retry-After` (delay-seconds or an HTTP-date), in that order; `'stop'` when
   * `grpc-retry-pushback-ms` asks not to retry; `undefined` without a usable hint. See
   * `retryAfterFromHeaders` in `ballast/retry`, and {@link retryAfterFromError}.
   */
  readonly retryAfterMs: number | 'stop' | undefined;

  /**
   * @throws TypeError or RangeError naming the option, for an unknown option or a bad value.
   */
  constructor(options: HttpStatusErrorOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', OPTIONS);
    const { status, statusText = '', url = '', method, clock } = options;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 999) {
      throw new RangeError(`status must be an integer in [0, 999], got ${show(status)}`);
    }
    assertString(statusText, 'statusText');
    if (typeof url !== 'string' && !(url instanceof URL)) {
      throw new TypeError(`url must be a string or a URL, got ${show(url)}`);
    }
    if (method !== undefined) assertString(method, 'method');
    if (options.headers !== undefined && typeof options.headers !== 'object') {
      throw new TypeError(`headers must be Headers or a record, got ${show(options.headers)}`);
    }
    assertClock(clock);
    const safeUrl = redactUrl(String(url));
    const where = [method, urlForMessage(safeUrl)].filter(
      (part) => part !== undefined && part !== '',
    );
    const message =
      `HTTP ${status}${statusText === '' ? '' : ` ${statusText}`}` +
      (where.length === 0 ? '' : `: ${where.join(' ')}`);
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.status = status;
    this.statusText = statusText;
    this.url = safeUrl;
    this.headers = copyHeaders(options.headers);
    // A broken wall clock (NaN) would turn a date into a NaN delay: the system time reads it then.
    const now = clock === undefined ? undefined : wallNow(clock);
    this.retryAfterMs = retryAfterFromHeaders(
      this.headers,
      now !== undefined && Number.isFinite(now) ? now : undefined,
    );
  }

  /**
   * The error for a response: its `status`, `statusText`, `url` and `headers` (fetch's `Response`
   * has them all). `options.url` stands in for a response without a URL (a mock's, axios's).
   *
   * @example
   * ```ts
   * const response = await fetch(url);
   * if (!response.ok) {
   *   await response.body?.cancel();
   *   throw HttpStatusError.fromResponse(response, { method: 'GET' });
   * }
   * ```
   */
  static fromResponse(
    response: StatusResponse,
    options?: Omit<HttpStatusErrorOptions, 'status' | 'statusText' | 'headers'>,
  ): HttpStatusError {
    if (typeof response !== 'object' || response === null) {
      throw new TypeError(`response must be an object, got ${show(response)}`);
    }
    const given: unknown = options;
    if (given !== undefined) assertOptions(given, 'options', FROM_RESPONSE_OPTIONS);
    const url = response.url === undefined || response.url === '' ? options?.url : response.url;
    return new HttpStatusError({
      ...options,
      status: response.status,
      ...(response.statusText === undefined ? {} : { statusText: response.statusText }),
      ...(url === undefined ? {} : { url }),
      ...(response.headers === undefined ? {} : { headers: response.headers }),
    });
  }
}

/**
 * Whether `error` is an {@link HttpStatusError}, from this copy of ballast or another (the ESM and
 * CJS builds loaded side by side).
 *
 * @example
 * ```ts
 * try {
 *   return await getProduct(id);
 * } catch (error) {
 *   if (isHttpStatusError(error) && error.status === 503) return cachedProduct(id);
 *   throw error;
 * }
 * ```
 */
export function isHttpStatusError(error: unknown): error is HttpStatusError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}

function assertString(value: unknown, option: string): void {
  if (typeof value !== 'string') {
    throw new TypeError(`${option} must be a string, got ${show(value)}`);
  }
}
