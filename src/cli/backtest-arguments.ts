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

/** Parses and checks `ballast backtest`'s arguments. @throws UsageError */
export function parseBacktestArguments(args: readonly string[]): BacktestArguments {
  let values;
  try {
    values = parseArgs({
      args: [...args],
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
  const strategies = (values.alerts ?? []).map((text) => {
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
    graceMs: duration('--grace', values.grace, 3_600_000),
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
  const ms = parseShorthand(value, true);
  if (typeof ms === 'string') throw new UsageError(`${option} ${ms}`);
  return ms;
}
