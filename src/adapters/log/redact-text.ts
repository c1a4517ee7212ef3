// Scrubs credentials out of free text (error messages) before it is logged: the user:password of
// URLs, secrets in query strings, and the values of authentication headers. Messages are not URLs,
// so this works on patterns in text, as redactUrl's fallback does for what does not parse.

// `scheme://user:pass@` or `scheme://token@`: the authority's userinfo.
const USERINFO = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#@]*@/gi;
// `?api_key=...`, `&token=...`: query parameters that carry secrets.
const SECRET_PARAM =
  /([?&;](?:api[-_]?key|apikey|access[-_]?token|refresh[-_]?token|id[-_]?token|token|auth|password|passwd|pwd|secret|client[-_]?secret|sig|signature|session(?:[-_]?id)?|key|code|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&#\s'"]*/gi;
// `Authorization: Bearer x`, `Cookie: a=b; c=d`, `"x-api-key": "..."`: a header and its value.
const SECRET_HEADER =
  /\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-access-token|x-csrf-token)(["']?\s*[:=]\s*["']?)[^"'\r\n]*/gi;
// `Bearer abc.def` or `Basic dXNlcjpwYXNz` anywhere else.
const SCHEME_TOKEN = /\b(bearer|basic|digest)\s+[A-Za-z0-9._~+/=-]{8,}/gi;

const REDACTED = '[REDACTED]';

/**
 * `text` without the credentials it may carry: URL userinfo dropped, secret query parameters and
 * authentication headers' values replaced by `[REDACTED]`.
 *
 * @internal
 */
export function redactText(text: string): string {
  return text
    .replace(USERINFO, '$1')
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(SECRET_HEADER, `$1$2${REDACTED}`)
    .replace(SCHEME_TOKEN, `$1 ${REDACTED}`);
}
