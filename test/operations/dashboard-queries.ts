// The PromQL of a generated dashboard: every panel target and every variable's selector, with the
// Grafana variables replaced as Grafana would for "All".

import type { GrafanaDashboard } from '../../src/operations/index.js';

export interface PanelQuery {
  readonly panel: string;
  readonly expr: string;
}

const VARIABLES: Readonly<Record<string, string>> = {
  $__rate_interval: '5m',
  $job: '.*',
  $slo: '.*',
  $breaker: '.*',
  $policy: '.*',
};

export function substitute(expr: string): string {
  return expr.replace(/\$__rate_interval|\$job|\$slo|\$breaker|\$policy/g, (v) => VARIABLES[v]!);
}

/** Every panel target's expression, and every query variable's selector. */
export function dashboardQueries(dashboard: GrafanaDashboard): PanelQuery[] {
  const queries: PanelQuery[] = [];
  for (const panel of dashboard.panels as {
    title: string;
    type: string;
    targets?: { expr: string; refId: string }[];
  }[]) {
    for (const target of panel.targets ?? []) {
      queries.push({ panel: `${panel.title} (${target.refId})`, expr: substitute(target.expr) });
    }
  }
  for (const variable of dashboard.templating.list as { name: string; query?: unknown }[]) {
    const query = (variable.query as { query?: string } | undefined)?.query;
    if (query === undefined) continue;
    const match = /^label_values\((.*), (\w+)\)$/.exec(query);
    if (match === null) throw new Error(`variable ${variable.name}: unexpected query ${query}`);
    queries.push({ panel: `variable ${variable.name}`, expr: substitute(match[1]!) });
  }
  return queries;
}
