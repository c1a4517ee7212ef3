// Installs the packed tarball into a scratch project and loads every entry point of the exports
// map with both `import` and `require`, checking the named exports users rely on. This tests the
// package as users get it, not the sources.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Names each entry point must export, checked in both module systems. */
const expected = {
  '.': [
    'systemClock',
    'sleep',
    'Emitter',
    'wrap',
    'TimeoutPolicy',
    'CircuitBreaker',
    'RetryPolicy',
    'SloTracker',
    'fetchWith',
  ],
  './clock': ['systemClock', 'sleep'],
  './events': ['Emitter'],
  './testing': [
    'VirtualClock',
    'SimulatedDependency',
    'scripted',
    'seededRandom',
    'FakeDependency',
    'ok',
    'fail',
    'slow',
    'hang',
    'timeline',
    'callsAt',
    'networkError',
    'SimulatedBackend',
  ],
  './testing/fast-check': [
    'latencyMs',
    'dependencyStep',
    'dependencyScript',
    'dependencyPhases',
    'callSchedule',
  ],
  './breaker': ['CircuitBreaker', 'consecutiveFailures', 'failureRate', 'BrokenCircuitError'],
  './retry': ['RetryPolicy', 'retry', 'exponential', 'RetryBudget', 'parseRetryAfter'],
  './slo': [
    'SloTracker',
    'defaultBurnRateAlerts',
    'burnRateForBudget',
    'toPrometheusRules',
    'SloSet',
  ],
  './policy': [
    'wrap',
    'observe',
    'TimeoutPolicy',
    'isTimeoutError',
    'BulkheadPolicy',
    'RateLimitPolicy',
    'fallback',
    'isBallastError',
    'HedgePolicy',
  ],
  './http': [
    'fetchWith',
    'HttpStatusError',
    'isHttpStatusError',
    'isRetryable',
    'retryAfterFromError',
  ],
  './adapters/prometheus': ['instrumentPrometheus', 'sloSelectors'],
  './adapters/opentelemetry': ['instrumentOpenTelemetry'],
  './operations': [
    'grafanaDashboard',
    'resilienceRules',
    'ruleFileYaml',
    'healthReport',
    'healthHandler',
  ],
  './adapters/log': ['logEvents'],
  './slo-spec': ['parseSloSpec', 'sloFromSpec', 'toOpenSlo', 'SloSpecError', 'isSloSpecError'],
  './adaptive': [
    'AdaptiveThrottle',
    'AdaptiveConcurrencyPolicy',
    'ThrottledError',
    'ConcurrencyLimitError',
    'isOverloadError',
  ],
  './simulator': [
    'simulate',
    'parseScenario',
    'htmlReport',
    'simulationSummary',
    'backtestSummary',
    'backtest',
    'readTraffic',
  ],
};

const entries = Object.keys(pkg.exports).filter((key) => key !== './package.json');
for (const entry of entries) {
  if (!(entry in expected)) throw new Error(`smoke: no expected exports listed for ${entry}`);
}
// TypeScript's node10 resolution (still its default with `module: commonjs`) ignores `exports`
// and finds subpath types through `typesVersions`: every subpath must be listed there.
const typed = Object.keys(pkg.typesVersions?.['*'] ?? {});
const subpaths = entries.filter((entry) => entry !== '.').map((entry) => entry.slice(2));
if (JSON.stringify(typed.sort()) !== JSON.stringify(subpaths.sort())) {
  throw new Error(
    `smoke: typesVersions lists ${typed.join(', ')}; exports has ${subpaths.join(', ')}`,
  );
}

const work = mkdtempSync(join(tmpdir(), 'ballast-smoke-'));
try {
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .pop();
  const installed = join(work, 'node_modules', pkg.name);
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', installed, '--strip-components=1']);
  // Optional peers the adapter entry points import, resolved from this repository's devDependencies.
  // The runtime dependencies too, as npm would install them.
  const peers = [
    ...Object.keys(pkg.peerDependencies ?? {}),
    ...Object.keys(pkg.dependencies ?? {}),
  ];
  for (const peer of peers) {
    const target = join(work, 'node_modules', peer);
    mkdirSync(join(target, '..'), { recursive: true });
    execFileSync('ln', ['-s', join(root, 'node_modules', peer), target]);
  }

  const specifier = (entry) => (entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`);
  const checks = entries.map((entry) => [specifier(entry), expected[entry]]);
  const body = (load) => `
const checks = ${JSON.stringify(checks)};
for (const [specifier, names] of checks) {
  const mod = ${load};
  for (const name of names) {
    if (mod[name] === undefined) throw new Error(specifier + ' lacks export ' + name);
  }
  if ('default' in mod && Object.keys(mod).length === 1) throw new Error(specifier + ' has only a default export');
}
console.log('${load.startsWith('await') ? 'import' : 'require'}: ' + checks.length + ' entry points ok');
`;
  writeFileSync(join(work, 'esm.mjs'), body('await import(specifier)'));
  writeFileSync(join(work, 'cjs.cjs'), body('require(specifier)'));
  // Same class across entry points: the root and the module entry share one chunk.
  writeFileSync(
    join(work, 'identity.mjs'),
    `import { Emitter } from '${pkg.name}';\nimport { Emitter as E2 } from '${pkg.name}/events';\n` +
      `if (Emitter !== E2) throw new Error('Emitter differs between entry points');\n` +
      `console.log('identity: ok');\n`,
  );
  for (const file of ['esm.mjs', 'cjs.cjs', 'identity.mjs']) {
    execFileSync(process.execPath, [join(work, file)], { cwd: work, stdio: 'inherit' });
  }
  // The `ballast` command, as the `bin` of the installed package.
  for (const [name, bin] of Object.entries(pkg.bin ?? {})) {
    const help = execFileSync(process.execPath, [join(installed, bin), '--help'], {
      cwd: work,
      encoding: 'utf8',
    });
    if (!help.startsWith('Usage: ')) throw new Error(`smoke: ${name} --help printed ${help}`);
    console.log(`bin: ${name} ok`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
