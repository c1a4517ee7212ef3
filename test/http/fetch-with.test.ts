import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  isBrokenCircuitError,
} from '../../src/breaker/index.js';
import {
  fetchWith,
  HttpStatusError,
  isHttpStatusError,
  isRetryable,
  retryAfterFromError,
  type FetchLike,
  type FetchWithOptions,
  type HttpPolicy,
} from '../../src/http/index.js';
import { observe, TimeoutError, TimeoutPolicy, wrap } from '../../src/policy/index.js';
import { constant, RetryPolicy } from '../../src/retry/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

/** A policy that runs the function once with the caller's signal, and counts its calls. */
function passThrough() {
  const calls: ({ readonly signal?: AbortSignal } | undefined)[] = [];
  const policy: HttpPolicy = {
    execute(fn, options) {
      calls.push(options);
      return Promise.resolve().then(() =>
        fn({ signal: options?.signal ?? new AbortController().signal }),
      );
    },
  };
  return { policy, calls };
}

/** A response whose body records whether it was cancelled. */
function response(status: number, headers?: Record<string, string>) {
  const body = { cancelled: false };
  const stream = new ReadableStream({
    pull(controller) {
      controller.enqueue(new TextEncoder().encode('body'));
      controller.close();
    },
    cancel() {
      body.cancelled = true;
    },
  });
  return { response: new Response(stream, { status, ...(headers ? { headers } : {}) }), body };
}

/** A fetch stub answering the given statuses in turn, recording each call. */
function answering(...statuses: (number | [number, Record<string, string>])[]) {
  const sent: { input: string | URL | Request; init: RequestInit | undefined }[] = [];
  const bodies: { cancelled: boolean }[] = [];
  const fetch = vi.fn<FetchLike>(async (input, init) => {
    sent.push({ input, init });
    const next = statuses[Math.min(sent.length - 1, statuses.length - 1)]!;
    const [status, headers] = typeof next === 'number' ? [next, undefined] : next;
    const made = response(status, headers);
    bodies.push(made.body);
    return made.response;
  });
  return { fetch, sent, bodies };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchWith', () => {
  it('returns a good response unchanged, through the policy', async () => {
    const { policy, calls } = passThrough();
    const made = response(200);
    const fetch = vi.fn<FetchLike>(async () => made.response);
    const client = fetchWith(policy, { fetch });
    const got = await client('https://api.test/a', { method: 'POST', body: 'x' });
    expect(got).toBe(made.response);
    expect(await got.text()).toBe('body');
    expect(calls).toEqual([undefined]);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [input, init] = fetch.mock.calls[0]!;
    expect(input).toBe('https://api.test/a');
    expect(init).toMatchObject({ method: 'POST', body: 'x' });
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('throws an HttpStatusError for 408, 429 and 5xx, and cancels its body', async () => {
    for (const status of [408, 429, 500, 503, 599]) {
      const { fetch, bodies } = answering([status, { 'retry-after': '3' }]);
      const error: unknown = await fetchWith(passThrough().policy, { fetch })(
        'https://u:p@api.test/items?page=2',
      ).catch((e: unknown) => e);
      expect(isHttpStatusError(error)).toBe(true);
      const http = error as HttpStatusError;
      expect(http.status).toBe(status);
      expect(http.retryAfterMs).toBe(3_000);
      expect(http.url).toBe('https://api.test/items?page=2');
      expect(http.message).toBe(`HTTP ${status}: GET https://api.test/items`);
      expect(bodies[0]!.cancelled).toBe(true);
    }
  });

  it('returns other statuses, 4xx included, with their bodies', async () => {
    for (const status of [200, 202, 301, 400, 404, 409]) {
      const { fetch, bodies } = answering(status);
      const got = await fetchWith(passThrough().policy, { fetch })('https://api.test/');
      expect(got.status).toBe(status);
      expect(bodies[0]!.cancelled).toBe(false);
    }
  });

  it('fails on what failOn says, and gives it the response', async () => {
    const { fetch } = answering(404);
    const failOn = vi.fn((status: number) => status === 404);
    const error: unknown = await fetchWith(passThrough().policy, { fetch, failOn })('/x').catch(
      (e: unknown) => e,
    );
    expect((error as HttpStatusError).status).toBe(404);
    expect(failOn).toHaveBeenCalledWith(404, expect.any(Response));
    const never = fetchWith(passThrough().policy, {
      fetch: answering(503).fetch,
      failOn: () => false,
    });
    expect((await never('/x')).status).toBe(503);
  });

  it('rejects with what failOn throws, and still cancels the body', async () => {
    const { fetch, bodies } = answering(200);
    const bug = new Error('failOn bug');
    const client = fetchWith(passThrough().policy, {
      fetch,
      failOn: () => {
        throw bug;
      },
    });
    await expect(client('/x')).rejects.toBe(bug);
    expect(bodies[0]!.cancelled).toBe(true);
  });

  it("passes fetch's own error through unchanged", async () => {
    const failure = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const client = fetchWith(passThrough().policy, {
      fetch: () => Promise.reject(failure),
    });
    await expect(client('/x')).rejects.toBe(failure);
  });

  it('survives a response whose body cannot be cancelled', async () => {
    const used = new Response('x', { status: 503 });
    await used.text();
    const locked = new Response('y', { status: 503 });
    locked.body!.getReader();
    const odd = {
      status: 503,
      headers: new Headers(),
      url: '',
      get body(): never {
        throw new Error('no body');
      },
    };
    for (const bad of [used, locked, odd as unknown as Response]) {
      const client = fetchWith(passThrough().policy, { fetch: async () => bad });
      await expect(client('/x')).rejects.toBeInstanceOf(HttpStatusError);
    }
  });

  it('names the method and URL of a Request, a URL, or the init', async () => {
    const error = (input: string | URL | Request, init?: RequestInit) =>
      fetchWith(passThrough().policy, { fetch: answering(500).fetch })(input, init).then(
        () => {
          throw new Error('resolved');
        },
        (e: unknown) => e as HttpStatusError,
      );
    expect((await error(new URL('https://api.test/u'))).message).toBe(
      'HTTP 500: GET https://api.test/u',
    );
    expect((await error(new Request('https://api.test/r', { method: 'DELETE' }))).message).toBe(
      'HTTP 500: DELETE https://api.test/r',
    );
    expect((await error('/p', { method: 'PATCH' })).message).toBe('HTTP 500: PATCH /p');
  });

  it('reads an HTTP-date Retry-After with its clock', async () => {
    const clock = new VirtualClock(0, { wallStartMs: Date.UTC(2030, 0, 1, 0, 0, 0) });
    const { fetch } = answering([503, { 'retry-after': 'Tue, 01 Jan 2030 00:00:09 GMT' }]);
    const error: unknown = await fetchWith(passThrough().policy, { fetch, clock })('/x').catch(
      (e: unknown) => e,
    );
    expect((error as HttpStatusError).retryAfterMs).toBe(9_000);
  });

  it('calls globalThis.fetch at each request when no fetch is given', async () => {
    const client = fetchWith(passThrough().policy);
    const first = answering(200);
    vi.stubGlobal('fetch', first.fetch);
    await client('/a');
    const second = answering(202);
    vi.stubGlobal('fetch', second.fetch);
    expect((await client('/b')).status).toBe(202);
    expect(first.sent).toHaveLength(1);
    expect(second.sent).toHaveLength(1);
    vi.stubGlobal('fetch', undefined);
    await expect(client('/c')).rejects.toThrow(
      new TypeError('fetch must be a function, got undefined (pass options.fetch)'),
    );
  });

  it('sends a copy of a Request with a body at each attempt', async () => {
    const clock = new VirtualClock();
    const texts: string[] = [];
    const fetch = vi.fn<FetchLike>(async (input) => {
      texts.push(await (input as Request).text());
      return response(texts.length < 3 ? 503 : 200).response;
    });
    const retry = new RetryPolicy({ shouldRetry: isRetryable, backoff: constant(0), clock });
    const request = new Request('https://api.test/orders', { method: 'POST', body: 'order-1' });
    const done = fetchWith(retry, { fetch })(request);
    await clock.runAll();
    expect((await done).status).toBe(200);
    expect(texts).toEqual(['order-1', 'order-1', 'order-1']);
    expect(new Set(fetch.mock.calls.map(([input]) => input)).size).toBe(3);
    // A Request without a body is sent as it is.
    const plain = new Request('https://api.test/orders');
    const fetch2 = answering(200);
    await fetchWith(passThrough().policy, { fetch: fetch2.fetch })(plain);
    expect(fetch2.sent[0]!.input).toBe(plain);
  });

  it('checks its options at construction, naming them', () => {
    const { policy } = passThrough();
    const make = (p: unknown, options?: unknown) => () =>
      fetchWith(p as HttpPolicy, options as FetchWithOptions);
    expect(make(undefined)).toThrow(
      new TypeError('policy must have an execute() method, got undefined'),
    );
    expect(make({})).toThrow('policy must have an execute() method, got {}');
    expect(make(policy, { failon: () => true })).toThrow(
      'unknown option "failon" (did you mean "failOn"?)',
    );
    expect(make(policy, { fetcher: fetch })).toThrow('did you mean "fetch"?');
    expect(make(policy, { fetch: 'https://api.test' })).toThrow('fetch must be a function');
    expect(make(policy, { failOn: [503] })).toThrow('failOn must be a function, got an array of 1');
    expect(make(policy, { clock: Date })).toThrow('clock must be a Clock');
    expect(make(policy, null)).toThrow('options must be an object, got null');
    expect(make(policy, {})).not.toThrow();
  });

  it('rejects, never throws, when the policy throws', async () => {
    const bug = new Error('policy bug');
    const client = fetchWith({
      execute() {
        throw bug;
      },
    });
    let result: Promise<Response> | undefined;
    expect(() => (result = client('/x'))).not.toThrow();
    await expect(result).rejects.toBe(bug);
  });
});

describe('fetchWith through ballast policies', () => {
  it('lets the breaker count failing statuses and open', async () => {
    const breaker = new CircuitBreaker({
      trip: consecutiveFailures(2),
      openMs: 10_000,
      clock: new VirtualClock(),
    });
    const { fetch, sent } = answering(503);
    const client = fetchWith(breaker, { fetch });
    await expect(client('/x')).rejects.toBeInstanceOf(HttpStatusError);
    await expect(client('/x')).rejects.toBeInstanceOf(HttpStatusError);
    expect(breaker.state).toBe('open');
    const refused: unknown = await client('/x').catch((e: unknown) => e);
    expect(isBrokenCircuitError(refused)).toBe(true);
    expect(sent).toHaveLength(2);
  });

  it('lets the SLO count failing statuses bad', async () => {
    const clock = new VirtualClock();
    const slo = new SloTracker({ name: 'api', objective: 0.99, clock, alerts: false });
    const client = fetchWith(observe(slo), { fetch: answering(200, 503, 404).fetch });
    await client('/x');
    await client('/x').catch(() => undefined);
    await client('/x');
    expect(slo.totals()).toEqual({ good: 2, total: 3 });
    slo.close();
  });

  it('lets the retry see the status and wait its Retry-After', async () => {
    const clock = new VirtualClock();
    const retry = new RetryPolicy({
      shouldRetry: isRetryable,
      retryAfter: retryAfterFromError,
      backoff: constant(10),
      clock,
    });
    const delays: number[] = [];
    retry.events.on('retry', ({ delayMs }) => delays.push(delayMs));
    const { fetch, sent, bodies } = answering([503, { 'retry-after': '2' }], [429, {}], 200);
    const done = fetchWith(retry, { fetch })('https://api.test/x');
    await clock.runAll();
    expect((await done).status).toBe(200);
    expect(delays).toEqual([2_000, 10]);
    expect(sent).toHaveLength(3);
    expect(bodies.map((b) => b.cancelled)).toEqual([true, true, false]);
  });

  it('gives the request the policy signal: a timeout aborts it with its TimeoutError', async () => {
    const clock = new VirtualClock();
    let seen: AbortSignal | undefined;
    const fetch: FetchLike = (_input, init) =>
      new Promise((_resolve, reject) => {
        seen = init!.signal!;
        seen.addEventListener('abort', () => reject(seen!.reason));
      });
    const client = fetchWith(new TimeoutPolicy(1_000, { clock }), { fetch });
    const done = client('/slow').catch((e: unknown) => e);
    await clock.advance(1_000);
    const error = await done;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(seen!.aborted).toBe(true);
    expect(isRetryable(error)).toBe(true);
  });

  it("aborts on the caller's signal through any policy, and leaves no listener on it", async () => {
    const clock = new VirtualClock();
    const ignoring: HttpPolicy = {
      execute: (fn) => Promise.resolve().then(() => fn({ signal: new AbortController().signal })),
    };
    const policies: [string, HttpPolicy][] = [
      ['timeout', new TimeoutPolicy(60_000, { clock })],
      ['retry', new RetryPolicy({ clock })],
      ['breaker', new CircuitBreaker({ clock })],
      [
        'wrap',
        wrap(
          new RetryPolicy({ clock }),
          new CircuitBreaker({ clock }),
          new TimeoutPolicy(60_000, { clock }),
        ),
      ],
      ['a policy that ignores the signal option', ignoring],
      // It hands on the shared never-aborting signal, which gets no listener.
      [
        'a breaker called without the signal option',
        { execute: (fn) => new CircuitBreaker({ clock }).execute(fn) },
      ],
    ];
    for (const [name, policy] of policies) {
      const hanging: FetchLike = (_input, init) =>
        new Promise((_resolve, reject) => {
          const signal = init!.signal!;
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      const controller = new AbortController();
      const done = fetchWith(policy, { fetch: hanging })('/x', { signal: controller.signal }).catch(
        (e: unknown) => e,
      );
      await Promise.resolve();
      await clock.advance(0);
      const reason = new Error(`stop (${name})`);
      controller.abort(reason);
      expect(await done, name).toBe(reason);
      expect(getEventListeners(controller.signal, 'abort'), name).toHaveLength(0);
    }
  });

  it("leaves no listener on the caller's signal after a success or a failing status", async () => {
    const clock = new VirtualClock();
    const policy = wrap(
      new RetryPolicy({ maxAttempts: 1, clock }),
      new TimeoutPolicy(1_000, { clock }),
    );
    const controller = new AbortController();
    await fetchWith(policy, { fetch: answering(200).fetch })('/x', { signal: controller.signal });
    await fetchWith(policy, { fetch: answering(503).fetch })('/x', {
      signal: controller.signal,
    }).catch(() => undefined);
    const ignoring: HttpPolicy = {
      execute: (fn) => Promise.resolve(fn({ signal: new AbortController().signal })),
    };
    await fetchWith(ignoring, { fetch: answering(200).fetch })('/x', { signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it("uses a Request's own signal, unless init names another (or null)", async () => {
    const { policy, calls } = passThrough();
    const own = new AbortController();
    const other = new AbortController();
    const client = fetchWith(policy, { fetch: answering(200).fetch });
    await client(new Request('https://api.test/', { signal: own.signal }));
    await client(new Request('https://api.test/', { signal: own.signal }), {
      signal: other.signal,
    });
    await client(new Request('https://api.test/', { signal: own.signal }), { signal: null });
    // A Request follows its signal through a copy: compare by aborting.
    expect(calls[0]!.signal).toBeInstanceOf(AbortSignal);
    own.abort();
    expect(calls[0]!.signal!.aborted).toBe(true);
    expect(calls[1]!.signal).toBe(other.signal);
    expect(calls[2]).toBeUndefined();
  });

  it("rejects at once with the reason of a caller's signal that had already aborted", async () => {
    const reason = new Error('already');
    const { fetch, sent } = answering(200);
    // ballast's policies refuse to start; a policy that starts anyway gets an aborted request.
    await expect(
      fetchWith(new CircuitBreaker(), { fetch })('/x', { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(sent).toHaveLength(0);
    const ignoring: HttpPolicy = {
      execute: (fn) => Promise.resolve(fn({ signal: new AbortController().signal })),
    };
    const aborting: FetchLike = async (_input, init) => {
      if (init?.signal?.aborted === true) throw init.signal.reason;
      return response(200).response;
    };
    await expect(
      fetchWith(ignoring, { fetch: aborting })('/x', { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
  });
});
