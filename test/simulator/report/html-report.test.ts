import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../../src/simulator/index.js';
import { MAX_LINE_POINTS } from '../../../src/simulator/report/line-series.js';
import { linePath } from '../../../src/simulator/report/svg-path.js';
import type { SimulationResult } from '../../../src/simulator/simulation-result.js';
import { backtestFixture, simulationFixture } from '../../helpers/simulation-fixtures.js';

const MINUTE = 60_000;

/** Every chart's `<svg>` in the page. */
function charts(html: string): string[] {
  return html.match(/<svg class="chart"[\s\S]*?<\/svg>/g) ?? [];
}

/** The `d` of every line (not marker) in `svg`. */
function lines(svg: string): string[] {
  return [...svg.matchAll(/<path class="line s\d" d="([^"]*)"/g)].map((match) => match[1]!);
}

/** Each time tick's label and its x, as the chart draws them. */
function timeTicks(svg: string): Record<string, string> {
  return Object.fromEntries(
    [...svg.matchAll(/<text class="tick time-tick" x="([^"]+)"[^>]*>([^<]+)</g)].map((m) => [
      m[2]!,
      m[1]!,
    ]),
  );
}

describe('htmlReport', () => {
  it('fetches nothing and runs nothing: no script, no link but to a fragment of the page', () => {
    const html = htmlReport({
      simulation: simulationFixture({ variants: 4 }),
      backtest: backtestFixture(),
    });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href|xlink:href)\s*=\s*(?!["']?#)/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).not.toMatch(/@import/);
    expect(html.match(/href="#[^"]*"/g)?.length).toBe(4);
  });

  it('shows the names from the user’s files as text, never as markup', () => {
    const evil = '<script>alert(1)</script>';
    const simulation = simulationFixture({ names: [evil, 'a "quoted" & <b>bold</b> one'] });
    const backtest = { ...backtestFixture(), source: evil };
    const html = htmlReport({
      simulation: { ...simulation, scenario: evil, description: evil },
      backtest,
      title: evil,
    });
    expect(html).not.toContain(evil);
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; one');
  });

  it('draws every chart of the page on one time axis', () => {
    // An hour of simulation and six of backtest: both on the six-hour axis.
    const html = htmlReport({
      simulation: simulationFixture({ variants: 3 }),
      backtest: backtestFixture(),
    });
    const all = charts(html);
    expect(all.length).toBe(3 * 5 + 2);
    const reference = timeTicks(all[0]!);
    expect(Object.keys(reference)).toEqual(['0', '1h', '2h', '3h', '4h', '5h', '6h']);
    for (const chart of all) expect(timeTicks(chart)).toEqual(reference);
    // Time 3h sits halfway between 0 and 6h.
    expect(Number(reference['3h'])).toBeCloseTo(
      (Number(reference['0']) + Number(reference['6h'])) / 2,
      1,
    );
    // The same span is drawn at the same place on every chart that shows it.
    const downPhase = all
      .slice(0, 15)
      .map((chart) =>
        chart
          .match(/<title>down: [^<]*<\/title><rect[^>]* x="([^"]+)"[^>]* width="([^"]+)"/)
          ?.slice(1),
      );
    expect(new Set(downPhase.map((xw) => JSON.stringify(xw))).size).toBe(1);
  });

  it('leaves a gap where a value is missing, never a drop to zero', () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 5, y: Number.NaN },
        { x: 10, y: 20 },
        { x: 15, y: 25 },
      ]),
    ).toBe('M0 10h0M10 20L15 25');
    expect(linePath([{ x: 0, y: Number.NaN }])).toBe('');
    const simulation = simulationFixture({ variants: 1 });
    const [variant] = simulation.variants;
    // Nothing settles during the first ten minutes: the success rate is undefined there.
    const settled = variant!.series.settled.map((n, i) => (i >= 10 && i < 20 ? 0 : n));
    const gapped = {
      ...simulation,
      variants: [{ ...variant!, series: { ...variant!.series, settled } }],
    };
    const [successRate] = lines(charts(htmlReport({ simulation: gapped }))[0]!);
    expect(successRate!.match(/M/g)).toHaveLength(2);
    expect(htmlReport({ simulation: gapped })).not.toMatch(/NaN|Infinity/);
  });

  it('draws a long run with at most MAX_LINE_POINTS points per line, and keeps a day at one-minute steps small', () => {
    const long = simulationFixture({ variants: 2, durationMs: 24 * 60 * MINUTE, stepMs: 1000 });
    for (const chart of charts(htmlReport({ simulation: long }))) {
      for (const d of lines(chart))
        expect(d.match(/[ML]/g)!.length).toBeLessThanOrEqual(MAX_LINE_POINTS);
    }
    const day = htmlReport({
      simulation: simulationFixture({ variants: 4, durationMs: 24 * 60 * MINUTE, stepMs: MINUTE }),
    });
    expect(day.length).toBeLessThan(1_000_000);
  });

  it('draws a run of zero length, empty series, one variant or four without a NaN in the page', () => {
    const empty: SimulationResult = {
      ...simulationFixture({ variants: 1 }),
      durationMs: 0,
      phases: [],
      variants: simulationFixture({ variants: 1, durationMs: 0 }).variants,
    };
    const html = htmlReport({ simulation: empty });
    expect(html).toContain('no data');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
    expect(charts(html)).toHaveLength(5);
    const four = htmlReport({ simulation: simulationFixture({ variants: 4 }) });
    expect(charts(four)).toHaveLength(20);
    expect(four).not.toMatch(/NaN|Infinity|undefined/);
    expect(
      htmlReport({ backtest: { ...backtestFixture(), strategies: [], incidents: [] } }),
    ).toContain('no strategy');
    expect(htmlReport({ simulation: { ...empty, variants: [] } })).toContain('No variant was run.');
  });
});

describe('htmlReport checks its input', () => {
  it.each([
    [
      {},
      /^input needs `simulation` \(what simulate returns\) or `backtest` \(what backtest returns\), got \{\}$/,
    ],
    [undefined, /^input must be an object, got undefined$/],
    [
      { simulaton: {} },
      /^unknown option "input\.simulaton" \(did you mean "input\.simulation"\?\)$/,
    ],
    [
      { simulation: {} },
      /^input\.simulation must be a SimulationResult \(what simulate returns\): its `scenario`/,
    ],
    [{ backtest: simulationFixture() }, /^input\.backtest must be a BacktestResult/],
    [{ simulation: simulationFixture(), title: 3 }, /^input\.title must be a string, got 3$/],
  ])('throws a TypeError for %#', (input, message) => {
    expect(() => htmlReport(input as never)).toThrow(TypeError);
    expect(() => htmlReport(input as never)).toThrow(message);
  });

  it('still draws a backtest alone', () => {
    expect(htmlReport({ backtest: backtestFixture() })).toContain('<section id="backtest">');
  });
});
