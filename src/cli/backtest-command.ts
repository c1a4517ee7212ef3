// `ballast backtest`: recorded traffic in, a comparison of alerting strategies out.
import {
  backtest,
  backtestSummary,
  defaultStrategies,
  detectTrafficFormat,
  htmlReport,
  isTrafficFormatError,
  readTraffic,
  type AlertStrategy,
  type BacktestResult,
} from '../simulator/index.js';
import { checkAlertStrategy } from '../simulator/backtest/check-alert-strategy.js';
import { formatSpecProblem, type SloDefinition } from '../slo/spec/index.js';
import { parseBacktestArguments, type BacktestArguments } from './backtest-arguments.js';
import type { Command } from './commands.js';
import { EXIT, UsageError, writeOutput, type CliIo } from './io.js';
import { readSpecs, reason } from './slo-command.js';

/** Recordings larger than this are refused unread: a string this long is near V8's limit. */
const MAX_EVENTS_BYTES = 256 * 1_048_576;

const HELP = `Usage: ballast backtest --events <file> [options]

Replays recorded traffic through ballast's SLO tracker under several alerting
strategies and compares them as the SRE workbook does: incidents detected and
missed, false alarms, detection time, reset time, and the error budget spent
before the first alert. By default it compares the workbook's multiwindow,
multi-burn-rate tiers, a single-window 14.4x burn rate over 1 h, and an error
rate above the SLO's over 10 minutes. See docs/backtest.md.

Options:
  --events <file>         the recording: CSV or NDJSON of timestamp, ok, and
                          optional durationMs, count, incident; or a Prometheus
                          range-query JSON export of good and total counters
  --format <format>       csv, ndjson or prometheus (default: from the file's
                          extension, then its content)
  --slo <spec.yaml>       the SLO (OpenSLO v1 or Sloth prometheus/v1); its alert
                          tiers, if set, are one more strategy
  --slo-name <name>       the SLO to use when the spec holds several
  --objective <ratio>     the objective without a spec (default: 0.999)
  --alerts <tiers>        a strategy to compare instead of the defaults, such as
                          14.4x:1h/5m,6x:6h/30m,3x:1d/2h:ticket (tiers) or
                          1x:10m (a single window); repeatable
  --step <duration>       the step calls are summed into (default: 1m)
  --grace <duration>      how long after an incident an alert still belongs
                          to it (default: 1h)
  --incidents <which>     auto (labelled if any, default), labelled, derived
  --good-series <l=v>     the Prometheus series of good calls (default: first)
  --total-series <l=v>    the Prometheus series of all calls (default: second)
  --out <file>            also write an HTML report with the incident timeline
  --json                  print the figures as JSON instead of the summary
  -h, --help              show this help

Exit codes: 0 done, 1 invalid input (the line and field on standard error),
2 wrong usage.
`;

/** `ballast backtest`. */
export const backtestCommand: Command = {
  words: ['backtest'],
  summary: 'compare alerting strategies on recorded traffic',
  help: HELP,
  run(args, io) {
    const given = parseBacktestArguments(args);
    try {
      return runBacktest(given, io);
    } catch (error) {
      // Wrong usage found late (a flag that does not fit the file) is exit 2, with the usage.
      if (error instanceof UsageError) throw error;
      // Anything else the library refuses is invalid input: its message, never a stack trace.
      io.err(`ballast backtest: ${firstLine(error)}\n`);
      return EXIT.invalid;
    }
  },
};

/** The command once its arguments are known; throws what the library refuses. */
function runBacktest(given: BacktestArguments, io: CliIo): number {
  const spec = given.slo === undefined ? undefined : readSlo(given, io);
  if (spec === false) return EXIT.invalid;
  let text: string;
  try {
    if (io.size(given.events) > MAX_EVENTS_BYTES) {
      io.err(
        `ballast backtest: ${given.events}: larger than ${MAX_EVENTS_BYTES} bytes: aggregate it first (a count column)\n`,
      );
      return EXIT.invalid;
    }
    text = io.read(given.events);
  } catch (error) {
    io.err(`ballast backtest: cannot read ${given.events}: ${reason(error)}\n`);
    return EXIT.invalid;
  }
  const result = run(given, text, spec);
  io.out(given.json ? backtestJson(result) : backtestSummary(result));
  if (given.out === undefined) return EXIT.ok;
  return writeOutput('backtest', io, given.out, htmlReport({ backtest: result }), reason);
}

function firstLine(error: unknown): string {
  const message =
    isTrafficFormatError(error) || error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!;
}

function run(
  given: BacktestArguments,
  text: string,
  spec: SloDefinition | undefined,
): BacktestResult {
  const options = spec?.options;
  const format = given.format ?? detectTrafficFormat(text, given.events);
  if (format !== 'prometheus' && (given.goodSeries ?? given.totalSeries) !== undefined) {
    throw new UsageError(
      `--good-series and --total-series go with a Prometheus export, and ${given.events} reads as ${format}`,
    );
  }
  const slo = {
    name: options?.name ?? 'availability',
    objective: options?.objective ?? given.objective ?? 0.999,
    ...(options?.windowMs === undefined ? {} : { windowMs: options.windowMs }),
    ...(options?.minimumEvents === undefined ? {} : { minimumEvents: options.minimumEvents }),
  };
  given.strategies.forEach((strategy) => {
    try {
      checkAlertStrategy(strategy, 'strategy', slo);
    } catch (error) {
      throw new UsageError(`--alerts ${strategy.name}: ${firstLine(error)}`);
    }
  });
  const traffic = readTraffic(text, {
    source: given.events,
    stepMs: given.stepMs,
    format,
    ...(options?.latencyThresholdMs === undefined
      ? {}
      : { latencyThresholdMs: options.latencyThresholdMs }),
    ...(given.goodSeries === undefined ? {} : { goodSeries: given.goodSeries }),
    ...(given.totalSeries === undefined ? {} : { totalSeries: given.totalSeries }),
  });
  const strategies: AlertStrategy[] =
    given.strategies.length > 0 ? [...given.strategies] : [...defaultStrategies(slo.objective)];
  if (Array.isArray(options?.alerts)) {
    strategies.push({ name: `${slo.name} (spec tiers)`, kind: 'tiers', alerts: options.alerts });
  }
  return backtest(traffic, { slo, strategies, graceMs: given.graceMs, incidents: given.incidents });
}

/** The SLO of `--slo`, or false when the spec is invalid (problems written). */
function readSlo(given: BacktestArguments, io: CliIo): SloDefinition | false {
  const read = readSpecs([given.slo!], io);
  const problem = (message: string) => {
    io.err(`ballast backtest: ${given.slo}: ${message}\n`);
    return false as const;
  };
  if (read.problems.length > 0) {
    io.err(read.problems.map((p) => `ballast backtest: ${formatSpecProblem(p)}\n`).join(''));
    return false;
  }
  const named = read.definitions.filter(
    (d) => given.sloName === undefined || d.options.name === given.sloName,
  );
  if (named.length === 1) return named[0]!;
  const names = read.definitions.map((d) => d.options.name).join(', ');
  return named.length === 0
    ? problem(`no SLO named ${JSON.stringify(given.sloName)} (it holds ${names})`)
    : problem(`holds ${named.length} SLOs (${names}): give --slo-name`);
}

/**
 * The result's figures as JSON: everything but the per-step series (`requests`, `errorRate`),
 * which the HTML report draws.
 */
export function backtestJson(result: BacktestResult): string {
  const figures = { ...result, requests: undefined, errorRate: undefined };
  return `${JSON.stringify(figures, null, 2)}\n`;
}
