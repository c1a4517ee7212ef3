// A progress bar on standard error, for a command that may run for seconds.
import { systemClock, type Clock } from '../clock/index.js';
import type { CliIo } from './io.js';

/** How long a run goes before the bar shows: a quick one leaves the terminal clean. */
const SHOW_AFTER_MS = 1_000;
const WIDTH = 30;

/**
 * A bar drawn on standard error when it is a terminal and the work has lasted over a second;
 * `done` erases it. Redrawn only when the percentage changes.
 */
export function progressBar(
  io: CliIo,
  clock: Clock = systemClock,
): {
  readonly update: (fraction: number) => void;
  readonly done: () => void;
} {
  const startedAt = clock.now();
  let shown = -1;
  return {
    update(fraction) {
      if (io.errIsTTY !== true || clock.now() - startedAt < SHOW_AFTER_MS) return;
      const percent = Math.floor(fraction * 100);
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round((percent / 100) * WIDTH);
      io.err(
        `\r[${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${String(percent).padStart(3)} %`,
      );
    },
    done() {
      if (shown >= 0) io.err(`\r${' '.repeat(WIDTH + 8)}\r`);
    },
  };
}
