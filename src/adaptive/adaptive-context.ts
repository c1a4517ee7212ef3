/**
 * What {@link AdaptiveThrottle} and {@link AdaptiveConcurrencyPolicy} pass to the function they
 * run: the same shape as every ballast policy's context (`PolicyContext` of `ballast/policy`), so
 * that both compose with `wrap`.
 *
 * @example
 * ```ts
 * await throttle.execute(({ signal }: AdaptiveContext) => fetch(url, { signal }));
 * ```
 */
export interface AdaptiveContext {
  /** The caller's signal, or a signal that never aborts when the caller gave none. */
  readonly signal: AbortSignal;
  /** The caller's deadline, as a time on the policy's clock; `undefined` when none was given. */
  readonly deadline?: number | undefined;
}

/**
 * Options for one `execute` call of {@link AdaptiveThrottle} or {@link AdaptiveConcurrencyPolicy}
 * (the `ExecuteOptions` of `ballast/policy`).
 *
 * @example
 * ```ts
 * await limiter.execute(call, { signal: request.signal, deadline: clock.now() + 2_000 });
 * ```
 */
export interface AdaptiveExecuteOptions {
  /** Cancels the call; an aborted call is rejected with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * When the call must be over, as a time on the policy's clock: passed on in the context; a call
   * waiting in an {@link AdaptiveConcurrencyPolicy}'s queue leaves it when the deadline passes.
   *
   * @default none
   */
  readonly deadline?: number | undefined;
}
