// `ballast dashboard` and `ballast rules`: the Grafana dashboard and the resilience alerts of
// ballast/operations, written from the command line.
import { parseArgs } from 'node:util';
import {
  grafanaDashboard,
  resilienceRules,
  ruleFileYaml,
  type DashboardSlo,
} from '../operations/index.js';
import { formatSpecProblem } from '../slo/spec/index.js';
import type { Command } from './commands.js';
import { EXIT, UsageError, writeOutput, type CliIo } from './io.js';
import { argumentError, readSpecs, reason } from './slo-command.js';

const DASHBOARD_HELP = `Usage: ballast dashboard [options]

Writes a Grafana dashboard (JSON, Grafana 10/11) of the metrics ballast's
Prometheus adapter exports: per SLO the error budget, burn rates against the
alert thresholds, the SLI against its objective and the active alerts; per
breaker its state, calls and rejections; per retry policy retries and give-ups.

Options:
  --slo <spec.yaml>   an SLO spec file (OpenSLO v1 or Sloth prometheus/v1) whose
                      objectives and alert tiers the panels draw; repeatable
  --title <title>     the dashboard's title (default: ballast)
  --uid <uid>         the dashboard's uid (default: ballast)
  --prefix <prefix>   the metric prefix given to instrumentPrometheus
                      (default: ballast_)
  --out <file>        write to this file instead of standard output
  -h, --help          show this help

Exit codes: 0 written, 1 invalid spec or option value, 2 wrong usage.
`;

const RULES_HELP = `Usage: ballast rules [options]

Writes Prometheus alerting rules for the metrics ballast's Prometheus adapter
exports: a breaker open for too long, a flapping breaker, an exhausted retry
budget, and retries above a share of calls.

Options:
  --prefix <prefix>      the metric prefix given to instrumentPrometheus
                         (default: ballast_)
  --job <job>            add job="<job>" to every selector
  --runbook-url <url>    a runbook for every alert (its name as the fragment)
  --out <file>           write to this file instead of standard output
  -h, --help             show this help

Exit codes: 0 written, 1 invalid option value, 2 wrong usage.
`;

/** `ballast dashboard`. */
export const dashboard: Command = {
  words: ['dashboard'],
  summary: 'write a Grafana dashboard of the exported metrics',
  help: DASHBOARD_HELP,
  run(args, io) {
    const values = parse(args, {
      slo: { type: 'string', multiple: true },
      title: { type: 'string' },
      uid: { type: 'string' },
      prefix: { type: 'string' },
      out: { type: 'string' },
    });
    const files = (values['slo'] ?? []) as string[];
    const read = readSpecs(files, io);
    if (read.problems.length > 0) {
      io.err(read.problems.map((p) => `${formatSpecProblem(p)}\n`).join(''));
      return EXIT.invalid;
    }
    const slos: DashboardSlo[] = read.definitions.map(({ options }) => ({
      name: options.name,
      objective: options.objective,
      ...(options.windowMs === undefined ? {} : { windowMs: options.windowMs }),
      ...(Array.isArray(options.alerts) ? { alerts: options.alerts } : {}),
    }));
    return written('dashboard', io, values['out'] as string | undefined, () => {
      const board = grafanaDashboard({
        ...optional('title', values['title']),
        ...optional('uid', values['uid']),
        ...optional('prefix', values['prefix']),
        slos,
      });
      return `${JSON.stringify(board, null, 2)}\n`;
    });
  },
};

/** `ballast rules`. */
export const rules: Command = {
  words: ['rules'],
  summary: 'write Prometheus alerts for breakers and retries',
  help: RULES_HELP,
  run(args, io) {
    const values = parse(args, {
      prefix: { type: 'string' },
      job: { type: 'string' },
      'runbook-url': { type: 'string' },
      out: { type: 'string' },
    });
    const job = values['job'] as string | undefined;
    return written('rules', io, values['out'] as string | undefined, () =>
      ruleFileYaml(
        resilienceRules({
          ...optional('prefix', values['prefix']),
          ...optional('runbookUrl', values['runbook-url']),
          ...(job === undefined ? {} : { matchers: { job } }),
        }),
      ),
    );
  },
};

type Values = Record<string, string | string[] | boolean | undefined>;

function parse(
  args: readonly string[],
  options: Record<string, { type: 'string'; multiple?: boolean }>,
): Values {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
      strict: true,
    });
    return parsed.values;
  } catch (error) {
    throw new UsageError(argumentError(error));
  }
}

function optional<K extends string>(
  key: K,
  value: string | string[] | boolean | undefined,
): { [P in K]?: string } {
  return typeof value === 'string' ? ({ [key]: value } as { [P in K]?: string }) : {};
}

/** Makes the output (a bad option value is exit code 1, its message on stderr) and writes it. */
function written(command: string, io: CliIo, out: string | undefined, make: () => string): number {
  let text: string;
  try {
    text = make();
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
    io.err(`ballast ${command}: ${error.message}\n`);
    return EXIT.invalid;
  }
  return writeOutput(command, io, out, text, reason);
}
