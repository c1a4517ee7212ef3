// Shown in docs/backtest.md from the import on; test/simulator/backtest/backtest-docs.test.ts
// keeps the copy identical and runs it.
import { backtest, parseAlertTiers, readTraffic } from 'ballast/simulator';

// Ten quiet minutes, then five at 30 % errors: the kind of rows a log query exports.
const rows = ['timestamp,ok,count,incident'];
for (let minute = 0; minute < 15; minute++) {
  const at = new Date(Date.UTC(2026, 0, 5, 0, minute)).toISOString();
  const outage = minute >= 10;
  rows.push(`${at},1,${outage ? 700 : 1000},${outage ? 'outage' : ''}`);
  if (outage) rows.push(`${at},0,300,outage`);
}
const traffic = readTraffic(rows.join('\n'), { source: 'export.csv' });
const result = backtest(traffic, {
  slo: { name: 'checkout', objective: 0.999 },
  strategies: [parseAlertTiers('14.4x:1h/5m'), parseAlertTiers('6x:6h/30m')],
});
for (const strategy of result.strategies) {
  const [score] = strategy.incidents;
  console.log(strategy.name, score?.detectionMs);
}
