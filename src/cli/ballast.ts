// The `ballast` executable: Node's files and streams, handed to `main`.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  size: (path) => statSync(path).size,
  read: (path) => readFileSync(path, 'utf8'),
  write: (path, text) => writeFileSync(path, text),
  errIsTTY: process.stderr.isTTY,
});
