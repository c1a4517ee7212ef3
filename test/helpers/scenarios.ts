import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';

/** The scenario files shipped in scenarios/, by name. */
export const shippedScenarios: readonly string[] = readdirSync('scenarios')
  .filter((file) => file.endsWith('.yaml'))
  .sort();

/** A shipped scenario's file, read as the command reads it. */
export function readScenarioFile(file: string): unknown {
  return parse(readFileSync(`scenarios/${file}`, 'utf8'));
}

/** A scenario as read from a file, loosely typed for tests to edit. */
export interface ScenarioInput {
  [key: string]: unknown;
  dependency: { [key: string]: unknown; phases: Record<string, unknown>[] };
  variants: { name: string; layers?: Record<string, Record<string, unknown>>[] }[];
  slos: Record<string, unknown>[];
}

/** The smallest valid scenario, for tests to vary. */
export function minimalScenario(): ScenarioInput {
  return {
    name: 'minimal',
    duration: '2m',
    traffic: 5,
    dependency: {
      latency: '20ms',
      phases: [{ name: 'outage', from: '30s', to: '90s', errorRate: 1, latency: '5ms' }],
    },
    variants: [
      { name: 'retry', layers: [{ retry: { maxAttempts: 3 } }, { breaker: { openMs: '5s' } }] },
    ],
    slos: [{ name: 'availability', objective: 0.999 }],
  };
}
