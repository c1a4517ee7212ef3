/**
 * The state of a {@link CircuitBreaker}.
 *
 * - `closed`: calls run; outcomes feed the trip condition.
 * - `open`: calls are rejected with a {@link BrokenCircuitError} until the open period ends.
 * - `half-open`: a few probe calls run; enough successes close the circuit, a failure re-opens it.
 * - `isolated`: held open by {@link CircuitBreaker.isolate} until released.
 *
 * @example
 * ```ts
 * const down: CircuitState[] = ['open', 'isolated'];
 * if (down.includes(breaker.state)) useFallback();
 * ```
 */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'isolated';

/**
 * The states in which a {@link CircuitBreaker} rejects a call: every state but `closed`.
 *
 * @example
 * ```ts
 * breaker.events.on('rejected', ({ state }: { state: RejectingState }) => rejections.inc({ state }));
 * ```
 */
export type RejectingState = Exclude<CircuitState, 'closed'>;
