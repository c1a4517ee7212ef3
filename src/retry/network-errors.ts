// The error codes live in internal/ so that ballast/http classifies network failures as the retry
// does; this module's public API is unchanged.
export { isTimeoutFailure, isTransientNetworkError } from '../internal/network-errors.js';
