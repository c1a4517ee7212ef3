import type { PrometheusSloSpec } from '../prometheus-spec.js';
import { resolveSpec } from '../prometheus-spec.js';
import type { SloOptions } from '../slo-options.js';
import type { SpecReader } from './spec-reader.js';

/**
 * One SLO read from a spec file: the options of an in-process {@link SloTracker} and the input of
 * {@link toPrometheusRules} for the fleet, from the same definition.
 *
 * @example
 * ```ts
 * const [checkout] = parseSloSpec(text, { file: 'checkout.yaml' });
 * const slo = new SloTracker(checkout.options);
 * const rules = toPrometheusRules([checkout.prometheus]);
 * ```
 */
export interface SloDefinition {
  /**
   * {@link SloTracker} options: `name`, `objective`, and `windowMs`, `alerts`, `minimumEvents`,
   * `latencyThresholdMs` when the spec sets them. No clock: add your own
   * (`new SloTracker({ ...definition.options, clock })`).
   */
  readonly options: SloOptions;
  /** The SLO for {@link toPrometheusRules}; its `slo` is {@link SloDefinition.options}. */
  readonly prometheus: PrometheusSloSpec;
  /** The spec's description of the SLO, if any. */
  readonly description: string | undefined;
  /** Where the SLO was defined. */
  readonly source: SloSource;
}

/**
 * Where an {@link SloDefinition} comes from.
 *
 * @example
 * ```ts
 * const where = `${definition.source.file}:${definition.source.line}`;
 * ```
 */
export interface SloSource {
  /** `openslo/v1` or Sloth's `prometheus/v1`. */
  readonly format: 'openslo/v1' | 'prometheus/v1';
  /** The file name given to {@link parseSloSpec}, `<input>` without one. */
  readonly file: string;
  /** The 0-based index of the YAML document in the file. */
  readonly document: number;
  /** The SLO's path in its document: `''` for an OpenSLO `SLO`, `slos[1]` in a Sloth file. */
  readonly path: string;
  /** 1-based line of the SLO, when read from text. */
  readonly line: number | undefined;
}

/**
 * Runs the checks of {@link toPrometheusRules} (which include the tracker's) on a definition that
 * the reader found nothing wrong with, and reports what they find at the spec field it came from:
 * `fields` maps the fields of a {@link PrometheusSloSpec} (`slo.objective`, `totalQuery`,
 * `alerting.page`) to paths in the document.
 *
 * @internal
 */
export function checkDefinition(
  reader: SpecReader,
  spec: PrometheusSloSpec,
  path: string,
  fields: Readonly<Record<string, string>>,
): boolean {
  try {
    resolveSpec(spec, '@');
    return true;
  } catch (error) {
    /* c8 ignore next */
    if (!(error instanceof Error)) throw error;
    const mapped = mapFields(error.message, fields, path);
    reader.report(mapped.path, mapped.message);
    return false;
  }
}

// Label names in messages may hold `-` and `/` (they are reported as not valid).
const FIELD = /@((?:\.[\w/-]+|\[\d+\])*)/g;

function mapFields(
  message: string,
  fields: Readonly<Record<string, string>>,
  path: string,
): { path: string; message: string } {
  let first: string | undefined;
  const text = message.replace(FIELD, (_match, field: string) => {
    const name = field.startsWith('.') ? field.slice(1) : field;
    let key = name;
    while (key !== '' && !Object.hasOwn(fields, key)) {
      key = key.slice(0, Math.max(key.lastIndexOf('.'), key.lastIndexOf('['), 0));
    }
    const base = key === '' ? path : fields[key]!;
    const rest = name.slice(key.length);
    const mapped = base === '' ? rest.replace(/^\./, '') : `${base}${rest}`;
    first ??= mapped;
    return mapped;
  });
  if (first === undefined) return { path, message };
  const trimmed = text.startsWith(first) ? text.slice(first.length).replace(/^:?\s*/, '') : text;
  return { path: first, message: trimmed };
}
