import { systemClock, type Clock } from '../clock/index.js';
import { Emitter } from '../events/index.js';
import {
  assertClock,
  assertInteger,
  assertName,
  assertNonNegative,
  assertOptions,
  assertPositive,
  executeError,
  show,
} from '../internal/validate.js';
import type { HedgeEvents } from './hedge-events.js';
import type { HedgeContext, HedgeOptions } from './hedge-options.js';
import { HedgeBudgetWindow } from './internal/hedge-budget.js';
import { HedgedCall, type HedgeSettings } from './internal/hedged-call.js';
import type { ExecuteOptions, Policy } from './policy.js';

const OPTIONS = ['delayMs', 'maxHedges', 'budget', 'clock', 'name'];
const HINTS: Readonly<Record<string, string>> = {
  hedgingDelay: "Polly's hedgingDelay is delayMs here",
  maxHedgedAttempts: "Polly's maxHedgedAttempts is maxHedges here",
};

/**
 * Starts another attempt of a call when the first is slow, and takes whichever succeeds first:
 * "hedged requests" (Dean and Barroso, *The Tail at Scale*), for calls that are safe to repeat.
 *
 * The primary attempt starts at once; each hedge starts `delayMs` after the attempt before it, up
 * to `maxHedges`. The first success wins: the call resolves with its result (the same object) and
 * the other attempts' signals abort. When every attempt fails, the call rejects with the last
 * failure (the same object). A failure does not wait out the delay: as in Polly, the next hedge
 * then starts at once, so that a fast error (a 503 from one replica) is tried elsewhere without
 * the wait; the budget counts it like any hedge.
 *
 * Each attempt gets its own signal, a child of the caller's: the caller's abort rejects the call
 * at once with its reason and aborts every attempt; the one listener the call puts on the
 * caller's signal is removed when it settles, and so is the timer of the next hedge. No hedge
 * starts at or after the caller's `deadline` (`hedgeRefused`, `'deadline'`), nor beyond the
 * `budget`. The primary attempt always starts: enforcing the deadline on it is a
 * {@link TimeoutPolicy}'s work.
 *
 * @example
 * ```ts
 * import { HedgePolicy, TimeoutPolicy, wrap } from 'ballast/policy';
 *
 * const hedge = new HedgePolicy({ delayMs: 50, budget: { ratio: 0.1 }, name: 'search' });
 * hedge.events.on('win', ({ attempt }) => attempt > 0 && hedgeWins.inc());
 * const policy = wrap(new TimeoutPolicy(1_000), hedge);
 * const hits = await policy.execute(({ signal, attempt }) =>
 *   fetch(`${replicas[attempt]}/search?q=${q}`, { signal }).then((r) => r.json()),
 * );
 * ```
 */
export class HedgePolicy implements Policy<HedgeContext> {
  /** The policy's events: `hedge`, `hedgeRefused` and `win`. See {@link HedgeEvents}. */
  readonly events: Emitter<HedgeEvents> = new Emitter<HedgeEvents>();
  /** Hedges per call at most, besides the primary attempt. */
  readonly maxHedges: number;
  /** The policy's name, the label of its metrics; `undefined` when none was given. */
  readonly name: string | undefined;
  readonly #delayMs: number | ((hedge: number) => number);
  readonly #clock: Clock;
  readonly #budget: HedgeBudgetWindow | undefined;
  readonly #settings: HedgeSettings;

  /** @throws TypeError or RangeError naming the option, for an invalid or unknown option. */
  constructor(options: HedgeOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', OPTIONS, HINTS);
    const { delayMs, maxHedges = 1, budget, clock, name } = options;
    if (typeof delayMs !== 'function') {
      if (delayMs === undefined) {
        throw new TypeError('delayMs is required: a number of milliseconds >= 0, or a function');
      }
      assertNonNegative(delayMs, 'delayMs');
    }
    assertInteger(maxHedges, 'maxHedges', 1);
    if (budget !== undefined) {
      const shape: unknown = budget;
      assertOptions(shape, 'budget', ['ratio']);
      assertPositive(budget.ratio, 'budget.ratio');
    }
    assertClock(clock);
    if (name !== undefined) assertName(name, 'name');
    this.maxHedges = maxHedges;
    this.name = name;
    this.#delayMs = delayMs;
    this.#clock = clock ?? systemClock;
    this.#budget =
      budget === undefined ? undefined : new HedgeBudgetWindow(budget.ratio, this.#clock);
    this.#settings = {
      maxHedges,
      clock: this.#clock,
      events: this.events,
      budget: this.#budget,
    };
  }

  /**
   * Runs `fn` as the primary attempt, and hedges of it while it is slow; resolves with the first
   * success. Rejects, never throws: for a bad `fn` or options, an aborted signal, or a `delayMs`
   * function that throws or returns a bad delay, all before `fn` runs.
   *
   * @example
   * ```ts
   * const user = await hedge.execute(({ signal }) => getUser(id, { signal }), {
   *   signal: request.signal,
   *   deadline: clock.now() + 2_000,
   * });
   * ```
   */
  execute<T>(
    fn: (context: HedgeContext) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T> {
    const invalid = executeError(fn, options);
    if (invalid !== undefined) return Promise.reject(invalid);
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    let delays: number | number[];
    try {
      delays = this.#delays();
      this.#budget?.recordCall(this.#clock.now());
    } catch (error) {
      return Promise.reject(error);
    }
    return new HedgedCall(this.#settings, fn, signal, options?.deadline, delays).start();
  }

  /** The delay before each hedge of a call: one number, or one per hedge (index 0 unused). */
  #delays(): number | number[] {
    const delayMs = this.#delayMs;
    if (typeof delayMs === 'number') return delayMs;
    if (this.maxHedges === 1) return checkDelay(delayMs(1), 1);
    const delays = [0];
    for (let hedge = 1; hedge <= this.maxHedges; hedge++) {
      delays.push(checkDelay(delayMs(hedge), hedge));
    }
    return delays;
  }
}

function checkDelay(delayMs: unknown, hedge: number): number {
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(
      `delayMs(${hedge}) must return a finite number >= 0, got ${show(delayMs)}`,
    );
  }
  return delayMs;
}
