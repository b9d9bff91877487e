import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { mirrorSettingsNow } from '@/tests/unit/store';
import { createBackup, readBackup } from '../io/backup';
import { feedsFromOpml } from '../io/opml';
import {
  adoptSyncedSettings,
  defaultSettings,
  localSettingsItem,
  settingsItem,
  updateSettings,
} from '../store/settings';
import { createPageHandlers } from '../router/router';
import { feedAddress, parseHttpUrl, resolveHttpUrl, withoutCredentials } from './url';

// A user name and password in a feed's address (`http://alice:s3cret@host/feed.json`) are never stored, sent,
// synced or shown: refused where the reader types them, dropped from files and from what other browsers sync.

const SECRET = /alice|s3cret/;

describe('URLs with credentials', () => {
  it('are not links: the parser drops them, also when a relative link inherits them from its base', () => {
    expect(resolveHttpUrl('http://alice:s3cret@blog.test/feed.json')).toBeUndefined();
    expect(resolveHttpUrl('https://reuters.com@evil.test/story')).toBeUndefined();
    expect(resolveHttpUrl('/post/1', 'https://alice:s3cret@blog.test/feed.json')).toBeUndefined();
    expect(parseHttpUrl('https://blog.test/post/1')?.href).toBe('https://blog.test/post/1');
  });

  it('are refused as a feed address, in words that do not repeat them', () => {
    const refused = feedAddress(' http://alice:s3cret@blog.test/feed.json ');
    expect(refused).toMatchObject({ ok: false, error: { code: 'err_feedCredentials' } });
    expect(JSON.stringify(refused)).not.toMatch(SECRET);
    expect(feedAddress('https://alice@blog.test/feed.json')).toMatchObject({
      ok: false,
      error: { code: 'err_feedCredentials' },
    });
    expect(feedAddress('ftp://alice:s3cret@blog.test/feed')).toMatchObject({
      ok: false,
      error: { code: 'err_notHttp' },
    });
    expect(feedAddress('https://blog.test/feed.json')).toEqual({ ok: true, url: 'https://blog.test/feed.json' });
  });

  it('lose them when read from a file', () => {
    expect(withoutCredentials('http://alice:s3cret@blog.test/feed.json')).toBe('http://blog.test/feed.json');
    expect(withoutCredentials('/demo-feed.json')).toBe('/demo-feed.json');
    const opml = `<?xml version="1.0"?><opml version="2.0"><head/><body>
      <outline text="Private" xmlUrl="http://alice:s3cret@blog.test/feed.json"/>
      <outline text="Same feed again" xmlUrl="http://blog.test/feed.json"/></body></opml>`;
    expect(feedsFromOpml(opml)).toEqual({
      ok: true,
      skipped: 0,
      feeds: [{ url: 'http://blog.test/feed.json', title: 'Private' }],
    });

    const backup = createBackup(
      { ...defaultSettings(), feeds: [{ id: 'p', url: 'https://blog.test/feed.json', addedAt: 0 }] },
      { seen: [], read: [] },
    ).replace('https://blog.test/', 'https://alice:s3cret@blog.test/');
    expect(backup).toMatch(SECRET);
    const read = readBackup(backup);
    expect(read.ok && read.backup.settings.feeds.map((feed) => feed.url)).toEqual(['https://blog.test/feed.json']);
  });
});

describe('a feed address with credentials', () => {
  it('is refused by addFeed before anything is fetched or saved', async () => {
    const server = fakeFetch({ 'http://blog.test/feed.json': { body: jsonFeed([item('a', Date.now())]) } });
    const handlers = createPageHandlers({ fetchImpl: server.impl });
    const before = await settingsItem.get();
    const answer = await handlers.addFeed({ type: 'addFeed', url: 'http://alice:s3cret@blog.test/feed.json' });
    expect(answer).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/^This address contains a user name or password\./) },
    });
    expect(JSON.stringify(answer)).not.toMatch(SECRET);
    expect(server.requests).toEqual([]);
    expect(await settingsItem.get()).toEqual(before);
  });

  it('arriving from another browser through storage.sync is kept here, and mirrored back, without them', async () => {
    const synced = {
      ...defaultSettings(),
      feeds: [{ id: 'p', url: 'https://alice:s3cret@blog.test/feed.json', addedAt: 0 }],
    };
    await browser.storage.sync.set({ settings: synced });
    expect(await adoptSyncedSettings()).toBe(true);
    expect((await localSettingsItem.get()).feeds[0]!.url).toBe('https://blog.test/feed.json');
    // The reader's next change here (an update that changes nothing writes nothing) goes back to sync clean.
    await updateSettings((settings) => ({ ...settings, pollMinutes: settings.pollMinutes + 30 }));
    await mirrorSettingsNow();
    const stored = JSON.stringify([await browser.storage.local.get(null), await browser.storage.sync.get(null)]);
    expect(stored).toContain('https://blog.test/feed.json');
    expect(stored).not.toMatch(SECRET);
  });
});
