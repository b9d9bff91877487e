import fc from 'fast-check';
import { browser } from 'wxt/browser';
import type { FetchOutcome } from '@/lib/net/fetchFeed';
import { defaultSettings, type FeedConfig, type Settings } from '@/lib/store/settings';
import { commitFeed } from '@/lib/sync/commit';
import { markAllSeen, setRead } from '@/lib/sync/readMarks';
import { fetchedFeed, HOUR, item, type JsonFeedItemInput } from './feeds';
import { setSettings } from './store';

// The steps a reader's store goes through in the property tests (lib/sync/storeIndex.property.test.ts,
// lib/rules/rules.property.test.ts): posts arriving in a feed, the popup marking feeds seen, posts read. Each test
// adds its own steps (trims and removals, rule changes) and runs these through `runStoreStep`.

/** When the first step runs; step i runs i hours later, so each commit is a later poll. */
export const STEPS_START = Date.parse('2026-11-20T12:00:00Z');

/** A poll of `feed` answered with posts `p<n>` for each n in `ids`, post n published n hours before the poll. */
export type CommitStep = { kind: 'commit'; feed: string; ids: number[] };
/** The popup shown with these feeds: their posts so far are seen. */
export type SeenStep = { kind: 'seen'; feeds: string[] };
/** Posts `p<n>` of `feed` marked read (or unread again). */
export type ReadStep = { kind: 'read'; feed: string; ids: number[]; read: boolean };
export type StoreStep = CommitStep | SeenStep | ReadStep;

/**
 * The arbitraries of the common steps over `feeds`, with post numbers 0 to `maxId`. `unread`: a read step may also
 * mark posts unread again (otherwise it only reads them). Each test weighs them in its own `fc.oneof`.
 */
export function storeStepArbs(feeds: readonly string[], maxId: number, { unread = false } = {}) {
  const feed = fc.constantFrom(...feeds);
  const id = fc.integer({ min: 0, max: maxId });
  return {
    commit: fc.record({
      kind: fc.constant('commit' as const),
      feed,
      ids: fc.uniqueArray(id, { maxLength: 8 }),
    }) satisfies fc.Arbitrary<CommitStep>,
    seen: fc.record({
      kind: fc.constant('seen' as const),
      feeds: fc.subarray([...feeds]),
    }) satisfies fc.Arbitrary<SeenStep>,
    read: fc.record({
      kind: fc.constant('read' as const),
      feed,
      ids: fc.array(id, { maxLength: 4 }),
      read: unread ? fc.boolean() : fc.constant(true),
    }) satisfies fc.Arbitrary<ReadStep>,
  };
}

/**
 * A poll at `at` answered with posts `p<n>` for each n in `ids`, post n published n hours earlier. `post(n)`: what
 * post n carries beyond `item`'s defaults (a test's subject, such as a word in its title).
 */
export function pollAnswer(
  ids: readonly number[],
  at: number,
  post: (n: number) => JsonFeedItemInput = () => ({}),
): FetchOutcome {
  return fetchedFeed(ids.map((n) => item(`p${n}`, at - n * HOUR, post(n))));
}

/** Runs step `i` through the extension's own code; `post` as for `pollAnswer`. */
export function runStoreStep(step: StoreStep, i: number, post?: (n: number) => JsonFeedItemInput): Promise<unknown> {
  const at = STEPS_START + i * HOUR;
  switch (step.kind) {
    case 'commit':
      return commitFeed(step.feed, pollAnswer(step.ids, at, post), at, { pollMs: HOUR });
    case 'seen':
      return markAllSeen(step.feeds);
    case 'read':
      return setRead(
        step.ids.map((n) => `${step.feed} p${n}`),
        step.read,
      );
  }
}

/** Settings that follow `feeds` (at https://blog.test/<id>.json), the rest as a new install has them. */
export function settingsFollowing(feeds: readonly string[]): Settings {
  return {
    ...defaultSettings(),
    feeds: feeds.map((id): FeedConfig => ({ id, url: `https://blog.test/${id}.json`, addedAt: 0 })),
  };
}

/** An empty store whose settings follow `feeds`: where each run of a property starts. */
export async function freshStoreFollowing(feeds: readonly string[]): Promise<void> {
  await browser.storage.local.clear();
  await setSettings(settingsFollowing(feeds));
}
