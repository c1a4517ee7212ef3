// The arguments of `ballast backtest`, checked: every mistake in the way the command is called is
// a UsageError (exit code 2), before any file is read.
import { parseArgs } from 'node:util';
import { parseAlertTiers, type AlertStrategy, type TrafficFormat } from '../simulator/index.js';
import { parseShorthand } from '../slo/spec/spec-durations.js';
import { UsageError } from './io.js';
import { argumentError } from './slo-command.js';

/** What `ballast backtest` was asked to do. */
export interface BacktestArguments {
  readonly events: string;
  readonly format: TrafficFormat | undefined;
  readonly slo: string | undefined;
  readonly sloName: string | undefined;
  readonly objective: number | undefined;
  /** One per `--alerts`; empty for the default comparison. */
  readonly strategies: readonly AlertStrategy[];
  readonly stepMs: number;
  readonly graceMs: number;
  readonly incidents: 'auto' | 'labelled' | 'derived';
  readonly goodSeries: string | undefined;
  readonly totalSeries: string | undefined;
  readonly out: string | undefined;
  readonly json: boolean;
}

const FORMATS: readonly string[] = ['csv', 'ndjson', 'prometheus'];
const INCIDENTS: readonly string[] = ['auto', 'labelled', 'derived'];

/** The options that take a value, whose value may look like an option: `--grace -1h`. */
const VALUED = new Set([
  '--events',
  '--format',
  '--slo',
  '--slo-name',
  '--objective',
  '--alerts',
  '--step',
  '--grace',
  '--incidents',
  '--good-series',
  '--total-series',
  '--out',
]);

/** Parses and checks `ballast backtest`'s arguments. @throws UsageError */
export function parseBacktestArguments(args: readonly string[]): BacktestArguments {
  let values;
  try {
    values = parseArgs({
      args: negativesJoined(args),
      options: {
        events: { type: 'string' },
        format: { type: 'string' },
        slo: { type: 'string' },
        'slo-name': { type: 'string' },
        objective: { type: 'string' },
        alerts: { type: 'string', multiple: true },
        step: { type: 'string' },
        grace: { type: 'string' },
        incidents: { type: 'string' },
        'good-series': { type: 'string' },
        'total-series': { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError(argumentError(error));
  }
  if (values.events === undefined) throw new UsageError('--events <file> is required');
  const format = oneOf('--format', values.format, FORMATS) as TrafficFormat | undefined;
  if (values.slo !== undefined && values.objective !== undefined) {
    throw new UsageError('--objective and --slo exclude each other: the spec sets the objective');
  }
  if (values['slo-name'] !== undefined && values.slo === undefined) {
    throw new UsageError('--slo-name goes with --slo');
  }
  const objective = values.objective === undefined ? undefined : Number(values.objective);
  if (objective !== undefined && !(objective > 0 && objective < 1)) {
    throw new UsageError(`--objective must be in (0, 1), such as 0.999, got ${values.objective}`);
  }
  const alerts = values.alerts ?? [];
  const repeated = alerts.find((text, i) => alerts.indexOf(text) !== i);
  if (repeated !== undefined) {
    throw new UsageError(
      `--alerts ${repeated} is given twice: its results could not be told apart`,
    );
  }
  if (
    (format === 'csv' || format === 'ndjson') &&
    (values['good-series'] !== undefined || values['total-series'] !== undefined)
  ) {
    throw new UsageError(
      `--good-series and --total-series go with --format prometheus, not ${format}`,
    );
  }
  const strategies = alerts.map((text) => {
    try {
      return parseAlertTiers(text);
    } catch (error) {
      throw new UsageError(`--alerts: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return {
    events: values.events,
    format,
    slo: values.slo,
    sloName: values['slo-name'],
    objective,
    strategies,
    stepMs: duration('--step', values.step, 60_000),
    // No grace is meaningful: an alert after an incident's end is then a false alarm.
    graceMs:
      values.grace !== undefined && /^0+(ms|s|m|h|d|w)?$/.test(values.grace)
        ? 0
        : duration('--grace', values.grace, 3_600_000),
    incidents: (oneOf('--incidents', values.incidents, INCIDENTS) ??
      'auto') as BacktestArguments['incidents'],
    goodSeries: values['good-series'],
    totalSeries: values['total-series'],
    out: values.out,
    json: values.json === true,
  };
}

function oneOf(
  option: string,
  value: string | undefined,
  allowed: readonly string[],
): string | undefined {
  if (value === undefined || allowed.includes(value)) return value;
  throw new UsageError(`${option} must be ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

function duration(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value.startsWith('-')) throw new UsageError(`${option} must not be negative, got ${value}`);
  const ms = parseShorthand(value, true);
  if (typeof ms === 'string') throw new UsageError(`${option} ${ms}, got ${JSON.stringify(value)}`);
  return ms;
}

/**
 * The arguments with a negative value joined to its option (`--grace -1h` as `--grace=-1h`):
 * `parseArgs` reads `-1h` as an option, and would say that `--grace` has no value rather than
 * that the value is negative.
 */
function negativesJoined(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (VALUED.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}
