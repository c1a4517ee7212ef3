import { describe, expect, it } from 'vitest';
import { bandRects } from '../../../src/simulator/report/band-rects.js';
import { laneLabel } from '../../../src/simulator/report/lane-label.js';
import { legend } from '../../../src/simulator/report/legend.js';
import { markerPath, seriesStyle } from '../../../src/simulator/report/series-style.js';
import { timeAxis } from '../../../src/simulator/report/time-axis.js';

describe('the report’s SVG primitives', () => {
  it('tells the first lines apart by dash and by marker, not only by colour', () => {
    const styles = [0, 1, 2, 3, 4].map(seriesStyle);
    expect(new Set(styles.slice(0, 4).map((s) => s.dash)).size).toBe(4);
    expect(new Set(styles.slice(0, 4).map((s) => s.marker)).size).toBe(4);
    // The fifth repeats a dash, with another marker.
    expect(styles[4]!.dash).toBe(styles[0]!.dash);
    expect(styles[4]!.marker).not.toBe(styles[0]!.marker);
    for (const style of styles)
      expect(markerPath(style.marker, 10, 10)).toMatch(/^M[\d.]+ [\d.]+.*Z$/);
  });

  it('writes a band’s label inside it, after it when it is narrow, or only in its tooltip', () => {
    const axis = timeAxis(3_600_000);
    const wide = bandRects(
      [{ fromMs: 0, toMs: 1_800_000, kind: 'open', label: 'open' }],
      axis,
      0,
      20,
    );
    expect(wide).toMatch(/<text class="band-label" [^>]*>open</);
    const narrow = bandRects(
      [{ fromMs: 0, toMs: 1000, kind: 'page', label: '14.4x page' }],
      axis,
      0,
      20,
    );
    expect(narrow).toMatch(/<text class="band-label outside" [^>]*>14.4x page</);
    const crowded = bandRects(
      [
        { fromMs: 0, toMs: 1000, kind: 'page', label: '14.4x page' },
        { fromMs: 2000, toMs: 3000, kind: 'page', label: '14.4x page' },
      ],
      axis,
      0,
      20,
    );
    expect(crowded.match(/<text/g)).toHaveLength(1);
    expect(crowded).toContain('<title>14.4x page: +0 to +1s</title>');
    expect(crowded).toContain('<title>14.4x page: +2s to +3s</title>');
    expect(
      bandRects([{ fromMs: 0, toMs: undefined, kind: 'ticket', label: 'x' }], axis, 0, 20),
    ).toContain('+0 to the end');
  });

  it('names a row on one line, on two, or cut, and always whole in its tooltip', () => {
    expect(laneLabel('payments', 142, 50, 130)).not.toContain('<tspan');
    const two = laneLabel('multiwindow, multi-burn-rate', 142, 50, 130);
    expect(
      two
        .match(/<tspan[^>]*>([^<]*)</g)
        ?.map((t) => t.replace(/<tspan[^>]*>/, '').replace('<', '')),
    ).toEqual(['multiwindow,', 'multi-burn-rate']);
    const cut = laneLabel('a-name-with-no-space-that-is-far-too-long-for-the-margin', 142, 50, 130);
    expect(cut).toMatch(/…</);
    expect(cut).toContain(
      '<title>a-name-with-no-space-that-is-far-too-long-for-the-margin</title>',
    );
  });

  it('wraps a legend onto more rows when it is wider than the chart', () => {
    const entries = Array.from({ length: 8 }, (_, i) => ({
      label: `series number ${i}`,
      line: seriesStyle(i),
    }));
    expect(legend(entries, 10, 0, 950).height).toBe(36);
    expect(legend(entries.slice(0, 2), 10, 0, 950).height).toBe(18);
    expect(legend([], 10, 0, 950)).toEqual({ svg: '', height: 0 });
  });
});
