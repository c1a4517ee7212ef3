// A callback the user gave the breaker (a classifier, a trip tracker) threw. The call's outcome
// must not change, so the error cannot be thrown; it is reported like a throwing event listener.
export function warnCallbackError(
  error: unknown,
  callback: string,
  breaker: string | undefined,
): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const of =
    breaker === undefined ? 'a circuit breaker' : `circuit breaker ${JSON.stringify(breaker)}`;
  const message = `ballast: ${callback} of ${of} threw: ${detail}`;
  const proc = (globalThis as { process?: { emitWarning?: (m: string, o: object) => void } })
    .process;
  if (typeof proc?.emitWarning === 'function') {
    proc.emitWarning(message, { type: 'BallastCallbackWarning', code: 'BALLAST_CALLBACK_ERROR' });
  } else {
    console.warn(message);
  }
}
