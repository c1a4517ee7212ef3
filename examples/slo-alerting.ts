// docs/slo.md's example of query templates and per-severity alerting in toPrometheusRules. The docs
// show this file from its first import on; a test keeps the two identical, checks the excerpt of
// the rules the docs show, and runs promtool on the whole file.
import { toPrometheusRules, type PrometheusSloSpec } from 'ballast/slo';

export const checkout: PrometheusSloSpec = {
  slo: { name: 'availability', objective: 0.999 },
  service: 'checkout',
  // Sloth's `events` SLI: PromQL with {{.window}}, which each rule replaces with its window.
  totalQuery: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
  badQuery: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))',
  labels: { team: 'payments' },
  alerting: {
    page: {
      name: 'CheckoutAvailabilityPage',
      labels: { severity: 'critical', routing_key: 'payments-oncall' },
      annotations: {
        summary: 'Checkout fails {{ $value | humanizePercentage }} of requests',
        runbook_url: 'https://runbooks.example.com/checkout-availability',
      },
    },
    ticket: { name: 'CheckoutAvailabilityTicket', labels: { severity: 'warning' }, forMs: 900_000 },
    // SloDataAbsent: the events are gone, so no burn-rate alert can fire.
    absent: { annotations: { runbook_url: 'https://runbooks.example.com/checkout-metrics' } },
    // SloErrorBudgetExhausted: time for the release freeze the error budget policy calls for.
    budgetExhausted: { labels: { severity: 'info' } },
  },
};

/** The rule file: write it where Prometheus loads rules (`rule_files`). */
export const rules = toPrometheusRules([checkout]);
