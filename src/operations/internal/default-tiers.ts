// The burn-rate tiers an SLO tracker uses when it is given none (the SRE Workbook's, as
// `defaultBurnRateAlerts` in ballast/slo), for the dashboard's thresholds. A test checks that the
// two agree; this module may not import the SLO module.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One burn-rate tier, as an SLO definition gives it. @internal */
export interface Tier {
  readonly severity: string;
  readonly burnRate: number;
  readonly longWindowMs: number;
  readonly shortWindowMs: number;
}

/** @internal */
export const DEFAULT_TIERS: readonly Tier[] = [
  { severity: 'page', burnRate: 14.4, longWindowMs: HOUR, shortWindowMs: 5 * MINUTE },
  { severity: 'page', burnRate: 6, longWindowMs: 6 * HOUR, shortWindowMs: 30 * MINUTE },
  { severity: 'ticket', burnRate: 3, longWindowMs: DAY, shortWindowMs: 2 * HOUR },
  { severity: 'ticket', burnRate: 1, longWindowMs: 3 * DAY, shortWindowMs: 6 * HOUR },
];

/** The period of an SLO given none: 30 days. @internal */
export const DEFAULT_PERIOD_MS = 30 * DAY;
