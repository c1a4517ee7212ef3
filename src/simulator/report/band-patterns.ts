/**
 * What a band stands for; each has its own hatching so that it reads without colour.
 *
 * @example
 * ```ts
 * const kind: BandKind = 'open';
 * ```
 */
export type BandKind = 'phase' | 'open' | 'half-open' | 'page' | 'ticket' | 'incident';

/** The pattern of each kind: hatching that differs in angle and density, not only in colour. */
const PATTERNS: Readonly<
  Record<BandKind, { readonly body: string; readonly size: number; readonly angle: number }>
> = {
  phase: {
    size: 10,
    angle: 45,
    body: '<rect width="10" height="10" class="bg-phase"/><line x1="0" y1="0" x2="0" y2="10" class="hatch-phase"/>',
  },
  open: {
    size: 6,
    angle: 45,
    body: '<rect width="6" height="6" class="bg-open"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-open"/><line x1="0" y1="3" x2="6" y2="3" class="hatch-open"/>',
  },
  'half-open': {
    size: 8,
    angle: -45,
    body: '<rect width="8" height="8" class="bg-half-open"/><line x1="0" y1="0" x2="0" y2="8" class="hatch-half-open"/>',
  },
  page: {
    size: 6,
    angle: 0,
    body: '<rect width="6" height="6" class="bg-page"/><path d="M0 0L6 6M6 0L0 6" class="hatch-page"/>',
  },
  ticket: {
    size: 6,
    angle: 0,
    body: '<rect width="6" height="6" class="bg-ticket"/><circle cx="3" cy="3" r="1.2" class="dot-ticket"/>',
  },
  incident: {
    size: 8,
    angle: -45,
    body: '<rect width="8" height="8" class="bg-incident"/><line x1="0" y1="0" x2="0" y2="8" class="hatch-incident"/><line x1="4" y1="0" x2="4" y2="8" class="hatch-incident"/>',
  },
};

/**
 * The id of the `<pattern>` that fills a band of `kind`, for `fill="url(#…)"`.
 *
 * @example
 * ```ts
 * `<rect fill="url(#${patternId('open')})"/>`;
 * ```
 */
export function patternId(kind: BandKind): string {
  return `band-${kind}`;
}

/**
 * One hidden `<svg>` holding every band pattern, once per page: the charts refer to them by id
 * (ids are page-wide, so defining them in each chart would repeat them).
 *
 * @example
 * ```ts
 * const page = `<body>${patternDefinitions()}${charts}</body>`;
 * ```
 */
export function patternDefinitions(): string {
  const patterns = Object.entries(PATTERNS).map(
    ([kind, { body, size, angle }]) =>
      `<pattern id="${patternId(kind as BandKind)}" width="${size}" height="${size}" patternUnits="userSpaceOnUse"${angle === 0 ? '' : ` patternTransform="rotate(${angle})"`}>${body}</pattern>`,
  );
  return `<svg class="defs" width="0" height="0" aria-hidden="true"><defs>${patterns.join('')}</defs></svg>`;
}
