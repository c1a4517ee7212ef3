// A catalog service on a real socket, with a switch that puts it in an outage: while it is on,
// every request gets the outage's status (503 by default) and a Retry-After, as a server that is
// shedding load or deploying answers. Used by examples/http-outage.ts and by the tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server answers during an outage. */
export interface Outage {
  /** @default 503 */
  readonly status?: number;
  /** The Retry-After header, in seconds. @default 1 */
  readonly retryAfterSeconds?: number;
}

export interface CatalogServer {
  /** `http://127.0.0.1:<port>`, the port chosen by the system. */
  readonly url: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Starts an outage, or changes the current one. */
  fail(outage?: Outage): void;
  /** Ends the outage: products are served again. */
  recover(): void;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

/** Starts the server on a loopback port (0: any free one). */
export async function startCatalogServer(port = 0): Promise<CatalogServer> {
  let outage: Outage | undefined;
  let requests = 0;
  const server: Server = createServer((request, response) => {
    requests++;
    if (outage !== undefined) {
      const { status = 503, retryAfterSeconds = 1 } = outage;
      response
        .writeHead(status, { 'retry-after': String(retryAfterSeconds) })
        .end('the catalog is unavailable');
      return;
    }
    const match = /^\/products\/([\w-]+)$/.exec(request.url ?? '');
    if (match === null) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const product = { id: match[1], name: `Product ${match[1]}` };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(product));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: chosen } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${chosen}`,
    get requests() {
      return requests;
    },
    fail(next: Outage = {}) {
      outage = next;
    },
    recover() {
      outage = undefined;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      });
    },
  };
}
