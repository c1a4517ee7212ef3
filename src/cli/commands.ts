// The commands of `ballast`: a table, so that a command is one entry and one file.
import { backtestCommand } from './backtest-command.js';
import type { CliIo } from './io.js';
import { dashboard, rules } from './operations-command.js';
import { simulateCommand } from './simulate-command.js';
import { sloGenerate, sloValidate } from './slo-command.js';

/** One command: `ballast <group> <name>` or `ballast <name>`. */
export interface Command {
  /** The words that name it: `['slo', 'generate']`. */
  readonly words: readonly string[];
  /** One line, for the list of commands. */
  readonly summary: string;
  /** The full `--help` text. */
  readonly help: string;
  /** Runs it on the arguments after its words; returns the exit code, or a promise of it. */
  readonly run: (args: readonly string[], io: CliIo) => number | Promise<number>;
}

/** Every command, in the order `ballast --help` lists them. */
export const commands: readonly Command[] = [
  sloGenerate,
  sloValidate,
  dashboard,
  rules,
  simulateCommand,
  backtestCommand,
];
