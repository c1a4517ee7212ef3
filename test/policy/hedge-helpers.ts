import type { HedgeContext } from '../../src/policy/index.js';
import type { VirtualClock } from '../../src/testing/index.js';

/** How one scripted attempt ends: after `ms` on the clock, with `value` or by throwing `error`. */
export type Script = { ms: number; value: unknown } | { ms: number; error: unknown };

/**
 * A function whose attempt `n` follows `scripts[n]`: it settles after its latency on the clock,
 * and on its signal's abort rejects with the reason at once, its timer cancelled (so that a test
 * can check that no timer is left). Records every context it got.
 */
export function scripted(
  clock: VirtualClock,
  scripts: readonly Script[],
): {
  fn: (context: HedgeContext) => Promise<unknown>;
  contexts: HedgeContext[];
  startedAt: number[];
} {
  const contexts: HedgeContext[] = [];
  const startedAt: number[] = [];
  const fn = (context: HedgeContext): Promise<unknown> => {
    contexts.push(context);
    startedAt.push(clock.now());
    const script = scripts[context.attempt];
    if (script === undefined) return Promise.reject(new Error(`no script for ${context.attempt}`));
    return new Promise((resolve, reject) => {
      const { signal } = context;
      const onAbort = (): void => {
        cancel();
        reject(signal.reason);
      };
      const cancel = clock.setTimer(script.ms, () => {
        signal.removeEventListener('abort', onAbort);
        if ('error' in script) reject(script.error);
        else resolve(script.value);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  };
  return { fn, contexts, startedAt };
}
