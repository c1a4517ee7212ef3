import { assertName } from '../internal/validate.js';

/**
 * An error like the one Node's `fetch` (undici) rejects with when the network fails:
 * `TypeError: fetch failed`, with an error carrying `code` as its `cause`. Give it to
 * {@link fail} to stand for a dropped connection; `isTransientNetworkError` from `ballast/retry`
 * recognises it (for the codes it lists).
 *
 * @param code - the system error code of the cause. @default 'ECONNRESET'
 *
 * @example
 * ```ts
 * import { fail, networkError } from 'ballast/testing';
 *
 * const script = [fail(networkError()), fail(networkError('ECONNREFUSED')), ok('x')];
 * ```
 */
export function networkError(code = 'ECONNRESET'): TypeError {
  assertName(code, 'code');
  const cause = Object.assign(new Error(`connect ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}
