export { fetchWith, type FetchLike, type FetchWithOptions, type HttpPolicy } from './fetch-with.js';
export {
  HttpStatusError,
  isHttpStatusError,
  type HeadersLike,
  type HttpStatusErrorOptions,
  type StatusResponse,
} from './http-status-error.js';
export { isRetryable, retryAfterFromError } from './is-retryable.js';
export { isFailingStatus } from './status.js';
