// `npm run sim:politeness [-- --installs=100000]`: what a million installs ask of one feed's server in a day, before
// and after the polite schedule (see ./model.ts). Prints a table, and the figures as JSON on the last line.
import { DEFAULTS, simulate, type Rule } from './model';

const installs = Number(process.argv.find((arg) => arg.startsWith('--installs='))?.split('=')[1] ?? DEFAULTS.installs);
const rows: Record<string, unknown>[] = [];
for (const overnight of [false, true]) {
  for (const rule of ['before', 'after'] as Rule[]) {
    const started = performance.now();
    const day = simulate({ ...DEFAULTS, installs, rule, overnight });
    rows.push({
      browsers: overnight ? 'closed 23:00–09:00' : 'always on, restarted 09:00',
      rule,
      'requests/day': day.requests,
      'peak/min': Math.round(day.peakPerMinute),
      'mean/min': Math.round(day.meanPerMinute),
      'peak÷mean': Number(day.peakToMean.toFixed(2)),
      'open peak÷mean': Number(day.openPeakToMean.toFixed(2)),
      '304 share': `${(day.share304 * 100).toFixed(1)}%`,
      conditional: `${(day.conditionalShare * 100).toFixed(1)}%`,
      'GB served': Number((day.bytes / 1e9).toFixed(2)),
      'run s': Number(((performance.now() - started) / 1000).toFixed(1)),
    });
  }
}
console.log(
  `${installs.toLocaleString('en')} installs, one feed, interval ${DEFAULTS.intervalMinutes} min, ` +
    `time zones UTC${DEFAULTS.zones.map((z) => (z < 0 ? z : `+${z}`)).join('/UTC')}, starts 09:00 local ±${DEFAULTS.startSpreadMin} min (σ), ` +
    `${DEFAULTS.postsPerDay} posts/day, ${DEFAULTS.fullBytes / 1000} KB feed, ${DEFAULTS.notModifiedBytes} B per 304`,
);
console.table(rows);
console.log(JSON.stringify(rows));
