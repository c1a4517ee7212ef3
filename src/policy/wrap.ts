import type { ExecuteOptions, Policy, PolicyContext } from './policy.js';

type ContextOf<P> = P extends Policy<infer C> ? C : never;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (
  i: infer I,
) => void
  ? I
  : never;

/**
 * Composes policies, the first outermost: `wrap(retry, breaker).execute(fn)` runs
 * `retry.execute(() => breaker.execute(fn))`. The wrapped function's context merges every
 * layer's context (so it sees the retry's `attempt`) and carries the innermost signal.
 *
 * @example
 * ```ts
 * import { wrap, observe } from 'ballast/policy';
 *
 * const policy = wrap(retryPolicy, breaker, observe(slo));
 * const user = await policy.execute(({ signal, attempt }) => fetchUser(id, { signal, attempt }));
 * ```
 */
export function wrap<const Policies extends readonly [Policy, ...Policy[]]>(
  ...policies: Policies
): Policy<UnionToIntersection<ContextOf<Policies[number]>> & PolicyContext> {
  if (policies.length === 0) throw new RangeError('wrap needs at least one policy');
  for (const [index, policy] of policies.entries()) {
    if (typeof (policy as { execute?: unknown } | null)?.execute !== 'function') {
      throw new TypeError(`policies[${index}] must have an execute() method`);
    }
  }
  return new PolicyWrap(policies) as never;
}

class PolicyWrap implements Policy {
  readonly #policies: readonly Policy[];

  constructor(policies: readonly Policy[]) {
    this.#policies = policies;
  }

  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T> {
    try {
      return this.#run(0, fn, options, undefined);
    } catch (error) {
      // A policy of the caller's own that throws synchronously: inner layers run inside an outer
      // layer's function, which turns their throws into rejections already.
      return Promise.reject(error);
    }
  }

  #run<T>(
    index: number,
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options: ExecuteOptions | undefined,
    outer: PolicyContext | undefined,
  ): Promise<T> {
    const last = index === this.#policies.length - 1;
    return this.#policies[index]!.execute((context) => {
      const merged = outer === undefined ? context : { ...outer, ...context };
      return last ? fn(merged) : this.#run(index + 1, fn, { signal: context.signal }, merged);
    }, options);
  }
}
