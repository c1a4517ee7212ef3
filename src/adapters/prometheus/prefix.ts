import { show } from '../../internal/validate.js';

const PREFIX = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?$/;

/**
 * Throws a TypeError naming `option` unless `prefix` can start a Prometheus metric name.
 *
 * @internal
 */
export function assertPrometheusPrefix(prefix: unknown, option: string): asserts prefix is string {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new TypeError(
      `${option} must start a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${show(
        prefix,
      )}`,
    );
  }
}
