/** One hold of `isolate({ forMs })`: `forMs` from the clock reading `at`. */
export interface TimedHold {
  readonly at: number;
  readonly forMs: number;
}

/**
 * The holds of timed isolations that have neither ended nor been released: the circuit stays open
 * until the last of them ends. Each hold keeps its own end, so that releasing one early never cuts
 * another one short. Only `isolate()` and its release functions use it, never a call.
 */
export class TimedHolds {
  #holds: TimedHold[] = [];

  /** Starts a hold of `forMs` at `at`. */
  add(at: number, forMs: number): TimedHold {
    const hold = { at, forMs };
    this.#holds.push(hold);
    return hold;
  }

  /**
   * Drops `hold`. Returns whether it was still running at `now`: false when it had ended, was
   * released already, or was cleared.
   */
  release(hold: TimedHold, now: number): boolean {
    const index = this.#holds.indexOf(hold);
    if (index === -1) return false;
    this.#holds.splice(index, 1);
    return left(hold, now) > 0;
  }

  /**
   * The most time any hold has left at `now`, 0 when none is running. Drops the holds that have
   * ended, so that one never runs again when the clock goes back.
   */
  left(now: number): number {
    let most = 0;
    this.#holds = this.#holds.filter((hold) => {
      const ms = left(hold, now);
      if (ms > most) most = ms;
      return ms > 0;
    });
    return most;
  }

  /** Whether any hold is kept (running, or ended but not yet dropped). */
  get empty(): boolean {
    return this.#holds.length === 0;
  }

  clear(): void {
    this.#holds = [];
  }
}

/** Time left of `hold` at `now`: never more than its length, not even when the clock went back. */
function left(hold: TimedHold, now: number): number {
  return now < hold.at ? hold.forMs : hold.forMs - (now - hold.at);
}
