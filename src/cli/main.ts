import { commands, type Command } from './commands.js';
import { EXIT, UsageError, type CliIo } from './io.js';

/**
 * Runs `ballast` with `argv` (the arguments after the program name) and returns the exit code:
 * 0 ok, 1 invalid input, 2 usage; a promise of it for a command that runs in time (`simulate`).
 */
export function main(argv: readonly string[], io: CliIo): number | Promise<number> {
  const matched = commands
    .filter((command) => command.words.every((word, i) => argv[i] === word))
    .sort((a, b) => b.words.length - a.words.length)[0];
  if (matched === undefined) return groupHelp(argv, io);
  const args = argv.slice(matched.words.length);
  if (asksForHelp(args, matched.help)) {
    io.out(matched.help);
    return EXIT.ok;
  }
  const usageError = (error: unknown): number => {
    if (!(error instanceof UsageError)) throw error;
    io.err(`ballast ${matched.words.join(' ')}: ${error.message}\n\n${matched.help}`);
    return EXIT.usage;
  };
  try {
    const code = matched.run(args, io);
    return typeof code === 'number' ? code : code.catch(usageError);
  } catch (error) {
    return usageError(error);
  }
}

/**
 * Whether `--help` or `-h` is an option of `args`: not the value of an option that takes one (as
 * the command's help shows it: `--out <file>`, so `--out --help` writes to a file named
 * `--help`), and not after `--`.
 */
function asksForHelp(args: readonly string[], help: string): boolean {
  const valued = new Set(Array.from(help.matchAll(/^ +(?:-\w, )?(--[\w-]+) </gm), (m) => m[1]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
    if (valued.has(arg)) i++;
  }
  return false;
}

/** `ballast`, `ballast slo`, an unknown command: the commands that start with the words given. */
function groupHelp(argv: readonly string[], io: CliIo): number {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const help = argv.includes('--help') || argv.includes('-h');
  let prefix = words;
  const under = (words: readonly string[]) =>
    commands.filter((c) => words.every((word, i) => c.words[i] === word));
  while (prefix.length > 0 && under(prefix).length === 0) prefix = prefix.slice(0, -1);
  const listed: readonly Command[] = under(prefix);
  const text = usage(prefix, listed);
  if (help && prefix.length === words.length) {
    io.out(text);
    return EXIT.ok;
  }
  const unknown =
    words.length > prefix.length
      ? `unknown command "${words.slice(0, prefix.length + 1).join(' ')}"`
      : 'a command is required';
  io.err(`ballast: ${unknown}\n\n${text}`);
  return EXIT.usage;
}

function usage(prefix: readonly string[], listed: readonly Command[]): string {
  const width = Math.max(...listed.map((c) => c.words.join(' ').length));
  const lines = listed.map((c) => `  ballast ${c.words.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    `Usage: ballast ${prefix.length > 0 ? `${prefix.join(' ')} ` : ''}<command> [options]`,
    '',
    'Commands:',
    ...lines,
    '',
    `Run "ballast <command> --help" for a command's options.`,
    '',
  ].join('\n');
}
