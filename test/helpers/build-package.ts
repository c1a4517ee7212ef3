// Builds the package (without type declarations, which these tests do not read) into a folder of
// its own, so that tests of the built files neither need nor disturb `dist/`. The folder is under
// node_modules, so that the built files resolve `yaml` as an installed package does.

import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Options } from 'tsup';
import configs from '../../tsup.config.js';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Builds every tsup config into `node_modules/.cache/ballast-test-build/<name>`; returns it. */
export async function buildPackage(name: string): Promise<string> {
  const outDir = join(ROOT, 'node_modules', '.cache', 'ballast-test-build', name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const list = (Array.isArray(configs) ? configs : [configs]) as Options[];
  for (const config of list) {
    await build({
      ...config,
      outDir,
      dts: false,
      sourcemap: false,
      clean: false,
      silent: true,
      config: false,
    });
  }
  return outDir;
}

/** A build takes seconds, more while other tests run: the timeout of a `beforeAll` that builds. */
export const BUILD_TIMEOUT = 180_000;
