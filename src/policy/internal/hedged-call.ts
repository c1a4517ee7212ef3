import type { Clock } from '../../clock/index.js';
import type { Emitter } from '../../events/index.js';
import { mayAbort } from '../../internal/never-aborted.js';
import type { HedgeEvents, HedgeRefusal, HedgeTrigger } from '../hedge-events.js';
import type { HedgeContext } from '../hedge-options.js';
import type { HedgeBudgetWindow } from './hedge-budget.js';

/** What a {@link HedgedCall} needs of its policy. @internal */
export interface HedgeSettings {
  readonly maxHedges: number;
  readonly clock: Clock;
  readonly events: Emitter<HedgeEvents>;
  readonly budget: HedgeBudgetWindow | undefined;
}

/**
 * One call of a {@link HedgePolicy}: its attempts, the timer of the next hedge, and the listener on
 * the caller's signal (the call itself, as an `EventListenerObject`, so that no closure is made for
 * it). It settles exactly once: with the first success, with the last failure once every attempt
 * has failed and no hedge is left to start, with the caller's abort reason, or with what the clock
 * threw. Settling cancels the timer, removes the listener and aborts the attempts still running.
 *
 * @internal
 */
export class HedgedCall<T> implements EventListenerObject {
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (reason: unknown) => void;
  #settled = false;
  /** Attempts started, the primary included: also the number of the next one. */
  #started = 0;
  #running = 0;
  /** Whether hedges may still start: false once one was refused. */
  #open = true;
  #cancelTimer: (() => void) | undefined;
  /** Tells the armed timer from one cancelled or replaced (0: none armed). */
  #timer = 0;
  readonly #controllers: (AbortController | undefined)[] = [];

  constructor(
    readonly settings: HedgeSettings,
    readonly fn: (context: HedgeContext) => T | PromiseLike<T>,
    readonly signal: AbortSignal | undefined,
    readonly deadline: number | undefined,
    /** The delay before each hedge, by number (index 0 unused), or one delay for all. */
    readonly delays: number | readonly number[],
  ) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** Starts the primary attempt and the timer of the first hedge. */
  start(): Promise<T> {
    if (mayAbort(this.signal)) this.signal.addEventListener('abort', this);
    this.#attempt(0);
    this.#arm();
    return this.promise;
  }

  /** The caller's signal aborted: the call rejects with its reason, and every attempt aborts. */
  handleEvent(): void {
    const reason: unknown = this.signal?.reason;
    if (this.#finish(reason)) this.#reject(reason);
  }

  #attempt(index: number): void {
    const controller = new AbortController();
    this.#controllers[index] = controller;
    this.#started = index + 1;
    this.#running++;
    let pending: T | PromiseLike<T>;
    try {
      pending = this.fn({ signal: controller.signal, deadline: this.deadline, attempt: index });
    } catch (error) {
      pending = Promise.reject(error);
    }
    Promise.resolve(pending).then(
      (value) => this.#succeed(index, value),
      (error: unknown) => this.#fail(index, error),
    );
  }

  #succeed(index: number, value: T): void {
    this.#running--;
    this.#controllers[index] = undefined;
    if (!this.#finish(undefined)) return;
    this.#resolve(value);
    const events = this.settings.events;
    if (events.listenerCount('win') !== 0) {
      events.emit('win', { attempt: index, attempts: this.#started });
    }
  }

  #fail(index: number, error: unknown): void {
    this.#running--;
    this.#controllers[index] = undefined;
    if (this.#settled) return;
    // As Polly does: a failure need not wait out the delay, the next hedge starts at once.
    if (this.#open && this.#started <= this.settings.maxHedges) {
      this.#disarm();
      this.#hedge('failure');
    }
    if (this.#running === 0 && this.#finish(undefined)) this.#reject(error);
  }

  /** Arms the timer of the next hedge, if one is left. */
  #arm(): void {
    if (this.#settled || !this.#open || this.#started > this.settings.maxHedges) return;
    const delays = this.delays;
    const delayMs = typeof delays === 'number' ? delays : delays[this.#started]!;
    const token = ++this.#timer;
    let cancel: () => void;
    try {
      cancel = this.settings.clock.setTimer(delayMs, () => {
        if (this.#timer !== token) return;
        this.#timer = 0;
        this.#cancelTimer = undefined;
        this.#hedge('delay');
      });
    } catch (bug) {
      this.#timer = 0;
      this.#fault(bug);
      return;
    }
    // A clock that fires at once has already run the callback (and maybe armed the next timer).
    if (this.#timer === token) this.#cancelTimer = cancel;
  }

  #disarm(): void {
    this.#timer = 0;
    const cancel = this.#cancelTimer;
    this.#cancelTimer = undefined;
    cancel?.();
  }

  /** Starts the next hedge, unless the deadline has passed or the budget refuses it. */
  #hedge(trigger: HedgeTrigger): void {
    if (this.#settled) return;
    const attempt = this.#started;
    const { budget, clock, events } = this.settings;
    if (this.deadline !== undefined || budget !== undefined) {
      let now: number;
      try {
        now = clock.now();
        if (this.deadline !== undefined && now >= this.deadline) {
          this.#refuse(attempt, 'deadline');
          return;
        }
        if (budget !== undefined && !budget.tryAcquire(now)) {
          this.#refuse(attempt, 'budget');
          return;
        }
      } catch (bug) {
        this.#fault(bug);
        return;
      }
    }
    this.#attempt(attempt);
    if (events.listenerCount('hedge') !== 0) events.emit('hedge', { attempt, trigger });
    this.#arm();
  }

  #refuse(attempt: number, reason: HedgeRefusal): void {
    this.#open = false;
    const events = this.settings.events;
    if (events.listenerCount('hedgeRefused') !== 0) {
      events.emit('hedgeRefused', { attempt, reason });
    }
  }

  /** The clock threw: a bug of the caller's, which ends the call rather than pass for a failure. */
  #fault(bug: unknown): void {
    if (this.#finish(undefined)) this.#reject(bug);
  }

  /**
   * Marks the call settled, cancels the timer, removes the listener on the caller's signal, and
   * aborts the attempts still running (with `reason`, or the default `AbortError`). Returns false
   * when the call had already settled.
   */
  #finish(reason: unknown): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.#disarm();
    if (mayAbort(this.signal)) this.signal.removeEventListener('abort', this);
    const controllers = this.#controllers;
    for (let index = 0; index < controllers.length; index++) {
      const controller = controllers[index];
      if (controller === undefined) continue;
      controllers[index] = undefined;
      if (reason === undefined) controller.abort();
      else controller.abort(reason);
    }
    return true;
  }
}
