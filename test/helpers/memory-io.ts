// A CliIo over a map of files, for running commands in-process: what they printed and wrote.
import { readFileSync } from 'node:fs';
import type { CliIo } from '../../src/cli/io.js';

export interface MemoryIo extends CliIo {
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly files: Map<string, string>;
}

/** `files` are served first; any other path is read from disk (relative to the repository). */
export function memoryIo(files: Record<string, string> = {}): MemoryIo {
  const map = new Map(Object.entries(files));
  let out = '';
  let err = '';
  const text = (path: string) => map.get(path) ?? readFileSync(path, 'utf8');
  return {
    files: map,
    out: (chunk) => (out += chunk),
    err: (chunk) => (err += chunk),
    size: (path) => Buffer.byteLength(text(path)),
    read: text,
    write: (path, chunk) => void map.set(path, chunk),
    stdout: () => out,
    stderr: () => err,
  };
}
