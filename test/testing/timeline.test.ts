import { describe, expect, it } from 'vitest';
import {
  FakeDependency,
  VirtualClock,
  fail,
  ok,
  timeline,
  type FakeCall,
} from '../../src/testing/index.js';

const at = (now: number): FakeCall => ({ number: 1, now, request: undefined });

describe('timeline', () => {
  it('plays the phase each call starts in, its steps in turn, the last phase for ever', () => {
    const script = timeline([
      { durationMs: 100, steps: [ok('a1'), ok('a2')] },
      { label: 'outage', durationMs: 50, steps: [fail(503)] },
      { durationMs: 10, steps: [ok('c1'), ok('c2'), ok('c3')] },
    ]);
    const played = [0, 10, 99, 100, 149, 150, 1_000, 5_000, 99_999, 20].map((now) => {
      const step = script(at(now));
      return step.kind === 'ok' ? step.value : step.kind;
    });
    expect(played).toEqual(['a1', 'a2', 'a1', 'fail', 'fail', 'c1', 'c2', 'c3', 'c1', 'a2']);
  });

  it('starts at startMs, a call before it playing the first phase', () => {
    const script = timeline(
      [
        { durationMs: 10, steps: [ok('first')] },
        { durationMs: 10, steps: [ok('second')] },
      ],
      { startMs: 1_000 },
    );
    expect([script(at(0)), script(at(1_009)), script(at(1_010))]).toMatchObject([
      { value: 'first' },
      { value: 'first' },
      { value: 'second' },
    ]);
  });

  it('skips a phase of no duration', () => {
    const script = timeline([
      { durationMs: 0, steps: [fail(500)] },
      { durationMs: 5, steps: [ok('x')] },
    ]);
    expect(script(at(0))).toMatchObject({ kind: 'ok' });
  });

  it('drives a FakeDependency through an outage on the clock', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({
      clock,
      script: timeline([
        { durationMs: 1_000, steps: [ok('up')] },
        { durationMs: 1_000, steps: [fail(503)] },
        { durationMs: 0, steps: [ok('up again')] },
      ]),
    });
    await expect(dependency.call()).resolves.toBe('up');
    await clock.advance(1_500);
    await expect(dependency.call()).rejects.toMatchObject({ status: 503 });
    await clock.advance(500);
    await expect(dependency.call()).resolves.toBe('up again');
  });

  it('rejects bad phases, naming them', () => {
    expect(() => timeline([])).toThrow('phases must be a non-empty array, got an array of 0');
    expect(() => timeline([{ durationMs: -1, steps: [ok()] }])).toThrow(
      'phases[0].durationMs must be a finite number >= 0, got -1',
    );
    expect(() => timeline([{ durationMs: 5, steps: [] }])).toThrow(
      'phases[0].steps must be a non-empty array, got an array of 0',
    );
    expect(() => timeline([{ durationMs: 5, steps: [ok(), 'fail'] }] as never)).toThrow(
      'phases[0].steps[1] must be a step made by ok(), fail(), slow() or hang(), got "fail"',
    );
    expect(() => timeline([{ duration: 5, steps: [ok()] }] as never)).toThrow(
      'unknown option "phases[0].duration" (did you mean "phases[0].durationMs"?)',
    );
    expect(() => timeline([{ durationMs: 5, steps: [ok()] }], { startMs: Infinity })).toThrow(
      'startMs must be finite, got Infinity',
    );
  });
});
