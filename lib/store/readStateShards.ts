import {
  capperOf,
  joinStates,
  salvageSyncedState,
  SyncedFeedStateSchema,
  type SyncedFeedState,
} from './syncedReadState';
import { fnv1a32 } from '../feed/hash';

/**
 * `storage.sync`'s limits, as Chrome documents them (Firefox has the same quotas and no write-rate limits): bytes
 * are counted per item as the key's length plus the value's JSON.
 */
export const SYNC_LIMITS = {
  totalBytes: 102_400,
  itemBytes: 8_192,
  items: 512,
  writesPerMinute: 120,
  writesPerHour: 1_800,
};

/**
 * The synced read state is spread over a fixed number of items, each feed in the one its id hashes to: 8 items of
 * at most 8,000 bytes is 64,000 bytes whatever the number of feeds, beside the settings' one item (8,192), well
 * under the 102,400 in all. A fixed number, so that one write (one `set` of the items that changed) covers any
 * number of feeds, and a reader with 200 feeds uses 9 of the 512 items.
 */
export const SHARD_COUNT = 8;
export const SHARD_BUDGET_BYTES = 8_000;

export const SHARD_KEY_PREFIX = 'readState';
export const shardKey = (shard: number) => `${SHARD_KEY_PREFIX}${shard}`;

/** The shard number of a `storage.sync` key, or undefined for any other key. */
export function shardNumberOf(key: string): number | undefined {
  if (!key.startsWith(SHARD_KEY_PREFIX)) return undefined;
  const shard = Number(key.slice(SHARD_KEY_PREFIX.length));
  return Number.isInteger(shard) && shard >= 0 && shard < SHARD_COUNT ? shard : undefined;
}

export function shardOf(feedId: string): number {
  return fnv1a32(feedId) % SHARD_COUNT;
}

/**
 * Feed id → that feed's synced state. Always without a prototype (`shardFrom`), and read with `stateIn`: a feed id
 * is any word, `constructor` and `__proto__` included, and must never find an inherited property.
 */
export type Shard = Record<string, SyncedFeedState>;

/** A shard with no prototype, from its entries. */
export function shardFrom(entries: Iterable<readonly [string, SyncedFeedState]> = []): Shard {
  const shard = Object.create(null) as Shard;
  for (const [feedId, state] of entries) shard[feedId] = state;
  return shard;
}

/** One feed's state in a shard, by its own property only. */
export function stateIn(shard: Shard, feedId: string): SyncedFeedState | undefined {
  return Object.hasOwn(shard, feedId) ? shard[feedId] : undefined;
}

const FEED_ID = /^[\w-]{1,64}$/;

/** A feed's state that failed validation: dropped alone, for the caller to log and keep aside. */
export type DroppedState = { feedId: string; reason: string; raw: unknown };

/** A shard as stored, feed by feed: a malformed feed's state is dropped alone (pure: no storage, no browser). */
export function parseShard(raw: unknown): { shard: Shard; dropped: DroppedState[] } {
  const shard = shardFrom();
  const dropped: DroppedState[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    if (raw !== undefined) dropped.push({ feedId: '', reason: 'not a read-state shard', raw });
    return { shard, dropped };
  }
  for (const [feedId, value] of Object.entries(raw)) {
    const parsed = SyncedFeedStateSchema.safeParse(value);
    if (FEED_ID.test(feedId) && parsed.success) {
      shard[feedId] = parsed.data;
      continue;
    }
    const reason = parsed.error?.issues[0]?.message ?? 'not a feed id';
    dropped.push({ feedId: feedId.slice(0, 64), reason, raw: value });
    // Set aside, and kept as far as it still holds: a state a peer wrote past the schema (too many marks, a time
    // too large) still says what the reader read.
    const salvaged = FEED_ID.test(feedId) ? salvageSyncedState(value) : undefined;
    if (salvaged) shard[feedId] = salvaged;
  }
  return { shard, dropped };
}

export function joinShards(a: Shard, b: Shard): Shard {
  const joined = shardFrom(Object.entries(a));
  for (const [feedId, state] of Object.entries(b)) {
    const mine = stateIn(a, feedId);
    joined[feedId] = mine ? joinStates(mine, state) : state;
  }
  return sortedShard(joined);
}

/** The bytes an item takes against `storage.sync`'s quotas: its key and its value's JSON, in UTF-8. */
export function syncBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

/**
 * The shard within its budget: every feed keeps at most the same number of explicit marks, the largest number that
 * fits (the older ones are folded into each feed's read watermark). A shard of watermarks alone holds about 170
 * feeds; past that (1,300 feeds in all), the feeds seen longest ago are left out, and logged.
 */
export function fitShard(shard: Shard, key: string, budget = SHARD_BUDGET_BYTES): Shard {
  const sorted = sortedShard(shard);
  if (syncBytes(key, sorted) <= budget) return sorted;
  const cappers = Object.entries(sorted).map(([feedId, state]) => [feedId, capperOf(state)] as const);
  const cappedTo = (limit: number): Shard => shardFrom(cappers.map(([feedId, capper]) => [feedId, capper(limit)]));
  // The largest per-feed number of marks that fits, by bisection: a handful of tries whatever the shard's size.
  let low = 0;
  let high = Math.max(...Object.values(sorted).map((state) => Math.max(state.e.length, state.v?.length ?? 0)));
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (syncBytes(key, cappedTo(mid)) <= budget) low = mid;
    else high = mid - 1;
  }
  let fitted = cappedTo(low);
  while (syncBytes(key, fitted) > budget) {
    const [oldest] = Object.entries(fitted).reduce((least, entry) => (entry[1].s < least[1].s ? entry : least));
    console.warn(`AI Safety Brief: too many feeds to sync every read state; ${oldest} is left out.`);
    fitted = shardFrom(Object.entries(fitted).filter(([feedId]) => feedId !== oldest));
  }
  return fitted;
}

export function sameShard(a: Shard, b: Shard): boolean {
  return JSON.stringify(sortedShard(a)) === JSON.stringify(sortedShard(b));
}

function sortedShard(shard: Shard): Shard {
  return shardFrom(Object.entries(shard).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
