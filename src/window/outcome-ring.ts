import { assertInteger, assertOptions } from '../internal/validate.js';

/**
 * Options for {@link OutcomeRing}.
 *
 * @example
 * ```ts
 * const options: OutcomeRingOptions = { size: 100, channels: 2 };
 * ```
 */
export interface OutcomeRingOptions {
  /** How many of the most recent outcomes are kept. */
  readonly size: number;
  /** How many flags each outcome carries, from 1 to 8. @default 1 */
  readonly channels?: number;
}

/**
 * The last `size` outcomes, each a bit mask of flags (say, failed and slow), with a running count
 * per flag: O(1) to record and to read.
 *
 * @example
 * ```ts
 * // Internal to ballast: modules import it from '../window/index.js'.
 *
 * const FAILED = 0;
 * const ring = new OutcomeRing({ size: 10 });
 * ring.record(1 << FAILED);
 * ring.record(0);
 * ring.sum(FAILED) / ring.length; // 0.5
 * ```
 */
export class OutcomeRing {
  /** The most outcomes kept. */
  readonly size: number;
  /** Number of flags per outcome. */
  readonly channels: number;

  readonly #masks: Uint8Array;
  readonly #sums: Uint32Array;
  #next = 0;
  #length = 0;

  constructor(options: OutcomeRingOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', ['size', 'channels']);
    assertInteger(options.size, 'size', 1);
    const channels = options.channels ?? 1;
    assertInteger(channels, 'channels', 1);
    if (channels > 8) throw new RangeError(`channels must be at most 8, got ${channels}`);
    this.size = options.size;
    this.channels = channels;
    this.#masks = new Uint8Array(options.size);
    this.#sums = new Uint32Array(channels);
  }

  /** How many outcomes are kept now (at most {@link OutcomeRing.size}). */
  get length(): number {
    return this.#length;
  }

  /** Records one outcome; the oldest is dropped once the ring is full. */
  record(mask: number): void {
    const index = this.#next;
    if (this.#length === this.size) this.#count(this.#masks[index]!, -1);
    else this.#length++;
    this.#masks[index] = mask;
    this.#count(mask, 1);
    this.#next = index + 1 === this.size ? 0 : index + 1;
  }

  /** How many kept outcomes have the flag `channel` set. */
  sum(channel: number): number {
    return this.#sums[channel]!;
  }

  /** Forgets every outcome. */
  reset(): void {
    this.#masks.fill(0);
    this.#sums.fill(0);
    this.#next = 0;
    this.#length = 0;
  }

  #count(mask: number, delta: number): void {
    for (let channel = 0; mask !== 0; channel++, mask >>>= 1) {
      if ((mask & 1) !== 0) this.#sums[channel]! += delta;
    }
  }
}
