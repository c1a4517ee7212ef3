// `npx tsx examples/http-outage.ts`: a catalog service on a loopback port goes down and comes back,
// and a client calls it through ballast/http the whole time, on real sockets and the real clock
// (about five seconds: the server's Retry-After and the breaker's open period are real waits).
import { sleep } from 'ballast/clock';
import { isBrokenCircuitError } from 'ballast/breaker';
import { isHttpStatusError } from 'ballast/http';
import { createCatalogClient } from './http-outage-client.js';
import { startCatalogServer } from './http-outage-server.js';

const server = await startCatalogServer();
const client = createCatalogClient(server.url);
client.retry.events.on('retry', ({ attempt, delayMs }) =>
  console.log(`  retry after attempt ${attempt}, waiting ${delayMs} ms`),
);
client.breaker.events.on('stateChange', ({ from, to }) =>
  console.log(`  breaker ${from} -> ${to}`),
);

async function call(label: string): Promise<void> {
  try {
    const product = await client.getProduct('42');
    console.log(`${label}: ${product.name}`);
  } catch (error) {
    if (isHttpStatusError(error)) console.log(`${label}: failed, ${error.message}`);
    else if (isBrokenCircuitError(error)) console.log(`${label}: refused at once, circuit open`);
    else throw error;
  }
}

try {
  await call('healthy');
  server.fail({ status: 503, retryAfterSeconds: 1 });
  await call('outage'); // three attempts, a second apart: the breaker opens
  await call('outage'); // refused without a request
  server.recover();
  await sleep(2_000); // the breaker's open period
  await call('recovered'); // the probe goes through and closes the breaker
  const { good, total } = client.slo.totals();
  console.log(`SLO: ${good} good of ${total}; the server saw ${server.requests} requests`);
} finally {
  client.slo.close();
  await server.close();
}
