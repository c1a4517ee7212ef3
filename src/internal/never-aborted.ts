/**
 * The signal attempts get when their caller passed none: it never aborts. One shared signal, so
 * that no call pays for an `AbortController` (microseconds each in Node 20).
 */
export const neverAborted: AbortSignal = createNeverAborted();

function createNeverAborted(): AbortSignal {
  const signal = new AbortController().signal;
  // Concurrent attempts all listen to this one signal (fetch, sleep, a timeout policy), and Node
  // warns of a "possible EventTarget memory leak" from the 11th listener. It never fires, so the
  // limit only gives false alarms: lift it where Node lets us without a static import.
  try {
    const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const events = node?.getBuiltinModule?.('node:events') as
      { setMaxListeners?: (n: number, ...targets: EventTarget[]) => void } | undefined;
    events?.setMaxListeners?.(0, signal);
  } catch {
    // Not Node, or a Node before 20.16: the warning is the only cost.
  }
  return signal;
}

/**
 * Whether `signal` can ever abort: not when absent, nor when it is {@link neverAborted}. Code that
 * would listen for an abort asks this first, so that calls handed the shared signal add nothing to
 * it and take the paths of calls without a signal.
 */
export function mayAbort(signal: AbortSignal | undefined): signal is AbortSignal {
  return signal !== undefined && signal !== neverAborted;
}

/**
 * `{ signal: neverAborted }`, frozen and shared: the context a policy hands a call that has neither
 * a signal nor a deadline, and the options `wrap()` hands its inner layers then. Being one object,
 * it is recognised by identity on the hot path (no key to check, nothing to merge).
 */
export const neverAbortingCall: { readonly signal: AbortSignal } = Object.freeze({
  signal: neverAborted,
});
