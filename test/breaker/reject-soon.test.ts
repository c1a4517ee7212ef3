import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rejectSoon } from '../../src/breaker/internal/reject-soon.js';

describe('rejectSoon', () => {
  it('rejects with the very error, one microtask later', async () => {
    const error = new Error('refused');
    const order: string[] = [];
    const promise = rejectSoon(error);
    const settled = promise.catch((reason: unknown) => {
      order.push('rejected');
      return reason;
    });
    queueMicrotask(() => order.push('microtask'));
    expect(await settled).toBe(error);
    expect(order).toEqual(['microtask', 'rejected']);
  });

  it('is still reported as an unhandled rejection when nobody handles it', () => {
    const module = fileURLToPath(
      new URL('../../src/breaker/internal/reject-soon.ts', import.meta.url),
    );
    const script = `
      const { rejectSoon } = await import(${JSON.stringify(module)});
      const error = new Error('nobody listens');
      process.on('unhandledRejection', (reason) => console.log(reason === error ? 'same error' : 'other'));
      void rejectSoon(error);
    `;
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    expect(output.trim()).toBe('same error');
  });
});
