// `ballast slo generate` and `ballast slo validate`: SLO spec files in, Prometheus rules (or a
// problem per line) out.
import { parseArgs } from 'node:util';
import { toPrometheusRules } from '../slo/index.js';
import {
  formatSpecProblem,
  isSloSpecError,
  parseSloSpec,
  type SloDefinition,
  type SpecProblem,
} from '../slo/spec/index.js';
import type { Command } from './commands.js';
import { EXIT, UsageError, writeOutput, type CliIo } from './io.js';
import { prometheusRuleManifest } from './prometheus-rule-manifest.js';

/** Spec files larger than this are refused unread. */
const MAX_FILE_BYTES = 1_048_576;

const GENERATE_HELP = `Usage: ballast slo generate <spec.yaml...> [options]

Writes the Prometheus rules of every SLO in the spec files (OpenSLO v1 or Sloth
prometheus/v1), merged into one file: recording rules for the error ratios and
the budget, and the multi-window, multi-burn-rate alerts.

Options:
  --format <rules|operator>  a Prometheus rule file (default), or a
                             prometheus-operator PrometheusRule manifest
  --name <name>              the manifest's metadata.name (default: ballast-slos)
  --namespace <namespace>    the manifest's metadata.namespace (default: none)
  --out <file>               write to this file instead of standard output
  -h, --help                 show this help

Exit codes: 0 written, 1 invalid spec (each problem on standard error),
2 wrong usage.
`;

const VALIDATE_HELP = `Usage: ballast slo validate <spec.yaml...>

Checks the spec files (OpenSLO v1 or Sloth prometheus/v1) and prints every
problem as "file:line:column path: message", or one line per valid file.

Options:
  -h, --help  show this help

Exit codes: 0 valid, 1 invalid, 2 wrong usage.
`;

/** `ballast slo generate`. */
export const sloGenerate: Command = {
  words: ['slo', 'generate'],
  summary: 'write the Prometheus rules of SLO spec files',
  help: GENERATE_HELP,
  run(args, io) {
    const { values, positionals } = parse(args, {
      format: { type: 'string' },
      name: { type: 'string' },
      namespace: { type: 'string' },
      out: { type: 'string' },
    });
    const format = values['format'] ?? 'rules';
    if (format !== 'rules' && format !== 'operator') {
      throw new UsageError(`--format must be rules or operator, got ${JSON.stringify(format)}`);
    }
    if (format === 'rules' && (values['name'] !== undefined || values['namespace'] !== undefined)) {
      throw new UsageError('--name and --namespace go with --format operator');
    }
    const read = readSpecs(positionals, io);
    if (read.problems.length > 0) {
      io.err(read.problems.map((p) => `${formatSpecProblem(p)}\n`).join(''));
      return EXIT.invalid;
    }
    const rules = toPrometheusRules(read.definitions.map((d) => d.prometheus));
    const text =
      format === 'rules'
        ? rules
        : prometheusRuleManifest(rules, {
            name: values['name'] ?? 'ballast-slos',
            namespace: values['namespace'],
          });
    return writeOutput('slo generate', io, values['out'], text, reason);
  },
};

/** `ballast slo validate`. */
export const sloValidate: Command = {
  words: ['slo', 'validate'],
  summary: 'check SLO spec files and print every problem',
  help: VALIDATE_HELP,
  run(args, io) {
    const { positionals } = parse(args, {});
    const read = readSpecs(positionals, io);
    const lines = read.problems.map((p) => `${formatSpecProblem(p)}\n`);
    for (const file of positionals) {
      if (read.problems.some((p) => p.file === file)) continue;
      const count = read.definitions.filter((d) => d.source.file === file).length;
      lines.push(`${file}: ok, ${count === 1 ? '1 SLO' : `${count} SLOs`}\n`);
    }
    io.out(lines.join(''));
    return read.problems.length > 0 ? EXIT.invalid : EXIT.ok;
  },
};

function parse(
  args: readonly string[],
  options: Record<string, { type: 'string' }>,
): { values: Record<string, string | undefined>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(argumentError(error));
  }
  if (parsed.positionals.length === 0) throw new UsageError('give at least one spec file');
  return {
    values: parsed.values as Record<string, string | undefined>,
    positionals: parsed.positionals,
  };
}

/** Reads and checks every file; problems are those of all the files, in the order given. */
export function readSpecs(
  files: readonly string[],
  io: CliIo,
): { definitions: SloDefinition[]; problems: SpecProblem[] } {
  const definitions: SloDefinition[] = [];
  const problems: SpecProblem[] = [];
  const fileProblem = (file: string, message: string) =>
    problems.push({ file, path: '', line: undefined, column: undefined, message });
  for (const file of files) {
    let text: string;
    try {
      if (io.size(file) > MAX_FILE_BYTES) {
        fileProblem(file, `the file is larger than ${MAX_FILE_BYTES} bytes: refused unread`);
        continue;
      }
      text = io.read(file);
    } catch (error) {
      fileProblem(file, `cannot read the file: ${reason(error)}`);
      continue;
    }
    try {
      definitions.push(...parseSloSpec(text, { file }));
    } catch (error) {
      if (!isSloSpecError(error)) throw error;
      problems.push(...error.problems);
    }
  }
  // One rule file holds them all: two SLOs with the same service and name would clash.
  const ids = new Map<string, SloDefinition>();
  for (const definition of definitions) {
    const id = `${definition.prometheus.service}-${definition.options.name}`;
    const first = ids.get(id);
    if (first === undefined) {
      ids.set(id, definition);
      continue;
    }
    const { file, path, line } = definition.source;
    const at = `${first.source.file}${first.source.line === undefined ? '' : `:${first.source.line}`}`;
    problems.push({
      file,
      path,
      line,
      column: line === undefined ? undefined : 1,
      message: `repeats the SLO of ${at}: service and name (id ${JSON.stringify(id)}) must be unique`,
    });
  }
  return { definitions, problems };
}

/** parseArgs's errors, in words of our own (Node's differ between versions). */
export function argumentError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  const option = /'(-[^' ]*)/.exec(error instanceof Error ? error.message : '')?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `option ${option} needs a value`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const argument = /'([^']*)'/.exec(error instanceof Error ? error.message : '')?.[1] ?? '';
    return `unexpected argument ${JSON.stringify(argument)}: this command takes options only`;
  }
  return reason(error);
}

export function reason(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'a directory, not a file';
    if (code === 'EACCES') return 'permission denied';
  }
  return error instanceof Error ? error.message : String(error);
}
