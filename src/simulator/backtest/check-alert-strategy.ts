// The check of one alerting strategy, shared by backtest and the command that names strategies by
// their own flag.
import { assertOptions, assertPositive, show } from '../../internal/validate.js';
import { resolveSloOptions } from '../../slo/slo-options.js';
import type { AlertStrategy } from './alert-strategy.js';
import type { ReplaySlo } from './replay-strategy.js';

/**
 * Checks a strategy as the tracker would, so that its errors name `path` (`strategies[1]`, or how
 * a command calls it) rather than the tracker's options.
 *
 * @throws TypeError or RangeError naming `path` and the field at fault.
 *
 * @example
 * ```ts
 * checkAlertStrategy(parseAlertTiers('14.4x:100w'), '--alerts', { name: 'api', objective: 0.999 });
 * // RangeError: --alerts.windowMs must be at most the SLO's period (2592000000), got 60480000000
 * ```
 */
export function checkAlertStrategy(strategy: AlertStrategy, path: string, slo: ReplaySlo): void {
  if (typeof strategy !== 'object' || strategy === null) {
    throw new TypeError(`${path} must be an AlertStrategy, got ${show(strategy)}`);
  }
  if (typeof strategy.name !== 'string' || strategy.name === '') {
    throw new TypeError(`${path}.name must be a non-empty string, got ${show(strategy.name)}`);
  }
  if (strategy.kind === 'tiers') {
    checkKeys(strategy, path, ['name', 'kind', 'alerts']);
    resolveSloOptions({ ...slo, alerts: strategy.alerts }, path);
    return;
  }
  if (strategy.kind !== 'threshold') {
    throw new TypeError(
      `${path}.kind must be 'tiers' or 'threshold', got ${show((strategy as { kind: unknown }).kind)}`,
    );
  }
  checkKeys(strategy, path, ['name', 'kind', 'severity', 'burnRate', 'windowMs']);
  if (strategy.severity !== 'page' && strategy.severity !== 'ticket') {
    throw new TypeError(
      `${path}.severity must be 'page' or 'ticket', got ${show(strategy.severity)}`,
    );
  }
  assertPositive(strategy.burnRate, `${path}.burnRate`);
  assertPositive(strategy.windowMs, `${path}.windowMs`);
  const periodMs = slo.windowMs ?? 30 * 86_400_000;
  if (strategy.windowMs > periodMs) {
    throw new RangeError(
      `${path}.windowMs must be at most the SLO's period (${periodMs}), got ${strategy.windowMs}`,
    );
  }
}

/** assertOptions without its narrowing, which would lose the strategy's own type. */
function checkKeys(value: unknown, path: string, keys: readonly string[]): void {
  assertOptions(value, path, keys);
}
