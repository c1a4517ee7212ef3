import type { BacktestResult } from '../backtest/backtest-result.js';
import type { SimulationResult } from '../simulation-result.js';
import { assertOptions, show } from '../../internal/validate.js';
import { assertBacktestResult, assertSimulationResult } from './assert-result.js';
import { backtestCharts } from './backtest-charts.js';
import { incidentScores, strategyScores } from './backtest-figures.js';
import { patternDefinitions } from './band-patterns.js';
import { escapeHtml } from './escape-html.js';
import { formatCount, formatDuration, formatOffset } from './format-figures.js';
import { htmlTable } from './html-table.js';
import { REPORT_STYLES } from './report-styles.js';
import { simulationCharts } from './simulation-charts.js';
import { simulationFigures } from './simulation-figures.js';
import { timeAxis } from './time-axis.js';

/**
 * What {@link htmlReport} draws: a simulation's variants, a backtest's incident timeline, or both.
 *
 * @example
 * ```ts
 * const input: HtmlReportInput = { simulation: await simulate(scenario) };
 * ```
 */
export interface HtmlReportInput {
  readonly simulation?: SimulationResult;
  readonly backtest?: BacktestResult;
  /** The page's title. @default the scenario's name, or 'ballast backtest' */
  readonly title?: string;
}

/**
 * One self-contained HTML page (inline SVG and CSS, nothing fetched, no script) with charts of a
 * simulation and/or a backtest on a shared time axis.
 *
 * @throws TypeError when `input` holds neither `simulation` nor `backtest`, a key of another
 * name, or a value of the wrong shape.
 * @example
 * ```ts
 * writeFileSync('report.html', htmlReport({ simulation: await simulate(scenario) }));
 * ```
 */
export function htmlReport(input: HtmlReportInput): string {
  assertInput(input);
  const { simulation, backtest } = input;
  const title = input.title ?? simulation?.scenario ?? 'ballast backtest';
  // One axis for the whole page: a backtest's times count from its first event.
  const axis = timeAxis(
    Math.max(
      simulation?.durationMs ?? 0,
      backtest === undefined ? 0 : backtest.toMs - backtest.fromMs,
    ),
    simulation === undefined ? 'the first event' : 'the start',
  );
  const body = [`<h1>${escapeHtml(title)}</h1>`];
  if (simulation !== undefined) body.push(simulationSection(simulation, axis));
  if (backtest !== undefined) body.push(backtestSection(backtest, axis));
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_STYLES}</style>`,
    '</head><body>',
    patternDefinitions(),
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}

function assertInput(input: unknown): asserts input is HtmlReportInput {
  assertOptions(input, 'input', ['simulation', 'backtest', 'title']);
  const { simulation, backtest, title } = input;
  if (simulation === undefined && backtest === undefined) {
    throw new TypeError(
      `input needs \`simulation\` (what simulate returns) or \`backtest\` (what backtest returns), got ${show(input)}`,
    );
  }
  if (simulation !== undefined) assertSimulationResult(simulation, 'input.simulation');
  if (backtest !== undefined) assertBacktestResult(backtest, 'input.backtest');
  if (title !== undefined && typeof title !== 'string') {
    throw new TypeError(`input.title must be a string, got ${show(title)}`);
  }
}

function simulationSection(result: SimulationResult, axis: ReturnType<typeof timeAxis>): string {
  const meta = [
    `${formatDuration(result.durationMs)} simulated in steps of ${formatDuration(result.stepMs)}, seed ${result.seed}.`,
    result.phases.length === 0
      ? ''
      : `Dependency: ${result.phases
          .map(
            (phase) =>
              `${phase.name} from ${formatOffset(phase.fromMs)}${phase.toMs === undefined ? '' : ` to ${formatOffset(phase.toMs)}`}`,
          )
          .join(', ')}.`,
  ];
  const parts = [
    `<section id="simulation"><h2>Simulation: ${escapeHtml(result.scenario)}</h2>`,
    result.description === '' ? '' : `<p>${escapeHtml(result.description)}</p>`,
    ...meta.filter((line) => line !== '').map((line) => `<p class="meta">${escapeHtml(line)}</p>`),
    htmlTable(simulationFigures(result), 'Summary per variant'),
  ];
  if (result.variants.length > 1) {
    const links = result.variants.map(
      (variant, i) => `<a href="#variant-${i + 1}">${escapeHtml(variant.name)}</a>`,
    );
    parts.push(`<nav>Variants: ${links.join('')}</nav>`);
  }
  result.variants.forEach((variant, i) => {
    parts.push(
      `<section id="variant-${i + 1}"><h3>Variant ${i + 1}: ${escapeHtml(variant.name)}</h3>`,
      `<p class="meta">Layers, outermost first: ${escapeHtml(variant.layers.join(' → ') || 'none')}.</p>`,
      ...simulationCharts(result, variant, axis),
      '</section>',
    );
  });
  if (result.variants.length === 0) parts.push('<p>No variant was run.</p>');
  parts.push('</section>');
  return parts.join('\n');
}

function backtestSection(result: BacktestResult, axis: ReturnType<typeof timeAxis>): string {
  const from = new Date(result.fromMs);
  const start = Number.isNaN(from.getTime()) ? String(result.fromMs) : from.toISOString();
  const parts = [
    `<section id="backtest"><h2>Backtest: ${escapeHtml(result.source)}</h2>`,
    `<p class="meta">${formatCount(result.events)} calls over ${formatDuration(result.toMs - result.fromMs)} from ${escapeHtml(start)} (times below count from there), SLO ${escapeHtml(result.slo.name)} at ${Number((result.slo.objective * 100).toFixed(4))} % over ${formatDuration(result.slo.periodMs)}.</p>`,
    htmlTable(strategyScores(result), 'Scores per strategy'),
    ...incidentScores(result).map(({ title, table }) => htmlTable(table, title)),
    ...backtestCharts(result, axis),
    '</section>',
  ];
  return parts.join('\n');
}
