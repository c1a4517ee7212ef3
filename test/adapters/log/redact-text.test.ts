import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText } from '../../../src/adapters/log/redact-text.js';

describe('redactText', () => {
  it.each([
    [
      'connect https://user:pass@db.internal:5432/x failed',
      'connect https://db.internal:5432/x failed',
    ],
    ['redis://:secret@cache:6379', 'redis://cache:6379'],
    ['GET /charge?api_key=abc&id=1', 'GET /charge?api_key=[REDACTED]&id=1'],
    ['GET /x?id=1&access_token=t0k3n#frag', 'GET /x?id=1&access_token=[REDACTED]#frag'],
    ['GET /x?X-Amz-Signature=abc123&b=2', 'GET /x?X-Amz-Signature=[REDACTED]&b=2'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: [REDACTED]'],
    [
      'headers {"authorization":"Basic dXNlcjpwYXNz","accept":"*/*"}',
      'headers {"authorization":"[REDACTED]","accept":"*/*"}',
    ],
    ['Cookie: session=1; theme=dark\nnext line', 'Cookie: [REDACTED]\nnext line'],
    ['x-api-key=abcdef', 'x-api-key=[REDACTED]'],
    ['token Bearer eyJhbGciOiJIUzI1NiJ9.e30.x', 'token Bearer [REDACTED]'],
    [
      'nothing secret here: https://example.com/a?b=c',
      'nothing secret here: https://example.com/a?b=c',
    ],
  ])('%s', (text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it('is idempotent, and leaves no password that followed a user in a URL', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('https', 'http', 'redis', 'postgres'),
        fc.stringMatching(/^[a-z]{1,10}\.[a-z]{2,4}(:\d{2,5})?$/),
        fc.string(),
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.stringMatching(/^[a-zA-Z0-9]{6,12}$/),
        (text, scheme, host, path, user, pass) => {
          const once = redactText(text);
          expect(redactText(once)).toBe(once);
          const withCredentials = `${scheme}://${user}:${pass}@${host}/${path}`;
          expect(redactText(`failed: ${withCredentials}`)).not.toContain(`${user}:${pass}@`);
        },
      ),
    );
  });
});
