import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// `ballast` re-exports the core modules: every name (value or type) that one of them exports must
// be exported by the root too, so that a module's new export is not forgotten there.
const CORE = ['clock', 'events', 'policy', 'breaker', 'retry', 'slo', 'http', 'adaptive'] as const;

describe('the root entry point', () => {
  // Builds a TypeScript program of the core modules: seconds, more on a loaded machine.
  it('exports every name of every core module', { timeout: 60_000 }, () => {
    const root = resolve(import.meta.dirname, '../src');
    const files = [resolve(root, 'index.ts'), ...CORE.map((m) => resolve(root, m, 'index.ts'))];
    const program = ts.createProgram(files, {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const names = (file: string): Set<string> => {
      const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
      return new Set(checker.getExportsOfModule(symbol).map((s) => s.getName()));
    };
    const exported = names(files[0]!);
    const missing = CORE.flatMap((module) =>
      [...names(resolve(root, module, 'index.ts'))]
        .filter((name) => !exported.has(name))
        .map((name) => `${module}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
