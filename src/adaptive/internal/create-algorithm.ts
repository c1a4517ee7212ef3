import {
  assertInRange,
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  show,
} from '../../internal/validate.js';
import type { AdaptiveConcurrencyOptions, LimitAlgorithmName } from '../concurrency-options.js';
import { AimdLimit } from './aimd-limit.js';
import { Gradient2Limit } from './gradient2-limit.js';
import type { LimitAlgorithm, LimitBounds } from './limit-algorithm.js';
import { VegasLimit } from './vegas-limit.js';

const ALGORITHMS: readonly LimitAlgorithmName[] = ['aimd', 'gradient2', 'vegas'];

/** Checks the limits and the chosen algorithm's options, and makes the algorithm. @internal */
export function createAlgorithm(options: AdaptiveConcurrencyOptions | undefined): LimitAlgorithm {
  const algorithm = options?.algorithm ?? 'aimd';
  if (!ALGORITHMS.includes(algorithm)) {
    throw new TypeError(`algorithm must be 'aimd', 'gradient2' or 'vegas', got ${show(algorithm)}`);
  }
  for (const other of ALGORITHMS) {
    if (other !== algorithm && options?.[other] !== undefined) {
      throw new TypeError(
        `${other} options were given, but the algorithm is ${show(algorithm)} (set algorithm: '${other}')`,
      );
    }
  }
  const minLimit = options?.minLimit ?? 1;
  assertInteger(minLimit, 'minLimit', 1);
  const maxLimit = options?.maxLimit ?? Math.max(200, minLimit);
  assertInteger(maxLimit, 'maxLimit', minLimit);
  const initialLimit = options?.initialLimit ?? Math.min(Math.max(20, minLimit), maxLimit);
  assertInteger(initialLimit, 'initialLimit', minLimit);
  if (initialLimit > maxLimit) {
    throw new RangeError(
      `initialLimit must be <= maxLimit (${maxLimit}), got ${show(initialLimit)}`,
    );
  }
  const bounds: LimitBounds = { initialLimit, minLimit, maxLimit };
  switch (algorithm) {
    case 'aimd': {
      const o = nested(options?.aimd, 'aimd', ['backoffRatio', 'timeoutMs']);
      const backoffRatio = o.backoffRatio ?? 0.9;
      assertInRange(backoffRatio, 'aimd.backoffRatio', 0.5, 1, '[)');
      const timeoutMs = o.timeoutMs ?? Number.POSITIVE_INFINITY;
      if (timeoutMs !== Number.POSITIVE_INFINITY) assertPositive(timeoutMs, 'aimd.timeoutMs');
      return new AimdLimit(bounds, backoffRatio, timeoutMs);
    }
    case 'gradient2': {
      const keys = ['smoothing', 'rttTolerance', 'longWindow', 'queueSize', 'backoffRatio'];
      const o = nested(options?.gradient2, 'gradient2', keys);
      const smoothing = o.smoothing ?? 0.2;
      assertInRange(smoothing, 'gradient2.smoothing', 0, 1, '(]');
      const tolerance = o.rttTolerance ?? 1.5;
      assertInRange(tolerance, 'gradient2.rttTolerance', 1, Number.MAX_VALUE, '[]');
      const longWindow = o.longWindow ?? 600;
      assertInteger(longWindow, 'gradient2.longWindow', 1);
      const queueSize = o.queueSize ?? 4;
      assertNonNegative(queueSize, 'gradient2.queueSize');
      const backoff = o.backoffRatio ?? 0.9;
      assertInRange(backoff, 'gradient2.backoffRatio', 0.5, 1, '[]');
      return new Gradient2Limit(bounds, smoothing, tolerance, longWindow, queueSize, backoff);
    }
    default: {
      const o = nested(options?.vegas, 'vegas', ['smoothing', 'probeMultiplier']);
      const smoothing = o.smoothing ?? 1;
      assertInRange(smoothing, 'vegas.smoothing', 0, 1, '(]');
      const probeMultiplier = o.probeMultiplier ?? 30;
      assertInteger(probeMultiplier, 'vegas.probeMultiplier', 1);
      return new VegasLimit(bounds, smoothing, probeMultiplier);
    }
  }
}

function nested(
  value: unknown,
  path: string,
  keys: readonly string[],
): Readonly<Record<string, number | undefined>> {
  if (value === undefined) return {};
  assertOptions(value, path, keys);
  return value as Record<string, number | undefined>;
}
