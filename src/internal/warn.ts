// Reports a problem the caller cannot be told about (a throwing listener or callback: the call's
// outcome must not change) as a process warning, or on the console where there is no `process`.
export function emitWarning(message: string, type: string, code: string): void {
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: object) => void } })
    .process;
  if (typeof proc?.emitWarning === 'function') proc.emitWarning(message, { type, code });
  else console.warn(message);
}

/** An error as text for a warning: its stack where it has one. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
