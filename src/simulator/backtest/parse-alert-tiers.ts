import { show } from '../../internal/validate.js';
import type { BurnRateAlert } from '../../slo/index.js';
import { parseShorthand } from '../../slo/spec/spec-durations.js';
import type { AlertStrategy } from './alert-strategy.js';

const TIER = /^(\d+(?:\.\d+)?)x:([^/:]+)(?:\/([^/:]+))?(?::(page|ticket))?$/;

/**
 * One strategy from the compact syntax of `ballast backtest --alerts`: tiers separated by commas,
 * each `<burn rate>x:<long window>/<short window>[:page|:ticket]` (page by default), with
 * durations in `ms`, `s`, `m`, `h`, `d` or `w`. A single tier without a short window,
 * `<burn rate>x:<window>`, is a single-window threshold. The strategy is named by the text.
 *
 * @throws TypeError naming the tier at fault and what is wrong (a negative burn rate included).
 *
 * @example
 * ```ts
 * parseAlertTiers('14.4x:1h/5m,6x:6h/30m,3x:1d/2h:ticket'); // three tiers
 * parseAlertTiers('1x:10m'); // page while the last 10 minutes burn the budget at 1x or faster
 * ```
 */
export function parseAlertTiers(text: string): AlertStrategy {
  if (typeof text !== 'string') {
    throw new TypeError(
      `parseAlertTiers: text must be a string such as "14.4x:1h/5m", got ${show(text)}`,
    );
  }
  const parts = text.split(',').map((part) => part.trim());
  const alerts: BurnRateAlert[] = [];
  for (const [index, part] of parts.entries()) {
    const at =
      parts.length === 1 ? show(text) : `tier ${index + 1} (${show(part)}) of ${show(text)}`;
    const match = TIER.exec(part);
    if (match === null && /^-\d/.test(part)) {
      throw new TypeError(`${at}: the burn rate must be > 0, got ${part.split('x')[0]!}`);
    }
    if (match === null) {
      throw new TypeError(
        `${at} must be <rate>x:<long>/<short>[:page|:ticket], such as 14.4x:1h/5m`,
      );
    }
    const [, rate, long, short, severity] = match as unknown as [
      string,
      string,
      string,
      string | undefined,
      string | undefined,
    ];
    const burnRate = Number(rate);
    if (!(burnRate > 0)) throw new TypeError(`${at}: the burn rate must be > 0`);
    const longWindowMs = duration(long, at);
    if (short === undefined) {
      if (parts.length > 1) {
        throw new TypeError(
          `${at}: a single-window threshold stands alone; give tiers a short window`,
        );
      }
      return {
        name: text,
        kind: 'threshold',
        severity: (severity ?? 'page') as 'page' | 'ticket',
        burnRate,
        windowMs: longWindowMs,
      };
    }
    const shortWindowMs = duration(short, at);
    if (shortWindowMs >= longWindowMs) {
      throw new TypeError(`${at}: the short window must be shorter than the long one`);
    }
    alerts.push({
      severity: (severity ?? 'page') as 'page' | 'ticket',
      burnRate,
      longWindowMs,
      shortWindowMs,
    });
  }
  return { name: text, kind: 'tiers', alerts };
}

function duration(text: string, at: string): number {
  const ms = parseShorthand(text, true);
  if (typeof ms === 'string') throw new TypeError(`${at}: ${show(text)} ${ms}`);
  return ms;
}
