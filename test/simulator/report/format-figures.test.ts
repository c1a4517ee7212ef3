import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatFactor,
  formatLatency,
  formatOffset,
  formatPercent,
} from '../../../src/simulator/report/format-figures.js';

describe('format-figures', () => {
  it('writes durations with the largest unit first and drops trailing zero units', () => {
    expect(formatDuration(245_000)).toBe('4m05s');
    expect(formatDuration(900_000)).toBe('15m');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(3_605_000)).toBe('1h00m05s');
    expect(formatDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe('2d03h');
    expect(formatDuration(1500)).toBe('1.5s');
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(0)).toBe('0ms');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('writes offsets from the start with a sign', () => {
    expect(formatOffset(750_000)).toBe('+12m30s');
    expect(formatOffset(0)).toBe('+0');
    expect(formatOffset(-60_000)).toBe('-1m');
    expect(formatOffset(undefined)).toBe('—');
  });

  it('writes shares, factors, counts and latencies for people, and a dash for what does not exist', () => {
    expect(formatPercent(0.9987)).toBe('99.87 %');
    expect(formatPercent(Number.NaN)).toBe('—');
    expect(formatFactor(1.23)).toBe('1.2x');
    expect(formatFactor(250.4)).toBe('250x');
    expect(formatFactor(Number.NaN)).toBe('—');
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatLatency(3.21)).toBe('3.2 ms');
    expect(formatLatency(42.4)).toBe('42 ms');
    expect(formatLatency(1250)).toBe('1.25 s');
    expect(formatLatency(Number.NaN)).toBe('—');
  });
});
