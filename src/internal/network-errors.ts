// Error codes of failures that a new connection may well not repeat. ENOTFOUND is left out on
// purpose: it is a name that does not resolve (NXDOMAIN), which retrying does not fix; a DNS
// server that could not answer in time gives EAI_AGAIN instead.
const TRANSIENT_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

// A circuit breaker's rejection, recognised by its registered brand (modules do not import each
// other). Its `cause` says why the circuit opened, not what went wrong with this call.
const BROKEN_CIRCUIT = Symbol.for('ballast.BrokenCircuitError');

// Bounds the walk down `cause` (which a cycle could otherwise make endless) and into `errors`.
const MAX_DEPTH = 8;

/**
 * Whether `error` is a network failure worth retrying: an error whose `code`, or the `code` of an
 * error in its `cause` chain (or in an `AggregateError`'s `errors`, as Node's happy-eyeballs
 * connect reports them), is one of `ECONNRESET`, `ECONNREFUSED`, `ECONNABORTED`, `ETIMEDOUT`,
 * `EPIPE`, `EAI_AGAIN`, `ENETUNREACH`, `ENETDOWN`, `EHOSTUNREACH`, `UND_ERR_SOCKET`,
 * `UND_ERR_CONNECT_TIMEOUT`, `UND_ERR_HEADERS_TIMEOUT` or `UND_ERR_BODY_TIMEOUT`. That covers
 * Node's `fetch` (undici), which rejects with `TypeError: fetch failed` and the network error as
 * its `cause`, and `node:http`/`node:net` errors.
 *
 * Not included: `ENOTFOUND` (a name that does not resolve stays unresolved), HTTP statuses (look at
 * the response with `retryOnResult`), aborts, and browser `fetch` failures (`TypeError: Failed to
 * fetch` carries no cause and cannot be told apart from a CORS refusal).
 *
 * @example
 * ```ts
 * import { RetryPolicy, isTransientNetworkError } from 'ballast/retry';
 *
 * const policy = new RetryPolicy({ shouldRetry: (error) => isTransientNetworkError(error) });
 * const res = await policy.execute(({ signal }) => fetch(url, { signal }));
 * ```
 */
export function isTransientNetworkError(error: unknown): boolean {
  return someInChain(error, (node) => hasCode(node, TRANSIENT_CODES));
}

/**
 * @internal Whether a failure is a timeout, for the AWS quota's higher retry cost: an error named
 * `TimeoutError` (`AbortSignal.timeout`, ballast's `TimeoutPolicy`) or with a timeout code, on it
 * or in its cause chain.
 */
export function isTimeoutFailure(failure: unknown): boolean {
  return someInChain(
    failure,
    (node) => (node as { name?: unknown }).name === 'TimeoutError' || hasCode(node, TIMEOUT_CODES),
  );
}

/**
 * Whether `test` holds for `error` or an error it wraps: down the `cause` chain, and one level
 * into an `AggregateError`'s `errors` at each step, at most 8 deep (a cycle cannot loop forever),
 * and not past a `BrokenCircuitError` (whose `cause` is the failure that opened the circuit).
 */
export function someInChain(error: unknown, test: (node: object) => boolean): boolean {
  let node = error;
  for (let depth = 0; depth < MAX_DEPTH && typeof node === 'object' && node !== null; depth++) {
    if (test(node)) return true;
    const errors = (node as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      for (let index = 0; index < errors.length && index < MAX_DEPTH; index++) {
        const inner: unknown = errors[index];
        if (typeof inner === 'object' && inner !== null && test(inner)) return true;
      }
    }
    if (BROKEN_CIRCUIT in node) return false;
    node = (node as { cause?: unknown }).cause;
  }
  return false;
}

function hasCode(node: object, codes: ReadonlySet<string>): boolean {
  const code = (node as { code?: unknown }).code;
  return typeof code === 'string' && codes.has(code);
}
