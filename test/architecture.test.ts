import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The rule of docs/architecture.md and CONVENTIONS.md, checked on the sources: modules talk only
// through clock, events and window (and share internal); composition lives in policy, wiring in
// adapters, the command in cli, and the root index re-exports the core modules. A type import
// counts: it ties one module's API to another's just the same.

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const SHARED = ['clock', 'events', 'window', 'internal'];
/** What each module may import besides itself; a module not listed may import SHARED. */
const ALLOWED: Readonly<Record<string, 'any' | readonly string[]>> = {
  policy: 'any',
  adapters: 'any',
  cli: 'any',
  '(root)': 'any',
  // The test kit gives tests a clock and reads events; nothing of the modules it helps test.
  testing: ['clock', 'events', 'internal'],
  // The simulator runs the real policies, breakers, retries and trackers together: composition.
  simulator: 'any',
};
/** Modules that may import npm packages: their optional peers, and only those. */
const PEER_IMPORTERS = ['adapters', 'testing'];
/** The runtime dependencies, and the folders of src/ that alone may import each. */
const DEPENDENCY_IMPORTERS: Readonly<Record<string, readonly string[]>> = {
  yaml: ['slo/spec', 'cli'],
};
/** The command runs on Node only: it alone may import Node's built-ins. */
const NODE_IMPORTERS = ['cli'];

/** Whether `file` (absolute) is in one of `folders` (relative to src/). */
function isIn(file: string, folders: readonly string[]): boolean {
  const path = relative(SRC, file).split(sep).join('/');
  return folders.some((folder) => path.startsWith(`${folder}/`));
}

interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly why: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The module a file of src/ belongs to: its first folder, or `(root)` for src/index.ts. */
function moduleOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? '(root)' : parts[0]!;
}

/** Every specifier a file imports or re-exports, static or dynamic, types included. */
function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

function check(
  files: readonly { readonly path: string; readonly text: string }[],
  peers: readonly string[],
): Violation[] {
  const violations: Violation[] = [];
  for (const { path, text } of files) {
    const from = moduleOf(path);
    const file = relative(ROOT, path);
    for (const specifier of specifiers(text)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(path), specifier);
        if (!target.startsWith(SRC + sep)) {
          violations.push({ file, specifier, why: 'imports from outside src/' });
          continue;
        }
        const to = moduleOf(target);
        const allowed = ALLOWED[from] ?? SHARED;
        if (to !== from && allowed !== 'any' && !allowed.includes(to)) {
          violations.push({
            file,
            specifier,
            why: `${from} may import only ${allowed.join(', ')}`,
          });
        }
      } else if (specifier.startsWith('node:')) {
        // The build is platform-neutral: a Node built-in is reached through globalThis.process.
        if (!NODE_IMPORTERS.includes(from)) {
          violations.push({ file, specifier, why: 'imports a Node built-in' });
        }
      } else if (Object.hasOwn(DEPENDENCY_IMPORTERS, specifier)) {
        if (!isIn(path, DEPENDENCY_IMPORTERS[specifier]!)) {
          violations.push({
            file,
            specifier,
            why: `only ${DEPENDENCY_IMPORTERS[specifier]!.join(', ')} may import ${specifier}`,
          });
        }
      } else if (!PEER_IMPORTERS.includes(from)) {
        violations.push({ file, specifier, why: `${from} may not import packages` });
      } else if (!peers.some((peer) => specifier === peer || specifier.startsWith(`${peer}/`))) {
        violations.push({ file, specifier, why: 'imports a package that is not an optional peer' });
      }
    }
  }
  return violations;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  peerDependencies?: Record<string, string>;
};
const peers = Object.keys(pkg.peerDependencies ?? {});

describe('module boundaries in src/', () => {
  const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('holds: each module imports only what the rule allows', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(check(files, peers)).toEqual([]);
  });

  it('sees every kind of import, and reports each kind of violation', () => {
    const at = (path: string) => join(SRC, path);
    const bad = [
      { path: at('http/a.ts'), text: `import type { RetryOptions } from '../retry/index.js';` },
      { path: at('http/b.ts'), text: `export { wrap } from '../policy/wrap.js';` },
      { path: at('breaker/c.ts'), text: `const m = await import('../slo/index.js');` },
      { path: at('testing/d.ts'), text: `import { x } from '../window/index.js';` },
      { path: at('slo/e.ts'), text: `import { readFile } from 'node:fs/promises';` },
      { path: at('retry/f.ts'), text: `import { Counter } from 'prom-client';` },
      { path: at('adapters/g.ts'), text: `import lodash from 'lodash';` },
      { path: at('http/h.ts'), text: `import '../../test/helpers/manual-clock.js';` },
      { path: at('slo/i.ts'), text: `import { parse } from 'yaml';` },
      { path: at('adapters/j.ts'), text: `import { parse } from 'yaml';` },
    ];
    expect(check(bad, ['prom-client']).map((v) => v.why)).toEqual([
      'http may import only clock, events, window, internal',
      'http may import only clock, events, window, internal',
      'breaker may import only clock, events, window, internal',
      'testing may import only clock, events, internal',
      'imports a Node built-in',
      'retry may not import packages',
      'imports a package that is not an optional peer',
      'imports from outside src/',
      'only slo/spec, cli may import yaml',
      'only slo/spec, cli may import yaml',
    ]);
    const good = [
      { path: at('http/a.ts'), text: `import { wallNow } from '../clock/wall-now.js';` },
      { path: at('http/internal/b.ts'), text: `import type { X } from '../x.js';` },
      { path: at('policy/c.ts'), text: `import { CircuitBreaker } from '../breaker/index.js';` },
      { path: at('adapters/d.ts'), text: `import { Counter } from 'prom-client';` },
      { path: at('index.ts'), text: `export { SloTracker } from './slo/index.js';` },
      { path: at('slo/spec/a.ts'), text: `import { parse } from 'yaml';` },
      { path: at('cli/b.ts'), text: `import { readFileSync } from 'node:fs';` },
      { path: at('cli/c.ts'), text: `import { parse } from 'yaml';` },
    ];
    expect(check(good, ['prom-client'])).toEqual([]);
  });
});
