import type { Clock } from '../clock/clock.js';
import { mayAbort } from '../internal/never-aborted.js';
import { assertClock, assertFunction, assertOptions, show } from '../internal/validate.js';
import { HttpStatusError } from './http-status-error.js';
import { isFailingStatus } from './status.js';

/**
 * `fetch`'s signature, which {@link fetchWith} takes and returns.
 *
 * @example
 * ```ts
 * const getJson = async (fetcher: FetchLike, url: string): Promise<unknown> =>
 *   (await fetcher(url)).json();
 * ```
 */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * What {@link fetchWith} runs each request through: any ballast policy (`CircuitBreaker`,
 * `RetryPolicy`, `TimeoutPolicy`, a `wrap` of them), described by its shape so that `ballast/http`
 * depends on none of them.
 *
 * @example
 * ```ts
 * const policy: HttpPolicy = wrap(observe(slo), retryPolicy, breaker, new TimeoutPolicy(2_000));
 * ```
 */
export interface HttpPolicy {
  execute<T>(
    fn: (context: { readonly signal: AbortSignal }) => T | PromiseLike<T>,
    options?: { readonly signal?: AbortSignal },
  ): Promise<T>;
}

/**
 * Options for {@link fetchWith}.
 *
 * @example
 * ```ts
 * const options: FetchWithOptions = { failOn: (status) => status >= 500 };
 * ```
 */
export interface FetchWithOptions {
  /**
   * The `fetch` to call. When omitted, `globalThis.fetch` is read at each request, so that tools
   * that replace the global (msw, a test's stub) see the requests.
   *
   * @default globalThis.fetch
   */
  readonly fetch?: FetchLike;
  /**
   * Whether a response is a failure, to be thrown as an {@link HttpStatusError} (its body
   * cancelled) instead of returned. An exception it throws rejects the request.
   *
   * @default {@link isFailingStatus}: 408, 429 and 5xx
   */
  readonly failOn?: (status: number, response: Response) => boolean;
  /** The wall clock of a `Retry-After` HTTP-date. @default systemClock */
  readonly clock?: Clock;
}

const OPTIONS = ['fetch', 'failOn', 'clock'];

/**
 * A `fetch` that runs each request through `policy`, and throws an {@link HttpStatusError} for a
 * failing status (408, 429 and 5xx by default), so that the breaker counts it, the SLO counts it
 * bad and the retry sees it (with its `Retry-After`). The failed response's body is cancelled, so
 * that its connection is not held. Other responses, and `fetch`'s own errors, reach the caller
 * unchanged.
 *
 * Each attempt's request gets the policy's signal (a timeout's, say); the caller's `init.signal`
 * (or a `Request`'s own) is handed to the policy, so it still aborts the call, and no listener is
 * left on it. The policy covers the request until its response's headers arrive: read the body
 * inside your own `policy.execute` when the body's time must count too. A `Request` with a body is
 * cloned for each attempt; a `ReadableStream` body in `init` can be sent only once.
 *
 * @throws TypeError, at once, when `policy` has no `execute()` or an option is unknown or wrong.
 *
 * @example
 * ```ts
 * import { fetchWith, isRetryable, retryAfterFromError } from 'ballast/http';
 * import { CircuitBreaker } from 'ballast/breaker';
 * import { wrap } from 'ballast/policy';
 * import { RetryPolicy } from 'ballast/retry';
 *
 * const retry = new RetryPolicy({ shouldRetry: isRetryable, retryAfter: retryAfterFromError });
 * const fetchCatalog = fetchWith(wrap(retry, new CircuitBreaker()));
 * const response = await fetchCatalog('https://catalog.internal/products/42');
 * ```
 */
export function fetchWith(policy: HttpPolicy, options?: FetchWithOptions): FetchLike {
  if (typeof (policy as { execute?: unknown } | null | undefined)?.execute !== 'function') {
    throw new TypeError(`policy must have an execute() method, got ${show(policy)}`);
  }
  const given: unknown = options;
  if (given !== undefined) assertOptions(given, 'options', OPTIONS);
  assertFunction(options?.fetch, 'fetch');
  assertFunction(options?.failOn, 'failOn');
  assertClock(options?.clock);
  const settings: Settings = {
    fetch: options?.fetch,
    failOn: options?.failOn ?? isFailingStatus,
    clock: options?.clock,
  };
  return (input, init) => {
    const signal = init?.signal === undefined ? requestOf(input)?.signal : init.signal;
    const attempt = (context: { readonly signal: AbortSignal }): Promise<Response> =>
      send(settings, input, init, context.signal, signal ?? undefined);
    try {
      return signal === undefined || signal === null
        ? policy.execute(attempt)
        : policy.execute(attempt, { signal });
    } catch (error) {
      // A policy of the caller's own that throws synchronously still leaves a rejection.
      return Promise.reject(error);
    }
  };
}

interface Settings {
  readonly fetch: FetchLike | undefined;
  readonly failOn: (status: number, response: Response) => boolean;
  readonly clock: Clock | undefined;
}

async function send(
  settings: Settings,
  input: string | URL | Request,
  init: RequestInit | undefined,
  policySignal: AbortSignal,
  callerSignal: AbortSignal | undefined,
): Promise<Response> {
  const call = settings.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (typeof call !== 'function') {
    throw new TypeError(`fetch must be a function, got ${show(call)} (pass options.fetch)`);
  }
  const request = requestOf(input);
  // A body is read when it is sent: each attempt sends a copy.
  const sent = request !== undefined && request.body !== null ? request.clone() : input;
  const link = linkSignals(policySignal, callerSignal);
  let response: Response;
  try {
    response = await call(sent, { ...init, signal: link.signal });
  } finally {
    link.unlink();
  }
  let failed: boolean;
  try {
    failed = settings.failOn(response.status, response);
  } catch (error) {
    discard(response);
    throw error;
  }
  if (!failed) return response;
  discard(response);
  throw HttpStatusError.fromResponse(response, {
    method: init?.method ?? request?.method ?? 'GET',
    url: request?.url ?? (typeof input === 'string' ? input : (input as URL).href),
    ...(settings.clock === undefined ? {} : { clock: settings.clock }),
  });
}

interface Link {
  readonly signal: AbortSignal;
  unlink(): void;
}

const noop = (): void => {};

/**
 * The signal a request is sent with. Usually the policy's signal is the caller's, or is linked to
 * it by the policy (a timeout's): then it is used as is. A policy that does not hand the caller's
 * signal on gets both linked here for the time of the request, and unlinked when its response
 * arrives, so that no listener stays on the caller's signal.
 */
function linkSignals(policySignal: AbortSignal, callerSignal: AbortSignal | undefined): Link {
  if (callerSignal === undefined || callerSignal === policySignal) {
    return { signal: policySignal, unlink: noop };
  }
  const controller = new AbortController();
  const sources = mayAbort(policySignal) ? [policySignal, callerSignal] : [callerSignal];
  const abort = (): void => {
    const source = sources.find((signal) => signal.aborted);
    controller.abort(source?.reason);
  };
  const unlink = (): void => {
    for (const signal of sources) signal.removeEventListener('abort', abort);
  };
  if (sources.some((signal) => signal.aborted)) abort();
  else for (const signal of sources) signal.addEventListener('abort', abort, { once: true });
  return { signal: controller.signal, unlink };
}

function requestOf(input: string | URL | Request): Request | undefined {
  return typeof input === 'object' &&
    input !== null &&
    typeof (input as Partial<Request>).clone === 'function' &&
    typeof (input as Partial<Request>).url === 'string'
    ? (input as Request)
    : undefined;
}

const ignore = (): void => {};

/** Cancels a response's body that nobody will read, so that its connection is not held. */
function discard(response: Response): void {
  try {
    const body = response.body;
    if (body !== null && body !== undefined && !body.locked) body.cancel().then(ignore, ignore);
  } catch {
    // A response of a custom fetch without a usable body: nothing to release.
  }
}
