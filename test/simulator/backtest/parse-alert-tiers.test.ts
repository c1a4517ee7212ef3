import { describe, expect, it } from 'vitest';
import { parseAlertTiers } from '../../../src/simulator/index.js';

describe('parseAlertTiers', () => {
  it('reads tiers, page by default, in any duration unit', () => {
    expect(parseAlertTiers('14.4x:1h/5m, 3x:1d/2h:ticket,2x:90s/10s:page')).toEqual({
      name: '14.4x:1h/5m, 3x:1d/2h:ticket,2x:90s/10s:page',
      kind: 'tiers',
      alerts: [
        { severity: 'page', burnRate: 14.4, longWindowMs: 3_600_000, shortWindowMs: 300_000 },
        { severity: 'ticket', burnRate: 3, longWindowMs: 86_400_000, shortWindowMs: 7_200_000 },
        { severity: 'page', burnRate: 2, longWindowMs: 90_000, shortWindowMs: 10_000 },
      ],
    });
  });

  it('reads a lone tier without a short window as a single-window threshold', () => {
    expect(parseAlertTiers('1x:10m')).toEqual({
      name: '1x:10m',
      kind: 'threshold',
      severity: 'page',
      burnRate: 1,
      windowMs: 600_000,
    });
    expect(parseAlertTiers('2x:1w:ticket')).toMatchObject({
      kind: 'threshold',
      severity: 'ticket',
      windowMs: 604_800_000,
    });
  });

  it.each([
    ['14.4:1h/5m', '"14.4:1h/5m" must be <rate>x:<long>/<short>'],
    ['14.4x:1h/5m,,6x:6h/30m', 'tier 2 ("") of'],
    ['0x:1h/5m', 'the burn rate must be > 0'],
    ['6x:5m/1h', 'the short window must be shorter than the long one'],
    ['6x:1M/1h', 'months vary in length'],
    ['6x:1h/5m,1x:10m', 'a single-window threshold stands alone'],
    ['6x:1h/5m:urgent', 'must be <rate>x'],
  ])('rejects %j, naming the tier', (text, message) => {
    expect(() => parseAlertTiers(text)).toThrow(message);
  });
});
