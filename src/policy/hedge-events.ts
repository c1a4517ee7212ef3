/**
 * What started a hedge: its delay running out (`'delay'`), or an attempt failing first
 * (`'failure'`), which starts the next hedge at once.
 *
 * @example
 * ```ts
 * hedge.events.on('hedge', ({ trigger }) => trigger === 'failure' && failedFast.inc());
 * ```
 */
export type HedgeTrigger = 'delay' | 'failure';

/**
 * Why a hedge was not started: the budget was spent (`'budget'`), or the caller's deadline had
 * passed (`'deadline'`).
 *
 * @example
 * ```ts
 * const reason: HedgeRefusal = 'budget';
 * ```
 */
export type HedgeRefusal = 'budget' | 'deadline';

/**
 * The events of a {@link HedgePolicy}, by name, with their payloads: its metrics hooks.
 *
 * Each is emitted after what it reports has happened (the hedge started, the call settled), so a
 * listener, even one that throws, cannot change a call. Payloads are built only when someone
 * listens.
 *
 * - `hedge`: a hedge started; `attempt` is its number (1 for the first).
 * - `hedgeRefused`: a hedge was due and not started; the call goes on with the attempts it has,
 *   and starts no further hedge.
 * - `win`: an attempt succeeded and settled the call; `attempt` is 0 for the primary, and
 *   `attempts` how many the call started. Calls whose attempts all fail emit nothing here.
 *
 * @example
 * ```ts
 * hedge.events.on('hedge', ({ attempt, trigger }) => log.debug(`hedge ${attempt} (${trigger})`));
 * hedge.events.on('hedgeRefused', ({ reason }) => refused.inc({ reason }));
 * hedge.events.on('win', ({ attempt }) => wins.inc({ attempt: String(attempt) }));
 * ```
 */
export interface HedgeEvents {
  hedge: { readonly attempt: number; readonly trigger: HedgeTrigger };
  hedgeRefused: { readonly attempt: number; readonly reason: HedgeRefusal };
  win: { readonly attempt: number; readonly attempts: number };
}
