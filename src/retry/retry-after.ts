// The parsing lives in internal/ so that ballast/http reads the same headers the same way; this
// module's public API is unchanged.
export { parseRetryAfter, retryAfterFromHeaders } from '../internal/retry-after.js';
