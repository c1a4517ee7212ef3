/**
 * What `instrumentPrometheus` and `instrumentOpenTelemetry` return: a handle that stops the
 * instrumentation.
 *
 * @example
 * ```ts
 * const metrics = instrumentPrometheus({ breakers: [breaker] });
 * // ... on shutdown, or when the breaker is thrown away:
 * metrics.detach();
 * ```
 */
export interface Instrumentation extends Disposable {
  /**
   * Removes every listener the instrumentation added and stops reporting its targets: their
   * series leave the registry (Prometheus) or are no longer observed (OpenTelemetry). Calling it
   * again does nothing. `[Symbol.dispose]` does the same, for `using`.
   */
  detach(): void;
}

/** An {@link Instrumentation} that runs `stop` once. @internal */
export function instrumentation(stop: () => void): Instrumentation {
  let active = true;
  const detach = (): void => {
    if (!active) return;
    active = false;
    stop();
  };
  return { detach, [Symbol.dispose]: detach };
}
