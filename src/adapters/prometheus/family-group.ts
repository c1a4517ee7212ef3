/**
 * A metric family and the name it was registered under (kept apart because an OpenMetrics
 * registry renames counters in place when it exposes them). @internal
 */
export interface Family {
  readonly name: string;
  readonly metric: object;
}

/**
 * The metric families of one kind of target in one registry under one prefix, and the targets
 * they report, by label. Every family reads its targets when the registry is collected.
 *
 * @internal
 */
export interface FamilyGroup<T> {
  readonly targets: Map<string, T>;
  readonly families: readonly Family[];
  /** The histogram bounds the group was made with, by option name. */
  readonly buckets: Readonly<Record<string, readonly number[]>>;
}

/** The options of a prom-client metric for `spec`, not yet registered. @internal */
export function config(
  prefix: string,
  spec: { readonly prom: string; readonly help: string; readonly labels: readonly string[] },
): { name: string; help: string; labelNames: readonly string[]; registers: [] } {
  // Registered by the caller once every name is known to be free, so a clash leaves nothing behind.
  return { name: prefix + spec.prom, help: spec.help, labelNames: spec.labels, registers: [] };
}

/** Pairs each family with its registered name. @internal */
export function named(
  prefix: string,
  ...pairs: (readonly [{ readonly prom: string }, object])[]
): Family[] {
  return pairs.map(([spec, metric]) => ({ name: prefix + spec.prom, metric }));
}
