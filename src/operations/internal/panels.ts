// Builders of the Grafana panel JSON the dashboard is made of (schema of Grafana 10 and 11).

/** The data source every panel and variable queries: the dashboard's `datasource` variable. */
export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' } as const;

/** One query of a panel. @internal */
export interface Query {
  readonly expr: string;
  readonly legend: string;
}

/** A threshold step: from `value` up (null: from minus infinity), in `color`. @internal */
export interface Step {
  readonly color: string;
  readonly value: number | null;
}

/** What a panel builder needs, besides its place on the grid. @internal */
export interface PanelSpec {
  readonly type: 'timeseries' | 'stat' | 'state-timeline';
  readonly title: string;
  readonly description: string;
  readonly queries: readonly Query[];
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly stacked?: boolean;
  readonly steps?: readonly Step[];
  /** Draws the steps on a time series as dashed lines. */
  readonly drawThresholds?: boolean;
  readonly mappings?: readonly { value: string; text: string; color: string }[];
  readonly width: number;
  readonly height?: number;
}

/** @internal */
export type PanelJson = Record<string, unknown>;

/** A panel at `gridPos`, with id `id`. @internal */
export function panel(spec: PanelSpec, id: number, x: number, y: number): PanelJson {
  const targets = spec.queries.map((query, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE,
    expr: query.expr,
    legendFormat: query.legend,
    range: true,
    instant: false,
  }));
  const defaults: Record<string, unknown> = {
    unit: spec.unit ?? 'short',
    color: { mode: spec.type === 'timeseries' ? 'palette-classic' : 'thresholds' },
    thresholds: { mode: 'absolute', steps: spec.steps ?? [{ color: 'green', value: null }] },
    mappings: (spec.mappings ?? []).map((m) => ({
      type: 'value',
      options: { [m.value]: { text: m.text, color: m.color } },
    })),
  };
  if (spec.min !== undefined) defaults.min = spec.min;
  if (spec.max !== undefined) defaults.max = spec.max;
  let options: Record<string, unknown>;
  if (spec.type === 'timeseries') {
    defaults.custom = {
      drawStyle: 'line',
      lineWidth: 1,
      fillOpacity: spec.stacked === true ? 30 : 0,
      showPoints: 'never',
      spanNulls: false,
      stacking: { mode: spec.stacked === true ? 'normal' : 'none', group: 'A' },
      thresholdsStyle: { mode: spec.drawThresholds === true ? 'dashed' : 'off' },
    };
    options = {
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'multi', sort: 'desc' },
    };
  } else if (spec.type === 'stat') {
    options = {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'background',
      graphMode: 'area',
      justifyMode: 'auto',
      orientation: 'auto',
      textMode: 'value_and_name',
    };
  } else {
    defaults.custom = { fillOpacity: 80, lineWidth: 0 };
    options = {
      mergeValues: true,
      showValue: 'never',
      alignValue: 'left',
      rowHeight: 0.9,
      legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
      tooltip: { mode: 'single', sort: 'none' },
    };
  }
  return {
    id,
    type: spec.type,
    title: spec.title,
    description: spec.description,
    datasource: DATASOURCE,
    gridPos: { h: spec.height ?? 8, w: spec.width, x, y },
    targets,
    fieldConfig: { defaults, overrides: [] },
    options,
  };
}

/** A row header across the grid at `y`. @internal */
export function row(title: string, id: number, y: number): PanelJson {
  return {
    id,
    type: 'row',
    title,
    collapsed: false,
    gridPos: { h: 1, w: 24, x: 0, y },
    panels: [],
  };
}

/** Rows of panels laid out left to right, 24 columns wide. @internal */
export function layout(
  rows: readonly { title: string; panels: readonly PanelSpec[] }[],
): PanelJson[] {
  const out: PanelJson[] = [];
  let id = 1;
  let y = 0;
  for (const { title, panels } of rows) {
    out.push(row(title, id++, y));
    y += 1;
    let x = 0;
    let height = 0;
    for (const spec of panels) {
      if (x + spec.width > 24) {
        x = 0;
        y += height;
        height = 0;
      }
      out.push(panel(spec, id++, x, y));
      x += spec.width;
      height = Math.max(height, spec.height ?? 8);
    }
    y += height;
  }
  return out;
}
