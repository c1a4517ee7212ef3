import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// fast-check is an optional peer dependency: only `ballast/testing/fast-check` may load it. The
// build bundles each entry point from the modules its index imports, so walking the source import
// graph from every entry point of the exports map shows what each one loads.
const root = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

/** Every specifier a file imports or re-exports, static or dynamic, types included. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
}

/** The packages (bare specifiers) that the modules reachable from `entry` import. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of specifiers(file)) {
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      expect(existsSync(target), `${file} imports ${specifier}`).toBe(true);
      queue.push(target);
    }
  }
  return packages;
}

const entries = Object.keys(pkg.exports)
  .filter((subpath) => subpath !== './package.json')
  // ballast/slo-spec is part of the slo module: its sources are src/slo/spec.
  .map((subpath) => [subpath, subpath === './slo-spec' ? 'slo/spec' : subpath] as const)
  .map(([subpath, dir]) => [subpath, join(root, 'src', dir, 'index.ts')] as const);

describe('fast-check stays an optional peer', () => {
  it.each(entries.filter(([subpath]) => subpath !== './testing/fast-check'))(
    '%s does not load it',
    (_subpath, entry) => {
      expect([...packagesLoadedBy(entry)]).not.toContain('fast-check');
    },
  );

  it('ballast/testing/fast-check loads it, and declares it an optional peer', () => {
    expect(entries.map(([subpath]) => subpath)).toContain('./testing/fast-check');
    expect(packagesLoadedBy(join(root, 'src/testing/fast-check/index.ts'))).toEqual(
      new Set(['fast-check']),
    );
    expect(pkg.peerDependencies['fast-check']).toBe('^4.0.0');
    expect(pkg.peerDependenciesMeta['fast-check']).toEqual({ optional: true });
  });
});
