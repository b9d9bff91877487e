import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { DAY, HOUR } from '@/tests/unit/feeds';
import { readFeedCache, readAllMarks, setSettings } from '@/tests/unit/store';
import {
  freshStoreFollowing,
  pollAnswer,
  runStoreStep,
  settingsFollowing,
  STEPS_START,
  storeStepArbs,
  type StoreStep,
} from '@/tests/unit/storeSteps';
import type { FetchOutcome } from '../net/fetchFeed';
import { countUnseen, emptyMarks } from '../store/marks';
import { readIndex } from '../store/storeIndex';
import { commitFeed, forgetFeeds, trimFeed } from './commit';
import { markAllRead } from './readMarks';
import { serialized } from '../store/serialize';

// The index (per-feed unseen counts and arrival numbers) is kept in step with every write instead of recounted
// from the archive. These properties hold it to a full recount after any sequence of the steps that touch it,
// run one after another and all at once (the serialized steps must not lose each other's writes).

const NOW = STEPS_START;
const FEEDS = ['f1', 'f2', 'f3'];

/** Beside the common steps: every feed read at once, a feed trimmed to its newest posts, a feed removed. */
type Step =
  StoreStep | { kind: 'readAll' } | { kind: 'trim'; feed: string; keep: number } | { kind: 'remove'; feed: string };

const common = storeStepArbs(FEEDS, 30, { unread: true });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: common.commit },
  { weight: 2, arbitrary: common.seen },
  { weight: 2, arbitrary: common.read },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('readAll' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('trim' as const),
      feed: fc.constantFrom(...FEEDS),
      keep: fc.integer({ min: 1, max: 10 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), feed: fc.constantFrom(...FEEDS) }) },
);

function run(step: Step, i: number): Promise<unknown> {
  switch (step.kind) {
    case 'readAll':
      return markAllRead(FEEDS);
    case 'trim':
      return trimFeed(step.feed, step.keep);
    case 'remove':
      return serialized(() => forgetFeeds([step.feed]));
    default:
      return runStoreStep(step, i);
  }
}

/** The index as a full recount from every post and mark would have it. */
async function recount() {
  const [cache, marks] = await Promise.all([readFeedCache(), readAllMarks()]);
  return Object.fromEntries(
    Object.entries(cache).map(([feedId, view]) => [
      feedId,
      { unseen: countUnseen(marks[feedId] ?? emptyMarks(), view.articles), seq: view.seq },
    ]),
  );
}

async function indexed() {
  const index = await readIndex();
  return Object.fromEntries(
    Object.entries(index.feeds).map(([feedId, entry]) => [feedId, { unseen: entry.unseen, seq: entry.seq }]),
  );
}

describe('the store index', () => {
  const settings = settingsFollowing(FEEDS);

  it('equals a full recount after any sequence of commits, read marks, trims and removals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 14 }), async (steps) => {
        await freshStoreFollowing(FEEDS);
        for (const [i, step] of steps.entries()) await run(step, i);
        expect(await indexed()).toEqual(await recount());
      }),
      { numRuns: 60 },
    );
  });

  it('equals a full recount when the same steps run all at once (each read-modify-write is serialized)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 2, maxLength: 14 }), async (steps) => {
        await freshStoreFollowing(FEEDS);
        await Promise.all(steps.map((step, i) => run(step, i)));
        expect(await indexed()).toEqual(await recount());
      }),
      { numRuns: 60 },
    );
  });

  it('a commit that adds one post to one feed writes only that feed and the index', async () => {
    await setSettings(settings);
    for (const feed of FEEDS) await commitFeed(feed, pollAnswer([1, 2, 3], NOW), NOW, { pollMs: HOUR });
    const written: string[] = [];
    browser.storage.onChanged.addListener((changes, area) => area === 'local' && written.push(...Object.keys(changes)));
    await commitFeed('f2', pollAnswer([0, 1, 2, 3], NOW + DAY), NOW + DAY, { pollMs: HOUR });
    // These posts cite no source: the feed's source index is as it was, and is not written. The popup's composed
    // first screen is set aside in the same write (lib/store/feedWrites.ts).
    expect(written.sort()).toEqual(['composedScreen', 'feed:f2', 'posts:f2/0', 'storeIndex']);
  });

  it('a post arriving in a feed of many pages rewrites the newest page only; trimming removes emptied pages', async () => {
    await setSettings(settings);
    const archive = Array.from({ length: 120 }, (_, n) => n + 1);
    await commitFeed('f1', pollAnswer(archive, NOW), NOW, { pollMs: HOUR });
    const pages = () =>
      browser.storage.local.get(null).then((all) =>
        Object.keys(all)
          .filter((key) => key.startsWith('posts:'))
          .sort(),
      );
    expect(await pages()).toEqual(['posts:f1/0', 'posts:f1/1', 'posts:f1/2']);
    const written: string[] = [];
    browser.storage.onChanged.addListener((changes, area) => area === 'local' && written.push(...Object.keys(changes)));
    await commitFeed('f1', pollAnswer([0, ...archive], NOW), NOW + DAY, { pollMs: HOUR });
    expect(written.filter((key) => key.startsWith('posts:'))).toEqual(['posts:f1/2']);
    expect((await readFeedCache()).f1!.articles).toHaveLength(121);

    // The 21 newest posts are the last ones to arrive: pages 0 and 1 (arrivals 1–100) empty out and go.
    expect(await trimFeed('f1', 21)).toBe(100);
    expect(await pages()).toEqual(['posts:f1/2']);
    expect((await readFeedCache()).f1!.articles.map((post) => post.id)).toEqual(
      Array.from({ length: 21 }, (_, n) => `p${n}`),
    );
  });

  it('a commit reads no archive page the worker already holds; a record written elsewhere makes it read again', async () => {
    await setSettings(settings);
    const archive = Array.from({ length: 120 }, (_, n) => n + 1);
    await commitFeed('f1', pollAnswer(archive, NOW), NOW, { pollMs: HOUR });
    const pagesRead: string[] = [];
    const get = browser.storage.local.get.bind(browser.storage.local) as (
      keys: string | string[] | null,
    ) => Promise<Record<string, unknown>>;
    vi.spyOn(browser.storage.local, 'get').mockImplementation(((keys: string | string[] | null) => {
      pagesRead.push(...[keys ?? []].flat().filter((key) => String(key).startsWith('posts:')));
      return get(keys);
    }) as typeof browser.storage.local.get);
    await commitFeed('f1', pollAnswer([0, ...archive], NOW), NOW + DAY, { pollMs: HOUR });
    expect(pagesRead).toEqual([]);

    // Another writer (a restored backup, a tool) changes the record: the worker's copy no longer answers for it.
    const record = (await get('feed:f1'))['feed:f1'] as { count: number };
    await browser.storage.local.set({ 'feed:f1': { ...record, count: record.count + 1 } });
    await commitFeed('f1', pollAnswer([-1, 0, ...archive], NOW), NOW + 2 * DAY, { pollMs: HOUR });
    expect(pagesRead.sort()).toEqual(['posts:f1/0', 'posts:f1/1', 'posts:f1/2']);
    expect((await readFeedCache()).f1!.articles).toHaveLength(122);
  });

  it('the same posts again, or a 304, write nothing', async () => {
    await setSettings(settings);
    await commitFeed('f1', pollAnswer([1, 2, 3], NOW), NOW, { pollMs: HOUR });
    const written: string[] = [];
    browser.storage.onChanged.addListener((changes, area) => area === 'local' && written.push(...Object.keys(changes)));
    await commitFeed('f1', pollAnswer([1, 2, 3], NOW), NOW + HOUR, { pollMs: HOUR });
    await commitFeed('f1', { ok: true, notModified: true, validators: {} } as FetchOutcome, NOW + 2 * HOUR, {
      pollMs: HOUR,
    });
    expect(written).toEqual([]);
  });
});
