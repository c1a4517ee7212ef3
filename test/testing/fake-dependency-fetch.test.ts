import { describe, expect, it } from 'vitest';
import {
  FakeDependency,
  VirtualClock,
  fail,
  hang,
  networkError,
  ok,
  slow,
} from '../../src/testing/index.js';

describe('FakeDependency.fetch', () => {
  it('answers an ok step with a 200 response: text for a string, JSON otherwise, empty for none', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency<unknown>({
      clock,
      script: [ok('plain'), ok({ id: 1 }), ok(), slow(30, [1, 2])],
    });
    const text = await dependency.fetch('https://api.test/a');
    expect([text.status, text.headers.get('content-type'), await text.text()]).toEqual([
      200,
      'text/plain;charset=UTF-8',
      'plain',
    ]);
    const json = await dependency.fetch('https://api.test/b');
    expect([json.headers.get('content-type'), await json.json()]).toEqual([
      'application/json',
      { id: 1 },
    ]);
    const empty = await dependency.fetch('https://api.test/c');
    expect([empty.status, await empty.text()]).toEqual([200, '']);
    const late = await clock.run(dependency.fetch('https://api.test/d'));
    expect([clock.now(), await late.json()]).toEqual([30, [1, 2]]);
  });

  it('resolves fail(status) with that status, as fetch does, and rejects any other failure', async () => {
    const clock = new VirtualClock();
    const dropped = networkError();
    const dependency = new FakeDependency({
      clock,
      script: [fail(429, { headers: { 'retry-after': '2' } }), fail(dropped)],
    });
    const limited = await dependency.fetch('https://api.test/a');
    expect([limited.ok, limited.status, limited.headers.get('retry-after')]).toEqual([
      false,
      429,
      '2',
    ]);
    await expect(dependency.fetch('https://api.test/a')).rejects.toBe(dropped);
    expect(dependency.failures).toBe(2);
  });

  it('honours init.signal, or the signal of a Request', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [hang()] });
    const controller = new AbortController();
    const reply = dependency.fetch('https://api.test/a', { signal: controller.signal });
    controller.abort(new Error('timeout'));
    await expect(reply).rejects.toThrow('timeout');
    const request = new Request('https://api.test/b', { signal: AbortSignal.abort('gone') });
    await expect(dependency.fetch(request)).rejects.toBe('gone');
    expect(dependency.aborts).toBe(2);
    await expect(
      dependency.fetch('https://api.test/c', { signal: 'soon' as never }),
    ).rejects.toThrow('init.signal must be an AbortSignal, got "soon"');
  });

  it('records the URL of each call as its request, from a string, a URL or a Request', async () => {
    const clock = new VirtualClock();
    const seen: unknown[] = [];
    const dependency = new FakeDependency({
      clock,
      script: (call) => {
        seen.push(call.request);
        return ok('x');
      },
    });
    await dependency.fetch('https://api.test/a');
    await dependency.fetch(new URL('https://api.test/b?q=1'));
    await dependency.fetch(new Request('https://api.test/c', { method: 'POST' }));
    const urls = ['https://api.test/a', 'https://api.test/b?q=1', 'https://api.test/c'];
    expect(seen).toEqual(urls);
    expect(dependency.history.map((call) => call.request)).toEqual(urls);
  });

  it('can stand in for fetch where a client takes one', async () => {
    const clock = new VirtualClock();
    const dependency = new FakeDependency({ clock, script: [ok({ name: 'ada' })] });
    const getUser = async (fetchFn: typeof fetch): Promise<unknown> => {
      const response = await fetchFn('https://api.test/users/1');
      return response.json();
    };
    // Detached from the instance, as a client stores it.
    const { fetch: fetchFn } = dependency;
    await expect(getUser(fetchFn)).resolves.toEqual({ name: 'ada' });
  });
});
