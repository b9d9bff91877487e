import { browser } from 'wxt/browser';
import { setLocalValues } from '../store/feedWrites';
import { marksKey } from '../store/feedStore';
import { markerOf, withSyncedState } from '../store/marks';
import {
  fitShard,
  joinShards,
  parseShard,
  sameShard,
  SHARD_COUNT,
  shardKey,
  shardNumberOf,
  shardFrom,
  shardOf,
  stateIn,
  type Shard,
} from '../store/readStateShards';
import { setAside } from '../store/quarantine';
import { serialized } from '../store/serialize';
import { settingsItem } from '../store/settings';
import { parseMarks } from '../store/storedMarks';
import { INDEX_KEY, type StoreIndex } from '../store/storeIndex';
import { emptySyncedState, joinStates, sameState, type SyncedFeedState } from '../store/syncedReadState';
import { refreshBadge } from './badge';
import { indexEntry, readSnapshot } from './commit';
import { writeLocal } from '../store/localChanges';

// Over 200 lines on purpose: the synced read state's two directions (out in batches, in as joins) and the
// pending-shards record they share.

// The background's side of the synced read state (the rules are in lib/store/syncedReadState.ts): this browser's
// changes go out in batches, other browsers' changes come in through `storage.onChanged`, and both are joins, so
// the order in which browsers see each other's writes does not matter.
//
// Writes are batched to stay far from `storage.sync`'s write limits (120 a minute, 1,800 an hour): the first
// change waits FLUSH_DELAY_MS for others, one `set` writes every shard that changed, and two writes are at least
// MIN_FLUSH_GAP_MS apart (at most 360 an hour). The shards waiting to be written are kept in `storage.local`,
// so a write refused (quota, rate, offline) or a worker stopped before its timer loses nothing: the next change,
// poll or start-up writes them.

export const FLUSH_DELAY_MS = 3_000;
export const MIN_FLUSH_GAP_MS = 10_000;
export const RETRY_MS = 60_000;

/** `storage.local`: shard number → when it last changed here, for the shards not yet written to sync. */
const PENDING_KEY = 'readStatePending';

/** A shard read from sync: a malformed feed's state is dropped alone, logged and kept aside. */
function readShard(raw: unknown, where: string): Shard {
  const { shard, dropped } = parseShard(raw);
  for (const bad of dropped) setAside(where, `feed ${bad.feedId}: ${bad.reason}`, bad.raw);
  return shard;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let lastFlushAt = Number.NEGATIVE_INFINITY;
let flushing: Promise<boolean> | undefined;

type Pending = Record<string, number>;

async function readPending(): Promise<Pending> {
  const raw = (await browser.storage.local.get(PENDING_KEY))[PENDING_KEY];
  if (!raw || typeof raw !== 'object') return {};
  return Object.fromEntries(
    Object.entries(raw).filter(([shard, at]) => shardNumberOf(shardKey(Number(shard))) !== undefined && Number(at)),
  );
}

/** Forgets the timer and the last write's time (the worker's memory; tests start each case from none). */
export function forgetReadStateTimers(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  lastFlushAt = Number.NEGATIVE_INFINITY;
}

/** Feeds whose synced state changed here: their shards are written to sync soon. */
export async function noteReadStateChanged(feedIds: string[]): Promise<void> {
  if (!feedIds.length) return;
  await serialized(async () => {
    const pending = await readPending();
    for (const feedId of feedIds) pending[shardOf(feedId)] = Math.max(Date.now(), (pending[shardOf(feedId)] ?? 0) + 1);
    await writeLocal({ [PENDING_KEY]: pending });
  });
  scheduleFlush(FLUSH_DELAY_MS);
}

function scheduleFlush(delay: number): void {
  if (timer !== undefined) return;
  const wait = Math.max(delay, lastFlushAt + MIN_FLUSH_GAP_MS - Date.now());
  timer = setTimeout(() => {
    timer = undefined;
    void flushReadState();
  }, wait);
}

/**
 * Writes the waiting shards to `storage.sync`, each joined with what sync holds now (another browser's write that
 * has not reached us yet is kept, not overwritten) and fitted to its budget, in one `set`. True when nothing is
 * left waiting.
 */
export function flushReadState(): Promise<boolean> {
  flushing ??= flushOnce().finally(() => (flushing = undefined));
  return flushing;
}

async function flushOnce(): Promise<boolean> {
  const pending = await readPending();
  const shards = Object.keys(pending).map(Number);
  if (!shards.length) return true;
  if (Date.now() < lastFlushAt + MIN_FLUSH_GAP_MS) {
    scheduleFlush(0);
    return false;
  }
  lastFlushAt = Date.now();
  const local = await localShards(new Set(shards));
  try {
    const stored = await browser.storage.sync.get(shards.map(shardKey));
    const values: Record<string, Shard> = {};
    for (const shard of shards) {
      const key = shardKey(shard);
      const current = readShard(stored[key], `sync:${key}`);
      const next = fitShard(joinShards(current, local[shard] ?? shardFrom()), key);
      if (!sameShard(next, current)) values[key] = next;
    }
    if (Object.keys(values).length) await browser.storage.sync.set(values);
  } catch (error) {
    console.warn('AI Safety Brief: could not sync the read state yet; it will try again.', error);
    scheduleFlush(RETRY_MS);
    return false;
  }
  // Only the shards that did not change again while this write was on its way are done.
  await serialized(async () => {
    const now = await readPending();
    for (const shard of shards) if (now[shard] === pending[shard]) delete now[shard];
    await writeLocal({ [PENDING_KEY]: now });
  });
  return true;
}

/** This browser's synced state of the followed feeds in `shards`, shard by shard. */
async function localShards(shards: Set<number>): Promise<Record<number, Shard>> {
  const feedIds = (await settingsItem.get()).feeds.map((feed) => feed.id).filter((id) => shards.has(shardOf(id)));
  const raw = await browser.storage.local.get(feedIds.map(marksKey));
  const local: Record<number, Shard> = {};
  for (const feedId of feedIds) {
    const synced = parseMarks(raw[marksKey(feedId)], marksKey(feedId)).synced;
    if (synced && !sameState(synced, emptySyncedState())) (local[shardOf(feedId)] ??= {})[feedId] = synced;
  }
  return local;
}

/**
 * Another browser's read state (a `storage.sync` change, or what sync holds at start-up): joined into this
 * browser's marks, the changed feeds' unseen counts recounted and the badge refreshed. When this browser knows
 * more than what arrived, its shards are written back, so both end up with the join.
 */
export async function receiveReadState(values: Record<string, unknown>): Promise<void> {
  const incoming = shardFrom();
  for (const [key, value] of Object.entries(values)) {
    if (shardNumberOf(key) !== undefined) Object.assign(incoming, readShard(value, `sync:${key}`));
  }
  if (!Object.keys(incoming).length) return;
  // By own property only: a followed feed whose id is `constructor` must find its own state, not Object's.
  const followed = (await settingsItem.get()).feeds.map((feed) => feed.id).filter((id) => stateIn(incoming, id));
  if (!followed.length) return;
  const knownBetterHere = await serialized(async () => {
    // The marks first, in one read: only the feeds whose state the change moves are read further (their posts, to
    // recount), so a start-up that finds nothing new reads no archive.
    const raw = await browser.storage.local.get(followed.map(marksKey));
    const better: string[] = [];
    const moved = new Map<string, SyncedFeedState>();
    for (const feedId of followed) {
      const local = parseMarks(raw[marksKey(feedId)], marksKey(feedId)).synced;
      const theirs = stateIn(incoming, feedId)!;
      const joined = joinStates(local ?? emptySyncedState(), theirs);
      if (!sameState(joined, theirs)) better.push(feedId);
      if (!sameState(joined, local)) moved.set(feedId, joined);
    }
    const written: Record<string, unknown> = {};
    let index: StoreIndex | undefined;
    for (const [feedId, joined] of moved) {
      const snapshot = await readSnapshot(feedId);
      index ??= snapshot.index;
      const marks = withSyncedState(snapshot.marks, joined, snapshot.view?.seq ?? 0);
      written[marksKey(feedId)] = marks;
      if (!snapshot.view) continue;
      // Posts seen elsewhere leave the badge and the notifications waiting here.
      const marker = markerOf(marks);
      const feeds = { ...index.feeds, [feedId]: indexEntry(snapshot.view, marks, snapshot.hides) };
      const pending = index.pending.filter((post) => post.feedId !== feedId || !marker.isSeen(post));
      index = { feeds, pending };
      written[INDEX_KEY] = index;
    }
    if (Object.keys(written).length) await setLocalValues(written);
    return better;
  });
  await refreshBadge();
  await noteReadStateChanged(knownBetterHere);
}

/** At start-up: what sync holds now (changes made while this browser was closed), then what waits to go out. */
export async function catchUpReadState(): Promise<void> {
  try {
    const keys = Array.from({ length: SHARD_COUNT }, (_, shard) => shardKey(shard));
    await receiveReadState(await browser.storage.sync.get(keys));
  } catch (error) {
    console.warn('AI Safety Brief: could not read the synced read state.', error);
  }
  await flushReadState();
}
