// Loads one ballast entry point as users get it: the ESM that tsup built into dist/. tsx, which runs
// the bench's own TypeScript, leaves plain .js files as they are, so dist/ runs untransformed.
import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('../', import.meta.url);

/** Where to load ballast from: the build in dist/, src/ through tsx, or another build's folder. */
export type Origin = { kind: 'dist' } | { kind: 'source' } | { kind: 'folder'; path: string };

/**
 * Imports `dist/<module>/index.js` (throwing when dist/ is missing or older than src/, so that a
 * stale build is never measured), `src/<module>/index.ts`, or `<folder>/<module>/index.js` for
 * a build of another commit, taken as it is.
 */
export async function loadBuilt<Module>(module: string, origin: Origin): Promise<Module> {
  if (origin.kind === 'source') {
    return (await import(new URL(`src/${module}/index.ts`, root).href)) as Module;
  }
  if (origin.kind === 'folder') {
    const folder = pathToFileURL(`${resolve(origin.path)}/`);
    return (await import(new URL(`${module}/index.js`, folder).href)) as Module;
  }
  const built = new URL(`dist/${module}/index.js`, root);
  let builtAt: number;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    throw new Error(`${fileURLToPath(built)} is missing: run \`npm run build\` first`);
  }
  const changed = newestSource();
  if (changed.mtimeMs > builtAt) {
    throw new Error(
      `dist/ is older than ${changed.path}: run \`npm run build\` first (\`npm run bench\` does)`,
    );
  }
  return (await import(built.href)) as Module;
}

// The folders of src/ that the bench's entry points are built from.
const BUILT = [
  'breaker',
  'clock',
  'events',
  'internal',
  'policy',
  'retry',
  'slo',
  'testing',
  'window',
];

function newestSource(): { path: string; mtimeMs: number } {
  let newest = { path: '', mtimeMs: 0 };
  for (const folder of BUILT) {
    const dir = new URL(`src/${folder}/`, root);
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.ts')) continue;
      const path = fileURLToPath(new URL(name, dir));
      const { mtimeMs } = statSync(path);
      if (mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
    }
  }
  return newest;
}
