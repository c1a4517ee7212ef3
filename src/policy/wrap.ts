import { executeError } from '../internal/validate.js';
import {
  carriesTimeout,
  OUTER_CONTEXT,
  PER_CALL_OPTIONS,
  timeoutMsError,
} from './internal/call-timeout.js';
import type { ExecuteOptions, Policy, PolicyContext } from './policy.js';
import { TimeoutPolicy } from './timeout-policy.js';
import type { TimeoutExecuteOptions } from './timeout-options.js';

type ContextOf<P> = P extends Policy<infer C> ? C : never;
type OptionsOf<P> = P extends { execute(fn: never, options?: infer O): unknown } ? O : never;
/** Whether one of the layers takes a call's `timeoutMs` (a TimeoutPolicy, or a wrap of one). */
type TakesTimeout<P> = P extends unknown
  ? 'timeoutMs' extends keyof NonNullable<OptionsOf<P>>
    ? true
    : false
  : never;
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
): Policy<
  UnionToIntersection<ContextOf<Policies[number]>> & PolicyContext,
  true extends TakesTimeout<Policies[number]> ? TimeoutExecuteOptions : ExecuteOptions
> {
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
  /** Per layer, how many TimeoutPolicy layers it is or holds: the ones a call's timeoutMs reaches. */
  readonly #timeouts: readonly number[];
  /** Per layer, whether it computes timeouts from the context of the layers outside it. */
  readonly #generates: readonly boolean[];
  readonly #timeoutCount: number;
  readonly #generating: boolean;

  constructor(policies: readonly Policy[]) {
    this.#policies = policies;
    this.#timeouts = policies.map((policy) =>
      policy instanceof TimeoutPolicy ? 1 : policy instanceof PolicyWrap ? policy.#timeoutCount : 0,
    );
    this.#generates = policies.map((policy) =>
      policy instanceof TimeoutPolicy
        ? policy.timeoutMs === undefined
        : policy instanceof PolicyWrap && policy.#generating,
    );
    this.#timeoutCount = this.#timeouts.reduce((sum, count) => sum + count, 0);
    this.#generating = this.#generates.includes(true);
  }

  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: TimeoutExecuteOptions,
  ): Promise<T> {
    try {
      if (!carriesTimeout(options)) return this.#run(0, fn, options, undefined, undefined);
      // The other layers would reject timeoutMs as unknown: it is taken out here and handed to
      // the timeout layer alone, checked first, so that no retry retries a bad value and no
      // breaker counts it as a failure.
      const { timeoutMs, [OUTER_CONTEXT]: outer, ...rest } = options;
      if (timeoutMs !== undefined) {
        // fn and timeoutMs as the timeout layer checks them; the rest is the first layer's to
        // check, as it may take keys of its own.
        const invalid =
          executeError(fn, { timeoutMs }, PER_CALL_OPTIONS) ??
          timeoutMsError(timeoutMs) ??
          this.#ambiguity();
        if (invalid !== undefined) return Promise.reject(invalid);
      }
      return this.#run(0, fn, rest, outer, timeoutMs);
    } catch (error) {
      // A policy of the caller's own that throws synchronously: inner layers run inside an outer
      // layer's function, which turns their throws into rejections already.
      return Promise.reject(error);
    }
  }

  #ambiguity(): TypeError | undefined {
    const count = this.#timeoutCount;
    if (count === 1) return undefined;
    return new TypeError(
      count === 0
        ? 'timeoutMs needs a TimeoutPolicy in the wrap() to apply to, and this one has none'
        : `timeoutMs is ambiguous in a wrap() of ${count} TimeoutPolicy layers: ` +
            "pass it to the one it is for, or compute each layer's timeout with a generator",
    );
  }

  #run<T>(
    index: number,
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options: unknown,
    outer: object | undefined,
    timeoutMs: number | undefined,
  ): Promise<T> {
    const last = index === this.#policies.length - 1;
    const timed = timeoutMs !== undefined && this.#timeouts[index] !== 0;
    const generates = outer !== undefined && this.#generates[index]!;
    // Only the layer the extra keys are for sees them (and only then is the object copied).
    const given =
      timed || generates
        ? {
            ...(options as ExecuteOptions | undefined),
            timeoutMs: timed ? timeoutMs : undefined,
            [OUTER_CONTEXT]: generates ? outer : undefined,
          }
        : options;
    return this.#policies[index]!.execute(
      (context) => {
        const merged = outer === undefined ? context : { ...outer, ...context };
        return last
          ? fn(merged)
          : this.#run(index + 1, fn, { signal: context.signal }, merged, timeoutMs);
      },
      given as ExecuteOptions | undefined,
    );
  }
}
