import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactUrl, urlForMessage } from '../../../src/http/internal/redact-url.js';

/** The credentials a WHATWG parser finds in `text`, alone or against a base: what a client sends. */
function credentials(text: string): string[] {
  const found: string[] = [];
  for (const base of [undefined, 'http://base.test/a/', 'foo://base.test/a/', 'file:///a/']) {
    try {
      const url = new URL(text, base);
      if (url.username !== '' || url.password !== '') found.push(`${url.username}:${url.password}`);
    } catch {
      // Not a URL against this base.
    }
  }
  return found;
}

// Simple generators: fc.domain(), fc.webPath() and fc.webUrl() cost a second or two to set up.
const word = (chars: string) => fc.string({ unit: fc.constantFrom(...chars), maxLength: 8 });
// Labels start and end with a letter: a last label of digits would make the host an IPv4 address.
const label = word('abcxyz0189-').filter((text) => /^[a-z](?:.*[a-z])?$/.test(text));
const host = fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.'));
const path = fc.array(word('abz09.-_~%@:'), { maxLength: 3 }).map((parts) => `/${parts.join('/')}`);
const query = word('abz09=&@:/?%');
const part = fc.string({
  unit: fc.constantFrom(..."abcXYZ019._~%!$&'()*+,;=-"),
  minLength: 1,
  maxLength: 12,
});
const url = fc
  .tuple(fc.constantFrom('http', 'https', 'foo'), host, path, query, query)
  .map(([scheme, h, p, q, f]) => `${scheme}://${h}${p}?${q}#${f}`);

describe('redactUrl', () => {
  it.each([
    [
      'https://user:pass@api.example.com/v1/items?q=1#top',
      'https://api.example.com/v1/items?q=1#top',
    ],
    ['https://token@github.com/org/repo', 'https://github.com/org/repo'],
    ['https:user:pass@host.test/x', 'https://host.test/x'],
    ['HTTP://U:P@Host.TEST:8080/a/../b', 'http://host.test:8080/b'],
    ['https:\\\\u:p@host.test\\x', 'https://host.test/x'],
    ['  https://u:p@host.test/  ', 'https://host.test/'],
    ['ht\ttps://u:p@host.test/', 'https://host.test/'],
    ['foo://u:p@host.test/x', 'foo://host.test/x'],
    ['//u:p@host.test/x?y', '//host.test/x?y'],
    ['\\\\u:p@host.test/x', '\\\\host.test/x'],
    ['u:p@host.test/x', 'host.test/x'],
    ['/products/42?email=a@b.test', '/products/42?email=a@b.test'],
    ['/a/b@c', '/a/b@c'],
    [
      'https://api.example.com/users/me@example.com',
      'https://api.example.com/users/me@example.com',
    ],
    ['', ''],
    ['/a\u0000b', '/a%00b'],
  ])('%j -> %j', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });

  it('never leaves user:pass in a URL built from parts, whatever the parts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https', 'ws', 'foo', 'git+ssh'),
        fc.constantFrom('//', '/\\', '\\\\', ''),
        part,
        part,
        host,
        path,
        query,
        (scheme, slashes, user, pass, host, path, query) => {
          const secret = `${user}:${pass}@`;
          const url = `${scheme}:${slashes}${secret}${host}${path}?${query}`;
          const redacted = redactUrl(url);
          // The query is kept as it is (it could hold the same characters by chance).
          expect(redacted.split('?')[0]).not.toContain(secret);
          expect(redacted).not.toContain(`${pass}@${host}`);
          expect(credentials(redacted)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('leaves nothing a URL parser would read as credentials, for any string', () => {
    const piece = fc.constantFrom(
      'http:',
      'https:',
      'foo:',
      '//',
      '/',
      '\\',
      '@',
      ':',
      'u',
      'p',
      'host.test',
      '?',
      '#',
      '\t',
      ' ',
      '\n',
      '%40',
      '[::1]',
      '.',
      '..',
    );
    const text = fc.oneof(
      fc.string(),
      fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (input) => {
        expect(credentials(redactUrl(input))).toEqual([]);
      }),
      { numRuns: 1_000 },
    );
  });

  it('changes nothing in a URL without credentials but its normal form', () => {
    fc.assert(
      fc.property(url, (url) => {
        expect(redactUrl(url)).toBe(new URL(url).href);
      }),
      { numRuns: 200 },
    );
  });

  it('drops the spaces that cutting a prefix leaves, so that it is idempotent', () => {
    expect(redactUrl('@ !')).toBe('!');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), url), (input) => {
        const once = redactUrl(input);
        expect(redactUrl(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('urlForMessage', () => {
  it('drops the query string and the fragment', () => {
    expect(urlForMessage('https://h.test/a?token=s3cret#frag')).toBe('https://h.test/a');
    expect(urlForMessage('https://h.test/a#frag?x')).toBe('https://h.test/a');
    expect(urlForMessage('/a/b')).toBe('/a/b');
  });
});
