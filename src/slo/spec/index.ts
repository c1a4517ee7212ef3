export { parseSloSpec, sloFromSpec, type SloSpecOptions } from './parse-slo-spec.js';
export type { SloDefinition, SloSource } from './slo-definition.js';
export {
  SloSpecError,
  formatSpecProblem,
  isSloSpecError,
  type SpecProblem,
} from './slo-spec-error.js';
export { toOpenSlo, type OpenSloFleet, type OpenSloSource } from './to-openslo.js';
