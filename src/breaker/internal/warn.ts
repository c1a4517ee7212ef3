import { describeError, emitWarning } from '../../internal/warn.js';

// A callback the user gave the breaker (a classifier, a trip tracker) threw. The call's outcome
// must not change, so the error cannot be thrown; it is reported like a throwing event listener.
export function warnCallbackError(
  error: unknown,
  callback: string,
  breaker: string | undefined,
): void {
  const of =
    breaker === undefined ? 'a circuit breaker' : `circuit breaker ${JSON.stringify(breaker)}`;
  emitWarning(
    `ballast: ${callback} of ${of} threw: ${describeError(error)}`,
    'BallastCallbackWarning',
    'BALLAST_CALLBACK_ERROR',
  );
}
