// What a command may do to the world, passed in, so that tests run commands without a process.

/** The command's view of files and output streams. */
export interface CliIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** A file's size in bytes; throws as `fs.statSync` does. */
  readonly size: (path: string) => number;
  /** A file's text (UTF-8); throws as `fs.readFileSync` does. */
  readonly read: (path: string) => string;
  /** Writes a file; throws as `fs.writeFileSync` does. */
  readonly write: (path: string, text: string) => void;
  /**
   * Whether standard error is a terminal, where a long command may draw its progress.
   * @default false
   */
  readonly errIsTTY?: boolean;
}

/** A failure the user caused by the way the command was called: exit code 2, with the usage. */
export class UsageError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'UsageError',
      writable: true,
      configurable: true,
    });
  }
}

/** Exit codes: 0 ok, 1 invalid input, 2 usage. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/**
 * Writes a command's output to standard output, or to `out` when given; a file it cannot write is
 * exit code 1, with `describe`'s words for why on standard error.
 */
export function writeOutput(
  command: string,
  io: CliIo,
  out: string | undefined,
  text: string,
  describe: (error: unknown) => string,
): number {
  if (out === undefined) {
    io.out(text);
    return EXIT.ok;
  }
  try {
    io.write(out, text);
  } catch (error) {
    io.err(`ballast ${command}: cannot write ${out}: ${describe(error)}\n`);
    return EXIT.invalid;
  }
  return EXIT.ok;
}
