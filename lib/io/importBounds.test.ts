import { describe, expect, it } from 'vitest';
import { createPageHandlers } from '../router/router';
import { defaultSettings, settingsItem } from '../store/settings';
import { createBackup, readBackup } from './backup';
import { MAX_IMPORTED_FEEDS } from './limits';
import { feedsFromOpml } from './opml';

// A 20,000-feed OPML file froze the options page for up to 28 s, and its answer waited for every feed's fetch.
// One import takes at most MAX_IMPORTED_FEEDS feeds, says so when a file lists more, and answers before fetching.

const opmlOf = (count: number) =>
  `<?xml version="1.0"?><opml version="2.0"><head/><body>${Array.from(
    { length: count },
    (_, i) => `<outline text="Feed ${i}" xmlUrl="https://blog-${i}.test/feed.json"/>`,
  ).join('')}</body></opml>`;
const backupOf = (count: number) =>
  createBackup(
    {
      ...defaultSettings(),
      feeds: Array.from({ length: count }, (_, i) => ({
        id: `f${i}`,
        url: `https://blog-${i}.test/feed.json`,
        addedAt: i,
      })),
    },
    { seen: [], read: [] },
  );

describe('imports have a bound', () => {
  it(`an OPML file or backup of ${MAX_IMPORTED_FEEDS} feeds is read; one more is refused whole, saying the limit`, () => {
    expect(MAX_IMPORTED_FEEDS).toBe(2000);
    expect(feedsFromOpml(opmlOf(2000))).toMatchObject({ ok: true, skipped: 0 });
    expect(feedsFromOpml(opmlOf(20_000))).toEqual({
      ok: false,
      message: 'This file lists 20,000 feeds; the most one import takes is 2,000. Nothing was changed.',
    });
    expect(readBackup(backupOf(2000)).ok).toBe(true);
    expect(readBackup(backupOf(2001))).toEqual({
      ok: false,
      message: 'This file lists 2,001 feeds; the most one import takes is 2,000. Nothing was changed.',
    });
  });

  it('answers at once, before a single feed is fetched, and changes nothing for a file over the bound', async () => {
    const never = (() => new Promise<Response>(() => {})) as typeof fetch;
    const handlers = createPageHandlers({ fetchImpl: never });
    const before = await settingsItem.get();
    expect(await handlers.importOpml({ type: 'importOpml', text: opmlOf(20_000) })).toMatchObject({ ok: false });
    expect(await settingsItem.get()).toEqual(before);
    // The fetches never end here: the answer does not wait for them.
    expect(await handlers.importOpml({ type: 'importOpml', text: opmlOf(2000) })).toEqual({
      ok: true,
      added: 2000,
      skipped: 0,
    });
    expect(await handlers.importBackup({ type: 'importBackup', text: backupOf(300) })).toEqual({
      ok: true,
      feeds: 300,
    });
  });
});
