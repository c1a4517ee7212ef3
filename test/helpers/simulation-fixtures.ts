import type {
  BacktestResult,
  StrategyResult,
} from '../../src/simulator/backtest/backtest-result.js';
import type {
  AlertSpan,
  BreakerSpan,
  SimulationResult,
  VariantResult,
} from '../../src/simulator/simulation-result.js';

const MINUTE = 60_000;

/** How a variant of the fixture behaves during the outage. */
interface VariantShape {
  readonly name: string;
  readonly layers: readonly string[];
  /** Calls to the dependency per failed user call (1 = no retry). */
  readonly attempts: number;
  /** Whether a breaker stops calls while the dependency is down. */
  readonly breaker: boolean;
}

const SHAPES: readonly VariantShape[] = [
  { name: 'naive retries', layers: ['retry', 'timeout'], attempts: 3, breaker: false },
  { name: 'retry budget', layers: ['retry', 'timeout'], attempts: 1.2, breaker: false },
  {
    name: 'breaker + budget',
    layers: ['fallback', 'retry', 'breaker', 'timeout'],
    attempts: 1.1,
    breaker: true,
  },
  {
    name: 'adaptive throttle',
    layers: ['throttle', 'retry', 'timeout'],
    attempts: 1.05,
    breaker: false,
  },
];

/**
 * A plausible simulation: users call at about 20/s; the dependency is healthy, then down for a
 * third of the run, then healthy again; each variant retries and trips as its shape says.
 */
export function simulationFixture(
  options: {
    variants?: number;
    durationMs?: number;
    stepMs?: number;
    names?: readonly string[];
  } = {},
): SimulationResult {
  const { variants = 3, durationMs = 60 * MINUTE, stepMs = 10_000 } = options;
  const steps = Math.ceil(durationMs / stepMs);
  const outage = { fromMs: Math.round(durationMs / 6), toMs: Math.round((durationMs * 2) / 3) };
  return {
    scenario: 'checkout outage',
    description: 'The payment service fails every call for half an hour.',
    seed: 42,
    durationMs,
    stepMs,
    phases: [
      { name: 'healthy', fromMs: 0, toMs: outage.fromMs },
      { name: 'down', ...outage },
      { name: 'recovered', fromMs: outage.toMs, toMs: durationMs },
    ],
    variants: SHAPES.slice(0, variants).map((shape, i) =>
      variantFixture({ ...shape, name: options.names?.[i] ?? shape.name }, steps, stepMs, outage),
    ),
  };
}

function variantFixture(
  shape: VariantShape,
  steps: number,
  stepMs: number,
  outage: { fromMs: number; toMs: number },
): VariantResult {
  const down = (i: number): boolean => i * stepMs >= outage.fromMs && i * stepMs < outage.toMs;
  // The breaker opens a minute into the outage and probes every minute until it ends.
  const open = (i: number): boolean =>
    shape.breaker && down(i) && i * stepMs >= outage.fromMs + MINUTE;
  const requests = Array.from({ length: steps }, (_, i) =>
    Math.round((20 + 4 * Math.sin(i / 20)) * (stepMs / 1000)),
  );
  const succeeded = requests.map((n, i) =>
    down(i) ? (shape.breaker && open(i) ? Math.round(n * 0.9) : 0) : n,
  );
  const dependencyCalls = requests.map((n, i) =>
    open(i) ? 1 : down(i) ? Math.round(n * shape.attempts) : n,
  );
  const retries = requests.map((n, i) =>
    down(i) && !open(i) ? Math.round(n * (shape.attempts - 1)) : 0,
  );
  const rejected = requests.map((n, i) => (open(i) ? n - 1 : 0));
  let spent = 0;
  const budgetRemaining = requests.map((n, i) => {
    spent += (n - succeeded[i]!) / 40_000;
    return 1 - spent;
  });
  const breakerStates: BreakerSpan[] = shape.breaker
    ? [
        { breaker: 'payments', state: 'open', fromMs: outage.fromMs + MINUTE, toMs: outage.toMs },
        { breaker: 'payments', state: 'half-open', fromMs: outage.toMs, toMs: outage.toMs + 5000 },
      ]
    : [];
  const failing = shape.breaker ? 0.1 : 1;
  const alerts: AlertSpan[] = [
    {
      slo: 'checkout',
      severity: 'page',
      burnRate: 14.4,
      fromMs: outage.fromMs + 2 * MINUTE,
      toMs: outage.toMs + 3 * MINUTE,
    },
    {
      slo: 'checkout',
      severity: 'ticket',
      burnRate: 6,
      fromMs: outage.fromMs + 5 * MINUTE,
      toMs: undefined,
    },
  ].filter((alert) => failing === 1 || alert.severity === 'ticket');
  const total = requests.reduce((a, b) => a + b, 0);
  const ok = succeeded.reduce((a, b) => a + b, 0);
  const calls = dependencyCalls.reduce((a, b) => a + b, 0);
  return {
    name: shape.name,
    layers: shape.layers,
    summary: {
      requests: total,
      succeeded: ok,
      successRate: ok / total,
      fallbacks: shape.breaker ? rejected.reduce((a, b) => a + b, 0) : 0,
      dependencyCalls: calls,
      amplification: calls / total,
      latencyMs: { p50: shape.breaker ? 3.2 : 42, p99: shape.attempts > 2 ? 6100 : 2050 },
      breakers: shape.breaker
        ? [{ name: 'payments', trips: 1, openMs: outage.toMs - outage.fromMs - MINUTE }]
        : [],
      retries: retries.reduce((a, b) => a + b, 0),
      retriesRefused: shape.attempts < 2 && !shape.breaker ? 1200 : 0,
      rejected: rejected.reduce((a, b) => a + b, 0),
      timeouts: shape.breaker ? 40 : 900,
      slos: [
        { name: 'checkout', objective: 0.999, budgetSpent: 1 - budgetRemaining.at(-1)!, alerts },
      ],
    },
    series: {
      requests,
      succeeded,
      settled: requests,
      dependencyCalls,
      retries,
      rejected,
      budgetRemaining: [budgetRemaining],
    },
    breakerStates,
    alerts,
  };
}

/**
 * A plausible backtest: six hours of traffic with two incidents and a blip, scored for three
 * strategies (one misses the short incident, one raises a false alarm on the blip).
 */
export function backtestFixture(options: { stepMs?: number } = {}): BacktestResult {
  const { stepMs = MINUTE } = options;
  const fromMs = Date.UTC(2026, 0, 12, 6);
  const steps = 6 * 60 * (MINUTE / stepMs);
  const incidents = [
    {
      id: 'db-failover',
      label: 'primary lost',
      fromMs: fromMs + 60 * MINUTE,
      toMs: fromMs + 80 * MINUTE,
    },
    { id: 'slow-deploy', fromMs: fromMs + 200 * MINUTE, toMs: fromMs + 206 * MINUTE },
  ];
  const blip = fromMs + 290 * MINUTE;
  const errorRate = Array.from({ length: steps }, (_, i) => {
    const t = fromMs + i * stepMs;
    if (i % 97 === 13) return Number.NaN; // a step without calls
    if (incidents.some((incident) => t >= incident.fromMs && t < incident.toMs))
      return 0.05 + 0.01 * Math.sin(i);
    if (t >= blip && t < blip + 2 * MINUTE) return 0.02;
    return 0.0005 + 0.0003 * Math.sin(i / 7);
  });
  const alert = (
    fromMin: number,
    toMin: number,
    severity: string,
    burnRate: number,
    incident: string | undefined,
  ) => ({
    fromMs: fromMs + fromMin * MINUTE,
    toMs: fromMs + toMin * MINUTE,
    severity,
    burnRate,
    incident,
  });
  const strategies: StrategyResult[] = [
    {
      name: 'multiwindow, multi-burn-rate',
      detected: 2,
      missed: 0,
      falseAlarms: 0,
      alerts: [
        alert(62, 84, 'page', 14.4, 'db-failover'),
        alert(203, 209, 'page', 14.4, 'slow-deploy'),
      ],
      incidents: [
        {
          incident: 'db-failover',
          detectionMs: 2 * MINUTE,
          resetMs: 4 * MINUTE,
          budgetSpentBeforeAlert: 0.0123,
        },
        {
          incident: 'slow-deploy',
          detectionMs: 3 * MINUTE,
          resetMs: 3 * MINUTE,
          budgetSpentBeforeAlert: 0.0087,
        },
      ],
    },
    {
      name: 'single window burn rate',
      detected: 1,
      missed: 1,
      falseAlarms: 0,
      alerts: [alert(70, 140, 'page', 14.4, 'db-failover')],
      incidents: [
        {
          incident: 'db-failover',
          detectionMs: 10 * MINUTE,
          resetMs: 60 * MINUTE,
          budgetSpentBeforeAlert: 0.061,
        },
        {
          incident: 'slow-deploy',
          detectionMs: undefined,
          resetMs: undefined,
          budgetSpentBeforeAlert: 0.035,
        },
      ],
    },
    {
      name: 'error rate > 0.1 %',
      detected: 2,
      missed: 0,
      falseAlarms: 1,
      alerts: [
        alert(60, 81, 'ticket', 1, 'db-failover'),
        alert(200, 207, 'ticket', 1, 'slow-deploy'),
        alert(290, 292, 'ticket', 1, undefined),
      ],
      incidents: [
        {
          incident: 'db-failover',
          detectionMs: 30_000,
          resetMs: MINUTE,
          budgetSpentBeforeAlert: 0.0004,
        },
        {
          incident: 'slow-deploy',
          detectionMs: 30_000,
          resetMs: MINUTE,
          budgetSpentBeforeAlert: 0.0003,
        },
      ],
    },
  ];
  return {
    source: 'checkout-2026-01-12.jsonl',
    events: steps * 1200,
    fromMs,
    toMs: fromMs + steps * stepMs,
    stepMs,
    slo: { name: 'checkout', objective: 0.999, periodMs: 30 * 24 * 60 * MINUTE },
    incidents,
    requests: errorRate.map((rate) => (Number.isNaN(rate) ? 0 : 1200 * (stepMs / MINUTE))),
    errorRate,
    strategies,
  };
}
