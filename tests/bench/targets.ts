// The targets `npm run bench` reports against: each key's bound and, for a ratio, its floor (what it is divided by,
// measured in the same run). The bench never fails on them (figures on a shared machine are noisy); it says which
// are met, and docs/PERFORMANCE.md holds the table of one whole run. A target changes only with the issue that sets it.
import { BUDGETS } from './budgets';

export type Target = {
  /** The figure must not exceed this. */
  max: number;
  /** For a ratio: the baseline it is divided by, measured in the same run. */
  floor?: string;
  /** Where the target comes from, when not obvious. */
  why?: string;
};

const STATIC_FIRST_SCREEN = 'the same first screen as static HTML, timed to its first painted frame';
const FETCH_PARSE = 'fetching and JSON.parse-ing the same feeds in the same worker, 4 at a time';
/** The XML parses' floor: feedsmith's parser, run on the same bytes in the same run (tests/bench/run.ts). */
const FEEDSMITH = 'feedsmith parseFeed of the same bytes';
const FEEDSMITH_XML_ALONE = `${FEEDSMITH} (the XML parse alone)`;

export const TARGETS: Record<string, Target> = {
  parse_json5000_vs_jsonparse: { max: 3, floor: 'one cold JSON.parse of the same bytes in a fresh worker' },
  parse_rss5000_vs_feedsmith: { max: 1.3, floor: FEEDSMITH_XML_ALONE },
  parse_atom5000_vs_feedsmith: { max: 1.3, floor: FEEDSMITH_XML_ALONE },
  parse_rss20_vs_feedsmith: {
    max: 1.32,
    floor: FEEDSMITH,
    why: 'no worse than before issue 31 (1.32×)',
  },
  parse_atom20_vs_feedsmith: {
    max: 1.1,
    floor: FEEDSMITH,
    why: 'no worse than before issue 31 (1.06×, with room for noise)',
  },
  popup_first_article_20_vs_static_first_screen: { max: 1.15, floor: STATIC_FIRST_SCREEN },
  popup_first_article_40x250_vs_static_first_screen: { max: 1.2, floor: STATIC_FIRST_SCREEN },
  popup_first_article_5000_vs_20: { max: 1.2, floor: 'the same popup with 20 posts' },
  popup_longest_task_to_first_article_20_ms: { max: 50 },
  popup_longest_task_to_first_article_5000_ms: { max: 50 },
  sync_unchanged_requests: { max: 1, why: 'one conditional request, answered 304' },
  sync_unchanged_storage_writes: { max: 1, why: 'the checkSchedule item only; the feed’s own keys get none' },
  sync_unchanged_200_storage_writes: { max: 1, why: 'the checkSchedule item only; the feeds’ own keys get none' },
  sync_one_post_bytes_vs_feed_bytes: { max: 2, floor: 'that feed’s stored size' },
  sync_pass_40x250_vs_fetch_parse: { max: 2, floor: FETCH_PARSE },
  popup_longest_task_during_sync_ms: { max: 50 },
  popup_worst_task_during_sync_ms: { max: 50 },
  sync_pass_40x250_rules20_vs_none: { max: 1.1, floor: 'the same pass with no rules' },
  popup_first_article_10000_rules20_vs_none: { max: 1.1, floor: 'the same popup with no rules' },
  import_2000_answer_ms: { max: 1000, why: 'issue 27: the options page answers a 2,000-feed import at once' },
  import_2000_options_longest_task_ms: { max: 200, why: 'issue 27: no task over 200 ms while the feeds are fetched' },
  popup_during_import_2000_vs_before: {
    max: 2,
    floor: 'the same popup opened before the import (one feed)',
    why: 'issue 27: within twice its usual time',
  },
  popup_during_import_2000_vs_after: {
    max: 2,
    floor: 'the same popup once the imported feeds are fetched (the same 2,000 feeds, the store quiet)',
    why: 'issue 27: what the import itself costs the popup, apart from what 2,000 feeds cost it',
  },
  worker_heap_after_50x1000_poll_bytes: { max: 64 * 1024 * 1024 },
  popup_js_gzip_bytes: { max: BUDGETS['popup (before first paint)'], why: '`npm run size` budget' },
  popup_js_after_paint_gzip_bytes: { max: BUDGETS['popup (loaded after the paint)'], why: '`npm run size` budget' },
  background_gzip_bytes: { max: BUDGETS['background service worker'], why: '`npm run size` budget' },
  content_script_gzip_bytes: { max: BUDGETS['content script'], why: '`npm run size` budget' },
};

/** A target in words, as the table shows it: `≤ 1.2×`, `≤ 50 ms`, `≤ 31,000 B`. */
export function targetText(key: string, target: Target): string {
  const max = target.max.toLocaleString('en');
  if (key.includes('_vs_')) return `≤ ${max}×`;
  if (key.endsWith('_ms')) return `≤ ${max} ms`;
  if (key.endsWith('_bytes')) return `≤ ${max} B`;
  return `≤ ${max}`;
}

/** Met, missed, or not measured (a figure of -1: the bench could not take it). */
export function verdict(value: number | undefined, target: Target): 'met' | 'missed' | 'not measured' {
  if (value === undefined || value < 0) return 'not measured';
  return value <= target.max ? 'met' : 'missed';
}
