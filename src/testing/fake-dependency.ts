import type { Clock } from '../clock/index.js';
import { assertClock, assertOptions, assertSignal, show } from '../internal/validate.js';
import {
  assertStep,
  ok,
  type DependencyStep,
  type FailStep,
  type OkStep,
} from './dependency-step.js';
import { DependencyError } from './simulated-dependency.js';

/**
 * One call as a {@link FakeDependency} sees it when it starts: what a script function receives.
 *
 * @example
 * ```ts
 * const script = (call: FakeCall) => (call.now < 5_000 ? fail(503) : ok('x'));
 * ```
 */
export interface FakeCall {
  /** 1 for the first call, 2 for the second... */
  readonly number: number;
  /** The clock's time when the call started. */
  readonly now: number;
  /** What the caller passed: `call`'s `request` option, or the URL `fetch` was given. */
  readonly request: unknown;
}

/**
 * A call as recorded in {@link FakeDependency.history}.
 *
 * @example
 * ```ts
 * const attempts = dependency.history.filter((call) => call.request === '/items/1').length;
 * ```
 */
export interface FakeCallRecord<T = unknown> extends FakeCall {
  /** The step it played. */
  readonly step: DependencyStep<T>;
  /** How it ended so far: an abort wins over the step. */
  readonly outcome: 'pending' | 'ok' | 'failed' | 'aborted';
  /** The clock's time when it settled; `undefined` while pending. */
  readonly settledAt: number | undefined;
}

/**
 * The behaviour of a {@link FakeDependency}, call by call: a list of steps (the first call plays
 * the first step), or a function of the call that returns its step (see {@link timeline}).
 *
 * @example
 * ```ts
 * const script: FakeScript<string> = [fail(503), slow(2_000), ok('x')];
 * ```
 */
export type FakeScript<T> = readonly DependencyStep<T>[] | ((call: FakeCall) => DependencyStep<T>);

/**
 * Options for {@link FakeDependency}.
 *
 * @example
 * ```ts
 * const options: FakeDependencyOptions<string> = { clock, script: [fail(503)], after: ok('x') };
 * ```
 */
export interface FakeDependencyOptions<T> {
  /** The clock that times each step's latency; a `VirtualClock` in tests. */
  readonly clock: Clock;
  /**
   * What each call does. A script function is called as each call starts; if it throws, that
   * call rejects with what it threw.
   *
   * @default [] (every call plays `after`)
   */
  readonly script?: FakeScript<T>;
  /**
   * What every call after a list script has run out does.
   *
   * @default the script's last step, repeated; `ok()` for an empty script
   */
  readonly after?: DependencyStep<T>;
}

/**
 * Options of {@link FakeDependency.call}.
 *
 * @example
 * ```ts
 * await dependency.call({ signal, request: 'GET /items/1' });
 * ```
 */
export interface FakeCallOptions {
  /** Aborting it rejects the call at once with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Anything that names the call, recorded in {@link FakeDependency.history}. */
  readonly request?: unknown;
}

const OPTIONS = ['clock', 'script', 'after'];
type Played<T> = OkStep<T> | FailStep;

/**
 * A scriptable fake of a downstream service, for tests of clients in virtual time. Each call plays
 * one step of a script (`[fail(503), slow(2_000), ok('x')]`), taking its latency on the clock;
 * when a list script runs out, the last step repeats (or `after` plays). Every call honours its
 * signal: an abort rejects at once with the signal's reason, clears the call's timer, removes the
 * listener, and counts in {@link FakeDependency.aborts}. It counts what a test asserts on: calls,
 * calls in flight and the most at once, aborts, failures, and a {@link FakeDependency.history} of
 * every call. {@link FakeDependency.fetch} stands in for `fetch`.
 *
 * @example
 * ```ts
 * import { FakeDependency, VirtualClock, fail, ok, slow } from 'ballast/testing';
 *
 * const clock = new VirtualClock();
 * const dependency = new FakeDependency({ clock, script: [fail(503), slow(2_000), ok('x')] });
 * const policy = wrap(new RetryPolicy({ clock }), new TimeoutPolicy(1_000, { clock }));
 * const value = await clock.run(policy.execute(({ signal }) => dependency.call({ signal })));
 * // value is 'x', on the third attempt; dependency.aborts is 1 (the slow one timed out)
 * ```
 */
export class FakeDependency<T = unknown> {
  readonly #clock: Clock;
  readonly #script: FakeScript<T>;
  readonly #after: DependencyStep<T>;
  readonly #history: FakeCallRecord<T>[] = [];
  #inFlight = 0;
  #maxInFlight = 0;
  #aborts = 0;
  #failures = 0;

  constructor(options: FakeDependencyOptions<T>) {
    const given: unknown = options;
    assertOptions(given, 'options', OPTIONS);
    if (options.clock === undefined) throw new TypeError('clock is required');
    assertClock(options.clock);
    const script: unknown = options.script ?? [];
    if (Array.isArray(script)) {
      script.forEach((step, index) => assertStep(step, `script[${index}]`));
    } else if (typeof script !== 'function') {
      throw new TypeError(`script must be an array of steps or a function, got ${show(script)}`);
    }
    if (options.after !== undefined) assertStep(options.after, 'after');
    this.#clock = options.clock;
    this.#script = options.script ?? [];
    this.#after =
      options.after ??
      (typeof this.#script === 'function' ? undefined : this.#script.at(-1)) ??
      (ok() as DependencyStep<T>);
  }

  /** Calls made so far, aborted ones included. */
  get calls(): number {
    return this.#history.length;
  }

  /** Calls started and not settled yet. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most calls that were in flight at once. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /** Calls that their signal aborted (before or while they ran). */
  get aborts(): number {
    return this.#aborts;
  }

  /** Calls that played a `fail` step to its end: rejected, or answered `fetch` with an error status. */
  get failures(): number {
    return this.#failures;
  }

  /** Every call so far, in the order they started. */
  get history(): readonly FakeCallRecord<T>[] {
    return this.#history;
  }

  /**
   * Makes one call: resolves with the step's value, or rejects with its error (a
   * {@link DependencyError} carrying `status` for `fail(status)`).
   */
  call(options?: FakeCallOptions): Promise<T> {
    try {
      const given: unknown = options;
      if (given !== undefined) assertOptions(given, 'options', ['signal', 'request']);
      assertSignal(options?.signal);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#play(options?.request, options?.signal).then((step) => {
      if (step.kind === 'ok') return step.value;
      throw step.status === undefined
        ? step.error
        : new DependencyError(`dependency answered ${step.status}`, false, step.status);
    });
  }

  /**
   * A stand-in for `fetch`, to pass to a client that takes one. An `ok` step resolves a `200`
   * `Response` whose body is the value (a string as text, anything else as JSON, none for
   * `undefined`); `fail(status)` resolves a `Response` with that status, as `fetch` does; any
   * other failure rejects, as a network error does. It honours `init.signal` (or the signal of a
   * `Request`), and records the URL as the call's `request`.
   *
   * @example
   * ```ts
   * const dependency = new FakeDependency({ clock, script: [fail(503), ok({ id: 1 })] });
   * const client = createClient({ fetch: dependency.fetch });
   * ```
   */
  readonly fetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = typeof Request === 'function' && input instanceof Request ? input : undefined;
    const signal = init?.signal ?? request?.signal;
    try {
      assertSignal(signal ?? undefined, 'init.signal');
    } catch (error) {
      return Promise.reject(error);
    }
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return this.#play(url, signal ?? undefined).then((step) => {
      if (step.kind === 'fail') {
        if (step.status === undefined) throw step.error;
        return new Response(null, responseInit(step.status, step.headers));
      }
      const value = step.value;
      const init = responseInit(200, step.headers);
      if (value === undefined) return new Response(null, init);
      return typeof value === 'string' ? new Response(value, init) : Response.json(value, init);
    });
  };

  /** Plays the call's step: resolves with it once its latency has passed. */
  #play(request: unknown, signal: AbortSignal | undefined): Promise<Played<T>> {
    return new Promise((resolve, reject) => {
      const now = this.#clock.now();
      const call: FakeCall = { number: this.#history.length + 1, now, request };
      const script = this.#script;
      let step: DependencyStep<T>;
      try {
        step =
          typeof script === 'function' ? script(call) : (script[call.number - 1] ?? this.#after);
        if (typeof script === 'function') assertStep(step, 'script()');
      } catch (error) {
        // Recorded as a failed call that played nothing: the dependency was reached.
        this.#history.push({
          ...call,
          step: { kind: 'fail', error, latencyMs: 0 },
          outcome: 'failed',
          settledAt: now,
        });
        this.#failures++;
        reject(error);
        return;
      }
      const record: { -readonly [K in keyof FakeCallRecord<T>]: FakeCallRecord<T>[K] } = {
        ...call,
        step,
        outcome: 'pending',
        settledAt: undefined,
      };
      this.#history.push(record);
      this.#inFlight++;
      this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
      let cancel: (() => void) | undefined;
      const finish = (outcome: 'ok' | 'failed' | 'aborted'): boolean => {
        if (record.outcome !== 'pending') return false;
        record.outcome = outcome;
        record.settledAt = this.#clock.now();
        this.#inFlight--;
        if (outcome === 'aborted') this.#aborts++;
        if (outcome === 'failed') this.#failures++;
        cancel?.();
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const onAbort = (): void => {
        if (finish('aborted')) reject(signal?.reason);
      };
      if (signal?.aborted === true) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      if (step.kind === 'hang') return;
      const done = (): void => {
        if (finish(step.kind === 'ok' ? 'ok' : 'failed')) resolve(step);
      };
      if (step.latencyMs === 0) queueMicrotask(done);
      else cancel = this.#clock.setTimer(step.latencyMs, done);
    });
  }
}

function responseInit(
  status: number,
  headers: Readonly<Record<string, string>> | undefined,
): ResponseInit {
  return headers === undefined ? { status } : { status, headers };
}
