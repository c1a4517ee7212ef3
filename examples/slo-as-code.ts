// docs/slo.md's "SLOs as code": one spec file, read for the in-process trackers and for the fleet's
// Prometheus rules. The docs show this file from its first import on; a test keeps the two
// identical, checks the excerpt of the rules the docs show, and runs promtool on them.
import { readFileSync } from 'node:fs';
import { SloTracker, toPrometheusRules } from 'ballast/slo';
import { isSloSpecError, formatSpecProblem, parseSloSpec } from 'ballast/slo-spec';

const file = new URL('checkout-slo.yaml', import.meta.url);

/** Every SLO of the spec, or every problem with its file:line:column. */
export function readSlos(text = readFileSync(file, 'utf8')) {
  try {
    return parseSloSpec(text, { file: 'checkout-slo.yaml' });
  } catch (error) {
    if (isSloSpecError(error)) console.error(error.problems.map(formatSpecProblem).join('\n'));
    throw error;
  }
}

export const slos = readSlos();

// In each process: a tracker per SLO, with the spec's objective, period and tiers.
export const trackers = slos.map((slo) => new SloTracker(slo.options));

// For the fleet (what `npx ballast slo generate checkout-slo.yaml` prints): the same SLOs as
// Prometheus rules over the counters every process exports.
export const rules = toPrometheusRules(slos.map((slo) => slo.prometheus));
