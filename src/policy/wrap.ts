import { neverAborted, neverAbortingCall } from '../internal/never-aborted.js';
import { executeError } from '../internal/validate.js';
import {
  carriesTimeout,
  OUTER_CONTEXT,
  PER_CALL_OPTIONS,
  timeoutMsError,
} from './internal/call-timeout.js';
import { OBSERVED, observedContext, runObserved, type Observed } from './observe.js';
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
 * layer's context (so it sees the retry's `attempt`) and carries the innermost signal and
 * deadline. Each layer is handed the `signal` and `deadline` of the context outside it, so a
 * caller's `deadline` reaches every layer and a {@link TimeoutPolicy} shortens it for the layers
 * inside. A layer whose context adds nothing but those two is passed through without a copy: a
 * wrap costs about what nesting the same policies by hand does.
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
  /** Per layer, the observer of an {@link observe}d policy, which the wrap calls itself. */
  readonly #observed: readonly (Observed | undefined)[];

  constructor(policies: readonly Policy[]) {
    this.#policies = policies;
    this.#observed = policies.map(
      (policy) => (policy as { readonly [OBSERVED]?: Observed })[OBSERVED],
    );
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
      return this.#run(0, fn, rest, outer as PolicyContext | undefined, timeoutMs);
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
    outer: PolicyContext | undefined,
    timeoutMs: number | undefined,
  ): Promise<T> {
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
    const observed = this.#observed[index];
    if (observed !== undefined && given === options) {
      // An observed SLO: its function is this layer's, with the context observe() would make.
      const invalid = executeError(fn, options);
      if (invalid !== undefined) return Promise.reject(invalid);
      const context = observedContext(options as ExecuteOptions | undefined);
      return runObserved(observed, () =>
        this.#enter(index, fn, options, outer, timeoutMs, context),
      );
    }
    return this.#policies[index]!.execute(
      (context) => this.#enter(index, fn, options, outer, timeoutMs, context),
      given as ExecuteOptions | undefined,
    );
  }

  /** Runs in layer `index`, with its context: the next layer, or `fn` in the last. */
  #enter<T>(
    index: number,
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options: unknown,
    outer: PolicyContext | undefined,
    timeoutMs: number | undefined,
    context: PolicyContext,
  ): T | PromiseLike<T> {
    const merged = outer === undefined ? context : mergeContexts(outer, context);
    if (index === this.#policies.length - 1) return fn(merged);
    const handed = options as ExecuteOptions | undefined;
    // A layer of the caller's own that does not hand the deadline on in its context still
    // passes on the one it was given.
    const deadline = context.deadline ?? handed?.deadline;
    return this.#run(
      index + 1,
      fn,
      innerOptions(context.signal, deadline, index === 0 ? undefined : handed),
      merged,
      timeoutMs,
    );
  }
}

/**
 * The options an inner layer gets: the signal and deadline of the context outside it. No
 * allocation when there is neither (the shared object), nor when the layer outside passed them on
 * unchanged (`previous`, the options this wrap made for it).
 */
function innerOptions(
  signal: AbortSignal,
  deadline: number | undefined,
  previous: ExecuteOptions | undefined,
): ExecuteOptions {
  if (deadline === undefined && signal === neverAborted) return neverAbortingCall;
  if (previous !== undefined && previous.signal === signal && previous.deadline === deadline) {
    return previous;
  }
  return deadline === undefined ? { signal } : { signal, deadline };
}

/**
 * The context of the layers outside (`outer`) and of the layer inside (`inner`) as one object, as
 * `{ ...outer, ...inner }` would make it, but without a copy when one side adds nothing: most
 * layers (a breaker, an observed SLO) pass on the signal and deadline they were given and nothing
 * else, and the function then gets the other side's context itself.
 */
function mergeContexts(outer: PolicyContext, inner: PolicyContext): PolicyContext {
  // The shared context of a breaker or an observed SLO handed no signal nor deadline: no key to
  // look at.
  if (
    inner === neverAbortingCall &&
    outer.signal === neverAborted &&
    outer.deadline === undefined
  ) {
    return outer;
  }
  if (onlyCallFields(inner)) {
    if (inner.signal === outer.signal && inner.deadline === outer.deadline) return outer;
  } else if (
    onlyCallFields(outer) &&
    'signal' in inner &&
    (outer.deadline === undefined || 'deadline' in inner)
  ) {
    return inner;
  }
  return { ...outer, ...inner };
}

/** Whether a context holds nothing but `signal` and `deadline`. No allocation. */
function onlyCallFields(context: PolicyContext): boolean {
  for (const key in context) {
    if (key !== 'signal' && key !== 'deadline') return false;
  }
  return true;
}
