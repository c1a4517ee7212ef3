import axios from 'axios';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpStatusError } from '../../src/http/index.js';
import { isHttpStatusError, isRetryable } from '../../src/http/index.js';
import { startCatalogServer, type CatalogServer } from '../../examples/http-outage-server.js';

// docs/http.md's recipes for undici and axios, run against a real server on a loopback port: what
// each client hands over (undici's header record, axios's AxiosHeaders and its errors) must work
// with ballast/http as the docs say. Only paths that make no policy wait are taken (a healthy
// answer, a 404, a failing status that is not retried), so no real time passes.

interface Recipe {
  getProduct(id: string): Promise<{ id: string; name: string } | undefined>;
  slo: { close(): void };
}

let server: CatalogServer;
const recipes: [string, Recipe][] = [];

beforeAll(async () => {
  server = await startCatalogServer(0);
  // The recipes read the catalog's address when they load.
  process.env['CATALOG_URL'] = server.url;
  recipes.push(['undici', await import('../../examples/http-undici.js')]);
  recipes.push(['axios', await import('../../examples/http-axios.js')]);
});

afterAll(async () => {
  for (const [, recipe] of recipes) recipe.slo.close();
  delete process.env['CATALOG_URL'];
  await server.close();
});

describe.each(['undici', 'axios'])('the %s recipe', (name) => {
  const recipe = () => recipes.find(([n]) => n === name)![1];

  it('returns a product, and undefined for a 404', async () => {
    server.recover();
    expect(await recipe().getProduct('42')).toEqual({ id: '42', name: 'Product 42' });
    expect(await recipe().getProduct('no such product')).toBeUndefined();
  });

  it('throws a failing status as an HttpStatusError with its Retry-After', async () => {
    server.fail({ status: 501, retryAfterSeconds: 7 });
    const before = server.requests;
    const error: unknown = await recipe()
      .getProduct('42')
      .catch((e: unknown) => e);
    expect(isHttpStatusError(error)).toBe(true);
    const http = error as HttpStatusError;
    expect(http.status).toBe(501);
    expect(http.retryAfterMs).toBe(7_000);
    expect(http.headers.get('retry-after')).toBe('7');
    // axios passes the reason phrase on; undici's request() has none.
    expect(http.message).toMatch(
      /^HTTP 501( Not Implemented)?: GET http:\/\/127\.0\.0\.1:\d+\/products\/42$/,
    );
    // 501 Not Implemented is not retried.
    expect(server.requests).toBe(before + 1);
    server.recover();
  });
});

describe('network errors of both clients', () => {
  it('are retryable when the connection is refused', async () => {
    const closed = await startCatalogServer(0);
    const url = `${closed.url}/products/1`;
    await closed.close();
    const fromUndici = await request(url).catch((e: unknown) => e);
    const fromAxios = await axios.get(url).catch((e: unknown) => e);
    const fromFetch = await fetch(url).catch((e: unknown) => e);
    for (const error of [fromUndici, fromAxios, fromFetch]) {
      expect(error).toBeInstanceOf(Error);
      expect(isRetryable(error)).toBe(true);
    }
  });
});
