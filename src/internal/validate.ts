// Option checks shared by every module. Each throws at construction time with a message that names
// the option and the value it got, so bad input never becomes a silent default.

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  return String(value);
}

/** A finite number >= 0 (a delay or duration that may be zero). */
export function assertNonNegative(value: unknown, option: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${option} must be a finite number >= 0, got ${show(value)}`);
  }
}

/** A finite number > 0 (a window length, a rate). */
export function assertPositive(value: unknown, option: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${option} must be a finite number > 0, got ${show(value)}`);
  }
}

/** An integer >= `min` (a count). */
export function assertInteger(
  value: unknown,
  option: string,
  min: number,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${option} must be an integer >= ${min}, got ${show(value)}`);
  }
}

/** A number between `low` and `high`; `bounds` says which ends are open, in interval notation. */
export function assertInRange(
  value: unknown,
  option: string,
  low: number,
  high: number,
  bounds: '()' | '(]' | '[)' | '[]',
): asserts value is number {
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (bounds[0] === '(' ? value > low : value >= low) &&
    (bounds[1] === ')' ? value < high : value <= high);
  if (!ok) {
    const interval = `${bounds[0]}${low}, ${high}${bounds[1]}`;
    throw new RangeError(`${option} must be in ${interval}, got ${show(value)}`);
  }
}

/** A function, when given. */
export function assertFunction(value: unknown, option: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${option} must be a function, got ${show(value)}`);
  }
}

/** A `Clock`-shaped object, when given. */
export function assertClock(value: unknown, option = 'clock'): void {
  if (value === undefined) return;
  if (
    value === null ||
    typeof value !== 'object' ||
    !('now' in value) ||
    typeof value.now !== 'function' ||
    !('setTimer' in value) ||
    typeof value.setTimer !== 'function'
  ) {
    throw new TypeError(`${option} must be a Clock with now() and setTimer(), got ${show(value)}`);
  }
}
