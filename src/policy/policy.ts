/**
 * What a wrapped function receives from every policy: the signal that cancels it. Policies may add
 * fields (a retry adds `attempt`).
 *
 * @example
 * ```ts
 * const call = ({ signal }: PolicyContext) => fetch(url, { signal });
 * ```
 */
export interface PolicyContext {
  readonly signal: AbortSignal;
  /**
   * When the call must be over, as a time on the policies' clock: the earliest of the caller's
   * `deadline` and any enclosing timeout's end. `undefined` when none is known.
   */
  readonly deadline?: number | undefined;
}

/**
 * Options every policy's `execute` takes.
 *
 * @example
 * ```ts
 * await policy.execute(call, { signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface ExecuteOptions {
  /** Cancels the call; passed on to the wrapped function's context. */
  readonly signal?: AbortSignal;
  /**
   * When the call must be over, as a time on the policy's clock (gRPC's deadline): policies do
   * not start work that cannot finish before it, and pass it on in the context.
   *
   * @default none
   */
  readonly deadline?: number | undefined;
}

/**
 * Anything that runs a function on a caller's behalf: `CircuitBreaker`, `RetryPolicy`,
 * {@link TimeoutPolicy}, an {@link observe}d SLO tracker, or a {@link wrap} of them. `Context` is
 * what the function receives; `Options` what `execute` takes besides it (a TimeoutPolicy's add
 * `timeoutMs`).
 *
 * @example
 * ```ts
 * const policy: Policy = wrap(retryPolicy, breaker);
 * const body = await policy.execute(({ signal }) => fetch(url, { signal }).then((r) => r.json()));
 * ```
 */
export interface Policy<
  Context extends PolicyContext = PolicyContext,
  Options extends ExecuteOptions = ExecuteOptions,
> {
  execute<T>(fn: (context: Context) => T | PromiseLike<T>, options?: Options): Promise<T>;
}
