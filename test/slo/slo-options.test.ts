import { describe, expect, it } from 'vitest';
import { SloTracker, type BurnRateAlert, type SloOptions } from '../../src/slo/index.js';
import { manualClock } from './reference-model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const tier = (overrides: Partial<BurnRateAlert>): BurnRateAlert => ({
  severity: 'page',
  burnRate: 2,
  longWindowMs: HOUR,
  shortWindowMs: 5 * MINUTE,
  ...overrides,
});

function build(overrides: Partial<Record<keyof SloOptions, unknown>>): SloTracker {
  return new SloTracker({
    name: 'bad',
    objective: 0.99,
    clock: manualClock(),
    ...overrides,
  } as SloOptions);
}

describe('SloTracker options', () => {
  it.each<[string, Partial<Record<keyof SloOptions, unknown>>, ErrorConstructor, RegExp]>([
    ['no name', { name: '' }, TypeError, /name must be a non-empty string, got ""/],
    ['a numeric name', { name: 7 }, TypeError, /name must be a non-empty string, got 7/],
    ['objective 0', { objective: 0 }, RangeError, /objective must be in \(0, 1\), got 0/],
    ['objective 1', { objective: 1 }, RangeError, /objective must be in \(0, 1\), got 1/],
    ['objective 99.9', { objective: 99.9 }, RangeError, /objective must be in \(0, 1\), got 99.9/],
    ['objective NaN', { objective: Number.NaN }, RangeError, /objective .* got NaN/],
    ['windowMs 0', { windowMs: 0 }, RangeError, /windowMs must be a finite number > 0, got 0/],
    ['windowMs NaN', { windowMs: Number.NaN }, RangeError, /windowMs .* got NaN/],
    ['windowMs Infinity', { windowMs: Infinity }, RangeError, /windowMs .* got Infinity/],
    ['latency -1', { latencyThresholdMs: -1 }, RangeError, /latencyThresholdMs .* got -1/],
    ['latency 0', { latencyThresholdMs: 0 }, RangeError, /latencyThresholdMs .* got 0/],
    ['minimumEvents 0', { minimumEvents: 0 }, RangeError, /minimumEvents must be an integer >= 1/],
    ['minimumEvents 2.5', { minimumEvents: 2.5 }, RangeError, /minimumEvents .* got 2.5/],
    ['a clock without timers', { clock: { now: () => 0 } }, TypeError, /clock must be a Clock/],
    [
      'alerts true',
      { alerts: true },
      TypeError,
      /alerts must be an array of BurnRateAlert or false/,
    ],
    ['a null tier', { alerts: [null] }, TypeError, /alerts\[0\] must be a BurnRateAlert object/],
    [
      'an unknown severity',
      { alerts: [tier({ severity: 'critical' as 'page' })] },
      TypeError,
      /alerts\[0\]\.severity must be 'page' or 'ticket', got "critical"/,
    ],
    [
      'burn rate 0',
      { alerts: [tier({}), tier({ burnRate: 0 })] },
      RangeError,
      /alerts\[1\]\.burnRate must be a finite number > 0, got 0/,
    ],
    [
      'a negative window',
      { alerts: [tier({ shortWindowMs: -5 })] },
      RangeError,
      /alerts\[0\]\.shortWindowMs .* got -5/,
    ],
    [
      'a NaN window',
      { alerts: [tier({ longWindowMs: Number.NaN })] },
      RangeError,
      /alerts\[0\]\.longWindowMs .* got NaN/,
    ],
    [
      'a window longer than the period',
      { windowMs: DAY, alerts: [tier({ longWindowMs: 2 * DAY })] },
      RangeError,
      /alerts\[0\]\.longWindowMs must be at most windowMs \(86400000\), got 172800000$/,
    ],
    [
      'the default tiers on a 1-day period',
      { windowMs: DAY },
      RangeError,
      /alerts\[3\]\.longWindowMs must be at most windowMs .*the default alerts need a period of at least 3 days/,
    ],
    [
      'a short window as long as the long one',
      { alerts: [tier({ shortWindowMs: HOUR })] },
      RangeError,
      /alerts\[0\]\.shortWindowMs must be less than longWindowMs \(3600000\), got 3600000/,
    ],
  ])('rejects %s', (_, overrides, type, message) => {
    expect(() => build(overrides)).toThrow(type);
    expect(() => build(overrides)).toThrow(message);
  });

  it('rejects unknown options with the closest valid name, at every level', () => {
    expect(() => build({ window: DAY } as never)).toThrow(
      new TypeError('unknown option "window" (did you mean "windowMs"?)'),
    );
    expect(() => build({ target: 0.99 } as never)).toThrow(/unknown option "target" \(ballast/);
    expect(() => build({ alerts: [tier({}), { ...tier({}), longWindow: HOUR }] })).toThrow(
      new TypeError(
        'unknown option "alerts[1].longWindow" (did you mean "alerts[1].longWindowMs"?)',
      ),
    );
  });

  it('rejects null options rather than reading them as the default', () => {
    expect(() => build({ windowMs: null })).toThrow(/windowMs must not be null/);
    expect(() => build({ alerts: null })).toThrow(/alerts must not be null/);
    expect(() => build({ initialState: null })).toThrow(/initialState must not be null/);
    expect(() => build({ alerts: [{ ...tier({}), burnRate: null }] })).toThrow(
      /alerts\[0\]\.burnRate must not be null/,
    );
  });

  it('shows any value in its messages, and rejects blank names', () => {
    expect(() => build({ name: '  ' })).toThrow(/name must be a non-empty string, got " {2}"/);
    expect(() => build({ objective: 10n })).toThrow(/objective must be in \(0, 1\), got 10n/);
    expect(() => build({ name: Symbol('s') })).toThrow(/got Symbol\(s\)/);
    expect(() => build({ alerts: [Object.create(null)] })).toThrow(/alerts\[0\]\.severity/);
    expect(() => build({ alerts: [tier({ severity: Symbol('p') as never })] })).toThrow(
      /alerts\[0\]\.severity must be 'page' or 'ticket', got Symbol\(p\)/,
    );
    expect(() => build({ alerts: 1n })).toThrow(
      /alerts must be an array of BurnRateAlert or false, got 1n/,
    );
    const slo = build({});
    expect(() => slo.record(1n as never)).toThrow(/good must be a boolean, got 1n/);
    expect(() => slo.record(true, 2 ** 60)).toThrow(/count must be a safe integer >= 0/);
    expect(() => slo.recordCall(1, Symbol('ok') as never)).toThrow(
      /ok must be a boolean, got Symbol\(ok\)/,
    );
  });

  it('rejects options that are not an object', () => {
    expect(() => new SloTracker(undefined as unknown as SloOptions)).toThrow(
      /options must be an object/,
    );
  });

  it('rejects bad arguments to record, recordCall and the reads', () => {
    const slo = build({});
    expect(() => slo.record(true, Number.NaN)).toThrow(
      /count must be a safe integer >= 0, got NaN/,
    );
    expect(() => slo.record(true, -1)).toThrow(RangeError);
    expect(() => slo.record(false, 1.5)).toThrow(/count .* got 1.5/);
    expect(() => slo.record('yes' as unknown as boolean)).toThrow(/good must be a boolean/);
    expect(() => slo.recordCall(-1, true)).toThrow(/durationMs must be a finite number >= 0/);
    expect(() => slo.recordCall(Number.NaN, true)).toThrow(/durationMs .* got NaN/);
    expect(() => slo.recordCall(1, 1 as unknown as boolean)).toThrow(/ok must be a boolean/);
    expect(() => slo.sli(0)).toThrow(/windowMs must be a finite number > 0, got 0/);
    expect(() => slo.sli(31 * DAY)).toThrow(/windowMs must be at most the period \(2592000000\)/);
    expect(() => slo.burnRate(-HOUR)).toThrow(RangeError);
    expect(() => slo.burnRate(Number.NaN)).toThrow(RangeError);
    expect(slo.totals()).toEqual({ good: 0, total: 0 });
    slo.record(true, 0);
    expect(slo.totals()).toEqual({ good: 0, total: 0 });
  });

  it('names the option other tools call period, and an alert that is not an object', () => {
    expect(() => build({ period: DAY } as never)).toThrow(
      new TypeError('unknown option "period" (ballast calls it "windowMs")'),
    );
    expect(() => build({ alerts: [tier({}), 5] })).toThrow(
      new TypeError('alerts[1] must be a BurnRateAlert object, got 5'),
    );
    expect(() => build({ alerts: [[]] })).toThrow(
      new TypeError('alerts[0] must be a BurnRateAlert object, got an array of 0'),
    );
  });

  it('tells how to fix the default alerts on a period shorter than 3 days', () => {
    expect(() => build({ windowMs: 2 * DAY })).toThrow(
      new RangeError(
        'alerts[3].longWindowMs must be at most windowMs (172800000), got 259200000 ' +
          '(the default alerts need a period of at least 3 days: pass alerts for a shorter ' +
          'windowMs, or alerts: false)',
      ),
    );
  });

  it('does not warn about a tier whose burn rate 100 % errors reach exactly', () => {
    expect(build({ objective: 0.9, alerts: [tier({ burnRate: 10 })] }).warnings).toEqual([]);
    expect(
      build({ objective: 0.9, alerts: [tier({ burnRate: 10 * (1 + 1e-10) })] }).warnings,
    ).toEqual([]);
    // The tolerance is inclusive: a burn rate at its very edge still counts as reachable.
    expect(
      build({ objective: 0.9, alerts: [tier({ burnRate: 10 * (1 + 1e-9) })] }).warnings,
    ).toEqual([]);
    expect(build({ objective: 0.9, alerts: [tier({ burnRate: 10.001 })] }).warnings).toEqual([
      'alerts[0] (page, 10.001x over 1 h and 5 min) can never fire: at objective 0.9, ' +
        'even 100 % errors burn the budget at only 10x',
    ]);
  });

  it('warns about tiers that can never fire', () => {
    const slo = build({ objective: 0.9 });
    // 100 % errors burn a 10 % budget at 10x: the 14.4x tier is out of reach, the others are not.
    expect(slo.warnings).toEqual([
      'alerts[0] (page, 14.4x over 1 h and 5 min) can never fire: at objective 0.9, ' +
        'even 100 % errors burn the budget at only 10x',
    ]);
    expect(Object.isFrozen(slo.warnings)).toBe(true);
    expect(build({ objective: 0.93 }).warnings).toHaveLength(1);
    expect(build({ objective: 0.95 }).warnings).toEqual([]);
  });

  it('warns about windows read in buckets too coarse for them', () => {
    const slo = build({
      alerts: [tier({ longWindowMs: 10 * MINUTE, shortWindowMs: MINUTE })],
    });
    expect(slo.warnings).toEqual([
      'alerts[0] (page, 2x over 10 min and 1 min): its 1 min window is read in buckets of ' +
        '10000 ms, 16.7 % of it; reads are exact only to one bucket, so use longer windows or a ' +
        'shorter windowMs',
    ]);
  });

  it('warns only when a window is read in buckets wider than a tenth of it, each window in turn', () => {
    const SECOND = 1_000;
    // 30 days: windows up to an hour are read in 10-s buckets, exactly a tenth of 100 s.
    expect(build({ alerts: [tier({ shortWindowMs: 100 * SECOND })] }).warnings).toEqual([]);
    expect(build({ alerts: [tier({ shortWindowMs: 99 * SECOND })] }).warnings).toEqual([
      'alerts[0] (page, 2x over 1 h and 99 s): its 99 s window is read in buckets of ' +
        '10000 ms, 10.1 % of it; reads are exact only to one bucket, so use longer windows or a ' +
        'shorter windowMs',
    ]);
    // Both windows too coarse: one warning each, the short window first.
    const both = build({
      alerts: [tier({ longWindowMs: 90 * SECOND, shortWindowMs: 30 * SECOND })],
    }).warnings;
    expect(both).toHaveLength(2);
    expect(both[0]).toMatch(/its 30 s window is read in buckets of 10000 ms, 33\.3 % of it/);
    expect(both[1]).toMatch(/its 90 s window is read in buckets of 10000 ms, 11\.1 % of it/);
    // The resolution follows the period: over 1 h, 5 s are read in 13.9-ms buckets.
    const hourly = build({
      windowMs: HOUR,
      alerts: [tier({ longWindowMs: SECOND, shortWindowMs: 100 })],
    }).warnings;
    expect(hourly).toEqual([
      'alerts[0] (page, 2x over 1 s and 100 ms): its 100 ms window is read in buckets of ' +
        '13.9 ms, 13.9 % of it; reads are exact only to one bucket, so use longer windows or a ' +
        'shorter windowMs',
    ]);
    // Windows past the finest tier are read in buckets at most 4.2 % of them: never a warning.
    expect(
      build({ alerts: [tier({ longWindowMs: DAY + 1, shortWindowMs: HOUR + 1 })] }).warnings,
    ).toEqual([]);
  });

  it('keeps frozen tiers as they are and freezes copies of the others', () => {
    const mine = tier({});
    const frozen = Object.freeze(tier({ severity: 'ticket' }));
    const slo = build({ alerts: [mine, frozen] });
    expect(slo.alerts[0]).toEqual(mine);
    expect(slo.alerts[0]).not.toBe(mine);
    expect(Object.isFrozen(slo.alerts[0])).toBe(true);
    expect(slo.alerts[1]).toBe(frozen);
    expect(build({ alerts: false }).alerts).toEqual([]);
  });
});
