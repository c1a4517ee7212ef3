import { describe, expect, it } from 'vitest';
import { isTransientNetworkError } from '../../src/retry/index.js';
import { networkError } from '../../src/testing/index.js';

describe('networkError', () => {
  it('looks like the error of Node’s fetch on a dropped connection', () => {
    const error = networkError();
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect(error.cause).toMatchObject({ code: 'ECONNRESET', message: 'connect ECONNRESET' });
    expect(isTransientNetworkError(error)).toBe(true);
    expect(isTransientNetworkError(networkError('ENOTFOUND'))).toBe(false);
  });

  it('needs a code', () => {
    expect(() => networkError('')).toThrow('code must be a non-empty string, got ""');
  });
});
