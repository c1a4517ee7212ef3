#!/usr/bin/env node
// Writes a PNG of an HTML report (from `ballast simulate --out` or `htmlReport`), the full page or
// its first `--height` pixels,
// rendered by headless Chromium through playwright-core. Chromium is the system's own (Debian:
// `apt-get install chromium`); set CHROMIUM_PATH to use another.
//
//   node scripts/screenshot-report.mjs report.html docs/report.png [--width 1040] [--height 1400]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const widthAt = args.indexOf('--width');
const width = widthAt === -1 ? 1040 : Number(args.splice(widthAt, 2)[1]);
const heightAt = args.indexOf('--height');
const height = heightAt === -1 ? undefined : Number(args.splice(heightAt, 2)[1]);
const [input, output] = args;
const positive = (n) => Number.isInteger(n) && n > 0;
if (
  input === undefined ||
  output === undefined ||
  !positive(width) ||
  (height !== undefined && !positive(height))
) {
  console.error(
    'usage: node scripts/screenshot-report.mjs <report.html> <out.png> [--width 1040] [--height N]',
  );
  process.exit(2);
}
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(
    `No Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
const browser = await chromium.launch({ executablePath });
try {
  const page = await browser.newPage({ viewport: { width, height: height ?? 800 } });
  await page.goto(pathToFileURL(resolve(input)).href);
  await page.screenshot({ path: output, fullPage: height === undefined });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
}
