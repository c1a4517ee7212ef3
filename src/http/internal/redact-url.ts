// What an HttpStatusError may show of a URL. Errors end up in logs, so neither its `url` nor its
// message may carry credentials, and the message leaves out the query string too (tokens, e-mail
// addresses and session ids travel there).

// What the WHATWG URL parser drops before it parses: C0 controls and spaces at either end, tabs and
// newlines anywhere. Dropped here too, so that the text-level rule below sees what a client sees.
// eslint-disable-next-line no-control-regex -- control characters are what these patterns match
const EDGES = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
const TAB_OR_NEWLINE = /[\t\n\r]/g;
// eslint-disable-next-line no-control-regex -- see above: kept out of log lines
const CONTROL = /[\u0000-\u001f\u007f]/g;
// A scheme directly followed by a slash, then any slashes: what comes next is an authority.
const AUTHORITY_START = /^(?:[a-z][a-z\d+.-]*:(?=[\\/]))?[\\/]*/i;
const AUTHORITY_END = /[/?#]/;
const QUERY_OR_FRAGMENT = /[?#][\s\S]*$/;

/**
 * `url` without `user:password@`. An absolute URL with a host goes through the WHATWG parser, which
 * decides what its credentials are (`https:user:pass@host`, backslashes and tabs included) and
 * gives the normalised text. Anything else (a relative reference such as `//user:pass@host/x`, a
 * path, a string that does not parse) loses everything up to the last `@` of its first segment:
 * that may cut an `@` out of a relative path's first segment, which is the safe way to be wrong.
 */
export function redactUrl(url: string): string {
  // Removing a prefix can reveal another authority (`@//u:p@host`, `@https://u:p@host`): again,
  // until nothing changes. Each round that changes the text shortens it or normalises it once.
  let text = url.replace(EDGES, '').replace(TAB_OR_NEWLINE, '');
  for (;;) {
    // Cutting a prefix can leave spaces at the start (`@ !` gives ` !`): dropped as at first.
    const next = redactOnce(text).replace(EDGES, '');
    if (next === text) return next;
    text = next;
  }
}

function redactOnce(text: string): string {
  try {
    const parsed = new URL(text);
    if (parsed.host !== '') {
      parsed.username = '';
      parsed.password = '';
      return parsed.href;
    }
  } catch {
    // Not an absolute URL: the text-level rule below.
  }
  const safe = text.replace(CONTROL, encodeURIComponent);
  const start = AUTHORITY_START.exec(safe)![0].length;
  const rest = safe.slice(start);
  const end = rest.search(AUTHORITY_END);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  return at === -1 ? safe : safe.slice(0, start) + rest.slice(at + 1);
}

/** `url` as an error message shows it: without credentials, query string or fragment. */
export function urlForMessage(redacted: string): string {
  return redacted.replace(QUERY_OR_FRAGMENT, '');
}
