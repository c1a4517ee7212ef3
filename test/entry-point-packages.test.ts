// `yaml` is a dependency of ballast/slo-spec and the `ballast` command only: no other entry point
// may load it, in either module system. Checked on a build: statically (no built file an entry
// point reaches imports it) and at run time (requiring every other entry point leaves it unloaded).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILD_TIMEOUT, buildPackage, ROOT } from './helpers/build-package.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { import: { default: string }; require: { default: string } }>;
  bin: Record<string, string>;
};
/** The entry points that may load `yaml`. */
const YAML_ENTRIES = ['./slo-spec'];
const entries = Object.entries(pkg.exports).flatMap(([key, value]) =>
  typeof value === 'string' ? [] : [{ key, esm: value.import.default, cjs: value.require.default }],
);

let out = '';
beforeAll(async () => {
  out = await buildPackage('entry-point-packages');
}, BUILD_TIMEOUT);

/** The file `dist/...` of the package, in the test build. */
const built = (path: string) => join(out, path.replace(/^\.\/dist\//, ''));

/** Every package a built file imports, following its relative imports through the chunks. */
function packagesReached(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = readFileSync(path, 'utf8');
    const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;
    for (const [, specifier] of text.matchAll(pattern)) {
      if (specifier!.startsWith('.')) visit(resolve(dirname(path), specifier!));
      else packages.add(specifier!);
    }
  };
  visit(file);
  return packages;
}

describe('packages each entry point loads', () => {
  it('lists the entry points', () => {
    expect(entries.map((e) => e.key)).toContain('./slo-spec');
    expect(entries.length).toBeGreaterThan(10);
  });

  it('no entry point but ballast/slo-spec imports yaml, in ESM or CJS', () => {
    for (const { key, esm, cjs } of entries) {
      for (const file of [esm, cjs]) {
        const packages = packagesReached(built(file));
        expect([key, file, packages.has('yaml')]).toEqual([key, file, YAML_ENTRIES.includes(key)]);
      }
    }
  });

  it('the command imports yaml, and no Node built-in outside it', () => {
    const bin = built(pkg.bin['ballast']!);
    expect(existsSync(bin)).toBe(true);
    expect(packagesReached(bin).has('yaml')).toBe(true);
    for (const { esm } of entries) {
      const builtins = [...packagesReached(built(esm))].filter((p) => p.startsWith('node:'));
      expect(builtins).toEqual([]);
    }
  });

  it('requiring every other entry point leaves yaml unloaded; requiring ballast/slo-spec loads it', () => {
    const script = (files: string[]) => `
      for (const file of ${JSON.stringify(files)}) require(file);
      const loaded = Object.keys(require.cache).some((path) => /[\\\\/]node_modules[\\\\/]yaml[\\\\/]/.test(path));
      process.stdout.write(String(loaded));
    `;
    const others = entries.filter((e) => !YAML_ENTRIES.includes(e.key)).map((e) => built(e.cjs));
    const run = (files: string[]) =>
      execFileSync(process.execPath, ['-e', script(files)], { cwd: out, encoding: 'utf8' });
    expect(run(others)).toBe('false');
    expect(run([built('./dist/slo-spec/index.cjs')])).toBe('true');
  });
});
