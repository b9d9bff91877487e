import { dueTime, HOUR_MS, MINUTE_MS, nextCheck } from '../../lib/sync/schedule';
import { seededRandom } from '../seededRandom';

// What a million installs ask of one feed's server in a day, before and after the polite schedule, on a fake clock.
// The "after" installs decide with the extension's own scheduling functions (lib/sync/schedule.ts: `nextCheck`
// after every check, `dueTime` at every browser start), exactly as the background calls them; "before" is the rule
// the extension had until then (lib/sync/polling.ts before #28), written out here since it no longer exists: every
// browser start fetched every feed, and the polling alarm, created at the start, fired every interval from then on.
//
// Each install follows the feed at the reader's interval. Its browser is started at 09:00 local time (a normal
// spread of `startSpreadMin` minutes around it) in one of three time zones, and, in the "overnight" variant, closed
// at 23:00 local. The feed publishes `postsPerDay` times a day; a check answers 200 (the whole feed) when it
// changed since that install's last full download, else 304. Every install already holds the feed's validators
// when the simulation starts (it followed the feed before): every request is conditional.

export type Rule = 'before' | 'after';

export type ModelOptions = {
  installs: number;
  rule: Rule;
  /** Browsers closed from 23:00 to the 09:00 start (local), or always on and restarted at 09:00. */
  overnight: boolean;
  intervalMinutes: number;
  /** UTC offsets of the time zones, in hours; installs are split evenly. */
  zones: number[];
  startSpreadMin: number;
  postsPerDay: number;
  /** The feed's Cache-Control max-age, in seconds (0: none). */
  maxAgeSeconds: number;
  fullBytes: number;
  notModifiedBytes: number;
  seed: number;
};

export const DEFAULTS: Omit<ModelOptions, 'rule' | 'overnight'> = {
  installs: 1_000_000,
  intervalMinutes: 60,
  zones: [-5, 1, 8],
  startSpreadMin: 10,
  postsPerDay: 12,
  maxAgeSeconds: 300,
  fullBytes: 80_000,
  notModifiedBytes: 300,
  seed: 28,
};

export type DayFigures = {
  requests: number;
  peakPerMinute: number;
  meanPerMinute: number;
  peakToMean: number;
  share304: number;
  conditionalShare: number;
  bytes: number;
  /** The most browsers open at once over the mean: no schedule can make the peak minute lower than this. */
  openPeakToMean: number;
};

const DAY = 24 * HOUR_MS;
const MINUTES = 2 * 24 * 60;

/** A normal deviate (Box–Muller). */
const normal = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/**
 * Two days on a fake clock from 00:00 UTC; the figures are the second day's (the first settles the schedule).
 * Installs live in typed arrays and events in per-minute buckets, so a million installs run in seconds.
 */
export function simulate(options: ModelOptions): DayFigures {
  const random = seededRandom(options.seed);
  const n = options.installs;
  const intervalMs = options.intervalMinutes * MINUTE_MS;
  const freshForMs = options.maxAgeSeconds * 1000 || undefined;
  const posts = Array.from({ length: options.postsPerDay * 3 }, () => random() * 3 * DAY).sort((a, b) => a - b);
  const versionAt = (t: number) => {
    let lo = 0;
    let hi = posts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (posts[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const next = new Float64Array(n); // the pending check (NaN: none, the browser is closed)
  const version = new Int32Array(n); // the feed's version the install holds
  const phase = new Float64Array(n);
  const lastCheck = new Float64Array(n);
  const buckets: number[][] = Array.from({ length: MINUTES + 1 }, () => []);
  const starts: number[][] = Array.from({ length: MINUTES + 1 }, () => []);
  const closes: number[][] = Array.from({ length: MINUTES + 1 }, () => []);
  const startTime = new Float64Array(n * 2);
  const schedule = (i: number, at: number) => {
    next[i] = at;
    const minute = Math.floor(at / MINUTE_MS);
    if (minute >= 0 && minute <= MINUTES) buckets[minute]!.push(i);
  };

  for (let i = 0; i < n; i++) {
    const zone = options.zones[i % options.zones.length]!;
    phase[i] = random();
    for (let day = 0; day < 2; day++) {
      // 09:00 local on `day` (UTC minus the offset), around which this install's browser starts.
      const at = day * DAY + (9 - zone) * HOUR_MS + normal(random) * options.startSpreadMin * MINUTE_MS;
      const start = (((at % DAY) + DAY) % DAY) + day * DAY;
      startTime[i * 2 + day] = start;
      starts[Math.floor(start / MINUTE_MS)]!.push(i);
      if (options.overnight) {
        const close = start + 14 * HOUR_MS; // 23:00 local
        const minute = Math.floor(close / MINUTE_MS);
        if (minute <= MINUTES) closes[minute]!.push(i);
      }
    }
    // The state at 00:00 UTC of the first day. Overnight browsers whose start is still ahead are closed; the rest
    // have been open since yesterday's start, each with its last check within the interval before.
    const yesterday = startTime[i * 2]! - DAY;
    const closedNow = options.overnight && yesterday + 14 * HOUR_MS <= 0;
    version[i] = versionAt(-1);
    if (options.rule === 'before') {
      // The alarm ticks every interval from yesterday's start.
      lastCheck[i] = yesterday + Math.floor(-yesterday / intervalMs) * intervalMs;
      if (!closedNow) schedule(i, lastCheck[i]! + intervalMs);
      else next[i] = NaN;
    } else {
      lastCheck[i] = -random() * intervalMs;
      if (!closedNow) schedule(i, lastCheck[i]! + intervalMs);
      else next[i] = NaN;
    }
  }

  const perMinute = new Float64Array(24 * 60);
  const open = new Float64Array(24 * 60);
  let openNow = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(next[i]!)) openNow++;
  let requests = 0;
  let notModified = 0;
  let conditional = 0;
  let bytes = 0;

  const check = (i: number, now: number) => {
    const minute = Math.floor(now / MINUTE_MS) - 24 * 60;
    const current = versionAt(now);
    if (minute >= 0 && minute < 24 * 60) {
      requests++;
      perMinute[minute]!++;
      conditional++; // every install holds validators: each request sends them
      if (current === version[i]) {
        notModified++;
        bytes += options.notModifiedBytes;
      } else bytes += options.fullBytes;
    }
    version[i] = current;
    lastCheck[i] = now;
  };

  for (let minute = 0; minute < MINUTES; minute++) {
    for (const i of closes[minute]!) {
      if (!Number.isNaN(next[i]!)) openNow--;
      next[i] = NaN;
    }
    for (const i of starts[minute]!) {
      const now = startTime[i * 2 + Math.floor(minute / (24 * 60))]!;
      const wasOpen = !Number.isNaN(next[i]!);
      if (!wasOpen) openNow++;
      if (options.rule === 'before') {
        // Every start fetched every feed, and the alarm started counting its interval from there.
        check(i, now);
        schedule(i, now + intervalMs);
      } else {
        const due = dueTime({
          next: wasOpen ? { at: next[i]!, why: 'interval' } : { at: lastCheck[i]! + intervalMs, why: 'interval' },
          intervalMs,
          now,
          phase: phase[i]!,
          feedId: 'feed',
        });
        if (due.at !== next[i]) schedule(i, due.at);
      }
    }
    const dayMinute = minute - 24 * 60;
    if (dayMinute >= 0) open[dayMinute] = openNow;
    const bucket = buckets[minute]!;
    buckets[minute] = [];
    for (const i of bucket) {
      const at = next[i]!;
      // Stale entries: the install was rescheduled or closed since.
      if (Number.isNaN(at) || Math.floor(at / MINUTE_MS) !== minute) continue;
      check(i, at);
      if (options.rule === 'before') schedule(i, at + intervalMs);
      else {
        const { at: following } = nextCheck({ now: at, intervalMs, random: random(), freshForMs, hasValidators: true });
        schedule(i, following);
      }
    }
  }

  const meanPerMinute = requests / (24 * 60);
  const peakPerMinute = Math.max(...perMinute);
  const meanOpen = open.reduce((sum, x) => sum + x, 0) / open.length;
  return {
    requests,
    peakPerMinute,
    meanPerMinute,
    peakToMean: peakPerMinute / meanPerMinute,
    share304: notModified / requests,
    conditionalShare: conditional / requests,
    bytes,
    openPeakToMean: Math.max(...open) / meanOpen,
  };
}
