import { healthReporter, type HealthReportOptions, type HealthTargets } from './health-report.js';

/**
 * The part of a `node:http` `IncomingMessage` the health handler reads (Express's and Fastify's
 * raw requests are ones).
 *
 * @example
 * ```ts
 * const request: HealthRequest = { method: 'GET' };
 * ```
 */
export interface HealthRequest {
  readonly method?: string | undefined;
}

/**
 * The part of a `node:http` `ServerResponse` the health handler writes.
 *
 * @example
 * ```ts
 * const response: HealthResponse = res; // a ServerResponse
 * ```
 */
export interface HealthResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * A request handler that serves {@link healthReport} as `application/health+json`: status 503 when
 * the report is `fail`, 200 for `pass` and `warn` (a degraded instance still serves), never
 * cached. `HEAD` gets the status and headers alone; other methods than `GET` and `HEAD` get 405.
 * Point readiness probes at it; liveness probes should not restart an instance for an open
 * breaker, so give them a handler without `critical` breakers (which never fails) or another path.
 *
 * @throws TypeError at creation for malformed targets or options, as {@link healthReport}.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { healthHandler } from 'ballast/operations';
 *
 * const health = healthHandler({ breakers: [payments, search] }, { critical: ['payments'] });
 * createServer((req, res) => {
 *   if (req.url === '/health') return health(req, res);
 *   res.statusCode = 404;
 *   res.end();
 * }).listen(8080);
 * // Express: app.get('/health', health)
 * ```
 */
export function healthHandler(
  targets: HealthTargets,
  options: HealthReportOptions = {},
): (req: HealthRequest, res: HealthResponse) => void {
  const report = healthReporter(targets, options);
  return (req, res) => {
    res.setHeader('cache-control', 'no-store');
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.end();
      return;
    }
    const current = report();
    const body = JSON.stringify(current);
    res.statusCode = current.status === 'fail' ? 503 : 200;
    res.setHeader('content-type', 'application/health+json');
    res.end(method === 'HEAD' ? undefined : body);
  };
}
