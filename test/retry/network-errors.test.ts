import { describe, expect, it } from 'vitest';
import { isTransientNetworkError } from '../../src/retry/index.js';

const coded = (code: string, message = code): Error => Object.assign(new Error(message), { code });
const fetchFailed = (cause: unknown): TypeError => new TypeError('fetch failed', { cause });

describe('isTransientNetworkError', () => {
  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'ENETUNREACH',
    'ENETDOWN',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
  ])('knows %s, on the error or as the cause of a fetch failure', (code) => {
    expect(isTransientNetworkError(coded(code))).toBe(true);
    expect(isTransientNetworkError(fetchFailed(coded(code)))).toBe(true);
    expect(isTransientNetworkError(new Error('wrapped', { cause: fetchFailed(coded(code)) }))).toBe(
      true,
    );
  });

  it.each([
    ['ENOTFOUND: a name that does not resolve', fetchFailed(coded('ENOTFOUND'))],
    ['an undici argument error', fetchFailed(coded('UND_ERR_INVALID_ARG'))],
    ['a fetch failure without cause', new TypeError('fetch failed')],
    ['a browser fetch failure', new TypeError('Failed to fetch')],
    ['an abort', new DOMException('aborted', 'AbortError')],
    ['a plain error', new Error('500')],
    ['a numeric code', Object.assign(new Error('x'), { code: 104 })],
    ['a string', 'ECONNRESET'],
    ['undefined', undefined],
    ['null', null],
  ])('rejects %s', (_name, error) => {
    expect(isTransientNetworkError(error)).toBe(false);
  });

  it("looks into an AggregateError's errors, as Node's happy-eyeballs connect reports them", () => {
    const aggregate = new AggregateError([coded('ENETUNREACH'), coded('ECONNREFUSED')], 'connect');
    expect(isTransientNetworkError(fetchFailed(aggregate))).toBe(true);
    expect(isTransientNetworkError(new AggregateError([new Error('x'), 'y', null]))).toBe(false);
  });

  it('stops on a cause cycle and at a bounded depth', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isTransientNetworkError(a)).toBe(false);
    let deep: unknown = coded('ECONNRESET');
    for (let i = 0; i < 20; i++) deep = new Error(`level ${i}`, { cause: deep });
    expect(isTransientNetworkError(deep)).toBe(false);
  });
});

describe('isTransientNetworkError, how deep it looks', () => {
  function chain(depth: number): Error {
    let error: Error = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    for (let level = 0; level < depth; level++)
      error = new Error(`wrap ${level}`, { cause: error });
    return error;
  }

  it('finds a code seven causes down, and not eight', () => {
    expect(isTransientNetworkError(chain(7))).toBe(true);
    expect(isTransientNetworkError(chain(8))).toBe(false);
  });

  it('looks at the first eight errors of an AggregateError, and not the ninth', () => {
    const plain = (count: number) => Array.from({ length: count }, () => new Error('other'));
    const reset = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    expect(isTransientNetworkError(new AggregateError([...plain(7), reset]))).toBe(true);
    expect(isTransientNetworkError(new AggregateError([...plain(8), reset]))).toBe(false);
    expect(isTransientNetworkError(new AggregateError([null, 'x', reset]))).toBe(true);
  });

  it('needs a string code from the list', () => {
    expect(isTransientNetworkError(new Error('no code'))).toBe(false);
    expect(isTransientNetworkError(Object.assign(new Error('n'), { code: 104 }))).toBe(false);
  });
});
