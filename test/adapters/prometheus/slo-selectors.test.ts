import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { instrumentPrometheus, sloSelectors } from '../../../src/adapters/prometheus/index.js';
import { SloTracker, toPrometheusRules } from '../../../src/slo/index.js';
import { VirtualClock } from '../../../src/testing/index.js';
import { samples } from '../helpers.js';

/** The samples a selector (`name{a="x",b="y"}`, equality matchers only) picks out of a scrape. */
function select(scrape: Map<string, number>, selector: string): number[] {
  const [, name, body] = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\}$/.exec(selector)!;
  const matchers = [...body!.matchAll(/(\w+)=("(?:[^"\\]|\\.)*")/g)].map(([, l, v]) => `${l}=${v}`);
  return [...scrape]
    .filter(([series]) => {
      if (!series.startsWith(`${name}{`)) return false;
      const labels = series.slice(name!.length + 1, -1).split(',');
      return matchers.every((m) => labels.includes(m));
    })
    .map(([, value]) => value);
}

describe('sloSelectors', () => {
  it('selects the adapter series: total is good + bad, bad is bad', () => {
    expect(sloSelectors('checkout')).toEqual({
      total: 'ballast_slo_events_total{slo="checkout"}',
      bad: 'ballast_slo_events_total{slo="checkout",outcome="bad"}',
    });
    expect(
      sloSelectors('a "b"', { prefix: 'shop_', matchers: { job: 'api', env: 'prod' } }),
    ).toEqual({
      total: 'shop_slo_events_total{slo="a \\"b\\"",job="api",env="prod"}',
      bad: 'shop_slo_events_total{slo="a \\"b\\"",job="api",env="prod",outcome="bad"}',
    });
  });

  it('points the generated rules at the series the adapter exports, which hold the tracker counts', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    const options = { name: 'checkout', objective: 0.999 };
    const slo = new SloTracker({ ...options, clock });
    instrumentPrometheus({ slos: [slo] }, { registry });
    slo.record(true, 970);
    slo.record(false, 30);
    const scrape = samples(await registry.metrics());

    const selectors = sloSelectors('checkout');
    const yaml = toPrometheusRules([{ slo: options, service: 'shop', ...selectors }]);
    // Every counter the rules read is one the adapter exports...
    const read = new Set([...yaml.matchAll(/rate\(([^[]+)\[/g)].map((m) => m[1]!));
    expect(read).toEqual(new Set([selectors.total, selectors.bad]));
    // ...and they select the tracker's events: total both outcomes, bad the bad ones.
    expect(select(scrape, selectors.total).sort()).toEqual([30, 970]);
    expect(select(scrape, selectors.bad)).toEqual([30]);
    const ratio = 1 - select(scrape, selectors.bad)[0]! / (970 + 30);
    expect(ratio).toBe(slo.sli());
    slo.close();
  });

  it.each([
    ['', {}, /^slo must be a non-empty string, got ""$/],
    ['x', { matcher: {} }, /^unknown option "matcher" \(did you mean "matchers"\?\)$/],
    [3, {}, /^slo must be a non-empty string, got 3$/],
    ['x', null, /^options must be an object, got null$/],
    ['x', { prefix: '1' }, /^prefix must start a Prometheus metric name/],
    ['x', { prefix: null }, /^prefix must not be null/],
    ['x', { matchers: null }, /^matchers must not be null/],
    [
      'x',
      { matchers: { slo: 'y' } },
      /^matchers\.slo: not a label name the selectors can match on$/,
    ],
    ['x', { matchers: { outcome: 'y' } }, /^matchers\.outcome: /],
    ['x', { matchers: { __name__: 'y' } }, /^matchers\.__name__: /],
    ['x', { matchers: { 'a-b': 'y' } }, /^matchers\.a-b: /],
    ['x', { matchers: { job: 1 } }, /^matchers\.job must be a string, got number$/],
  ])('rejects %j with %j', (slo, options, message) => {
    expect(() => sloSelectors(slo as string, options as never)).toThrow(TypeError);
    expect(() => sloSelectors(slo as string, options as never)).toThrow(message);
  });
});
