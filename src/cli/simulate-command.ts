// `ballast simulate`: a scenario file in, the variants' figures out, and an HTML report.
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import {
  htmlReport,
  parseScenario,
  simulate,
  simulationSummary,
  type Scenario,
  type SimulationResult,
} from '../simulator/index.js';
import type { Command } from './commands.js';
import { defaultScenario } from './default-scenario.js';
import { EXIT, UsageError, writeOutput, type CliIo } from './io.js';
import { progressBar } from './progress-bar.js';
import { argumentError, reason } from './slo-command.js';

/** Scenario files larger than this are refused unread. */
const MAX_FILE_BYTES = 1_048_576;

const HELP = `Usage: ballast simulate [scenario.yaml|scenario.json] [options]

Replays a scenario's traffic through each variant of a client's resilience
stack (retries, breakers, timeouts... the real ballast policies) against a
simulated dependency, in virtual time, and prints what each variant did: the
load on the dependency, what users saw, the breakers, the retries, the SLOs'
budgets and alerts. Without a scenario it runs the built-in retry storm
(scenarios/retry-storm.yaml). See docs/simulator.md for the format.

Options:
  --out <file>  also write an HTML report with charts to this file
  --seed <n>    the seed of every random draw, in place of the scenario's
  --json        print the figures as JSON instead of the summary
  -h, --help    show this help

Exit codes: 0 done, 1 invalid scenario or unwritable report, 2 wrong usage.
`;

/** `ballast simulate`. */
export const simulateCommand: Command = {
  words: ['simulate'],
  summary: 'run a scenario through variants of a resilience stack',
  help: HELP,
  async run(args, io) {
    const { file, out, seed, json } = parse(args);
    let scenario: Scenario;
    try {
      scenario = readScenario(file, io);
    } catch (error) {
      io.err(`ballast simulate: ${reason(error)}\n`);
      return EXIT.invalid;
    }
    const progress = progressBar(io);
    let result: SimulationResult;
    try {
      result = await simulate(scenario, {
        ...(seed === undefined ? {} : { seed }),
        onProgress: progress.update,
      });
    } catch (error) {
      // A stack that re-arms without delay stops the run: the scenario's fault, not a crash.
      io.err(`ballast simulate: ${reason(error)}\n`);
      return EXIT.invalid;
    } finally {
      progress.done();
    }
    const text = json ? `${JSON.stringify(figures(result), null, 2)}\n` : simulationSummary(result);
    io.out(text);
    if (out === undefined) return EXIT.ok;
    return writeOutput('simulate', io, out, htmlReport({ simulation: result }), reason);
  },
};

/** The figures `--json` prints: the summary of each variant, without the series. */
export function figures(result: SimulationResult): unknown {
  return {
    scenario: result.scenario,
    seed: result.seed,
    durationMs: result.durationMs,
    variants: result.variants.map(({ name, layers, summary }) => ({ name, layers, summary })),
  };
}

function readScenario(file: string | undefined, io: CliIo): Scenario {
  if (file === undefined) return parseScenario(defaultScenario, 'the built-in scenario');
  let text: string;
  try {
    if (io.size(file) > MAX_FILE_BYTES) {
      throw new Error(`the file is larger than ${MAX_FILE_BYTES} bytes: refused unread`);
    }
    text = io.read(file);
  } catch (error) {
    throw new Error(`${file}: cannot read the file: ${reason(error)}`, { cause: error });
  }
  let value: unknown;
  try {
    value = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new Error(
      `${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${reason(error)}`,
      {
        cause: error,
      },
    );
  }
  return parseScenario(value, file);
}

function parse(args: readonly string[]): {
  file: string | undefined;
  out: string | undefined;
  seed: number | undefined;
  json: boolean;
} {
  // parseArgs reads `--seed -1` as a missing value: name the value instead.
  const seedAt = args.indexOf('--seed');
  const stop = args.indexOf('--');
  const negative = seedAt === -1 || (stop !== -1 && stop < seedAt) ? undefined : args[seedAt + 1];
  if (negative !== undefined && /^-\d/.test(negative)) {
    throw new UsageError(`--seed must be a whole number >= 0, got ${JSON.stringify(negative)}`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        out: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(argumentError(error));
  }
  if (parsed.positionals.length > 1) throw new UsageError('give at most one scenario file');
  const seedText = parsed.values.seed;
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !(/^\d+$/.test(seedText!) && Number.isSafeInteger(seed))) {
    throw new UsageError(`--seed must be a whole number >= 0, got ${JSON.stringify(seedText)}`);
  }
  return {
    file: parsed.positionals[0],
    out: parsed.values.out,
    seed,
    json: parsed.values.json === true,
  };
}
