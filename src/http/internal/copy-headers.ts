import type { HeadersLike } from '../http-status-error.js';

/**
 * A `Headers` copy of a response's headers, whichever client they come from: fetch's `Headers`, or
 * a plain record (undici's `request`, `node:http`, axios's `AxiosHeaders`) whose values may be
 * strings, numbers or arrays. `set-cookie` is left out: the copy lives on an error, errors end up
 * in logs, and a session cookie is a credential. A name or value `Headers` refuses is skipped: an
 * error being built must not throw about a header nobody asked for.
 */
export function copyHeaders(source: HeadersLike | undefined): Headers {
  const headers = new Headers();
  if (source === undefined) return headers;
  if (isFetchHeaders(source)) {
    source.forEach((value, name) => add(headers, name, value));
  } else {
    for (const name of Object.keys(source)) add(headers, name, source[name]);
  }
  return headers;
}

function isFetchHeaders(source: HeadersLike): source is Headers {
  return (
    typeof (source as Partial<Headers>).forEach === 'function' &&
    typeof (source as Partial<Headers>).get === 'function'
  );
}

function add(headers: Headers, name: string, value: unknown): void {
  if (name.toLowerCase() === 'set-cookie') return;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) add(headers, name, item);
    return;
  }
  if (typeof value !== 'string' && typeof value !== 'number') return;
  try {
    headers.append(name, String(value));
  } catch {
    // An invalid name or value (a space in the name, a newline in the value): skipped, see above.
  }
}
