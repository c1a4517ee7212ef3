import { seededRandom } from '../../testing/index.js';

/**
 * A random source of its own for each use (`stream`) of a run's seed, so that adding a layer to
 * one variant changes neither the arrivals nor the other layers' draws.
 *
 * @internal
 */
export function streamOf(seed: number, stream: number): () => number {
  return seededRandom((seed + Math.imul(stream, 0x9e3779b9)) >>> 0);
}
