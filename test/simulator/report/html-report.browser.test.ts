import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../../src/simulator/index.js';
import { backtestFixture, simulationFixture } from '../../helpers/simulation-fixtures.js';

// The report is opened in a real browser: the SVG must draw, inside the page, with nothing fetched
// and nothing complained about. Chromium is the system's (Debian: `apt-get install chromium`).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.skipIf(process.env.BALLAST_SKIP_BROWSER === '1')('htmlReport in Chromium', () => {
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `No Chromium at ${CHROMIUM}. Install it (Debian/Ubuntu: apt-get install --no-install-recommends chromium), ` +
          'or point CHROMIUM_PATH at one, or set BALLAST_SKIP_BROWSER=1 to skip the browser test.',
      );
    }
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 20_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart inside the page, fetching nothing and logging no error', async () => {
    const html = htmlReport({
      simulation: simulationFixture({ variants: 3 }),
      backtest: backtestFixture(),
    });
    const page = await browser!.newPage({ viewport: { width: 1040, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.setContent(html, { waitUntil: 'load' });

    const drawn = await page.evaluate(() => {
      const pageWidth = document.documentElement.scrollWidth;
      const charts = document.querySelectorAll('svg.chart');
      const lines = Array.from(document.querySelectorAll('svg.chart path.line'), (path) => {
        const box = path.getBoundingClientRect();
        return {
          d: path.getAttribute('d') ?? '',
          left: box.left,
          right: box.right,
          width: box.width,
          height: box.height,
        };
      });
      const bands = document.querySelectorAll('svg.chart rect.band').length;
      return { pageWidth, charts: charts.length, lines, bands };
    });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(drawn.charts).toBe(3 * 5 + 2);
    // Per variant: success rate, dependency and users, retries and rejections, one SLO; the backtest: two.
    expect(drawn.lines.length).toBe(3 * 6 + 2);
    for (const line of drawn.lines) {
      expect(line.d).toMatch(/^M[\d.]+ [\d.]+L/);
      expect(line.width).toBeGreaterThan(100);
      expect(line.left).toBeGreaterThanOrEqual(0);
      expect(line.right).toBeLessThanOrEqual(drawn.pageWidth);
    }
    expect(drawn.bands).toBeGreaterThan(50);

    // The screenshot is not blank: enough of it is ink, and some of it colour.
    const png = await page.screenshot({ fullPage: true });
    const blank = await browser!.newPage();
    const ink = await blank.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, image.width, image.height);
      let dark = 0;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r + g + b < 600) dark++;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
      }
      const pixels = data.length / 4;
      return {
        width: image.width,
        height: image.height,
        dark: dark / pixels,
        coloured: coloured / pixels,
      };
    }, png.toString('base64'));
    expect(ink.width).toBe(1040);
    expect(ink.height).toBeGreaterThan(3000);
    expect(ink.dark).toBeGreaterThan(0.02);
    expect(ink.coloured).toBeGreaterThan(0.002);
    await Promise.all([page.close(), blank.close()]);
  }, 20_000);
});
