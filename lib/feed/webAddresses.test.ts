import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeFetch, item, jsonFeed } from '@/tests/unit/feeds';
import { mirrorSettingsNow } from '@/tests/unit/store';
import { createBackup, readBackup } from '../io/backup';
import { feedsFromOpml } from '../io/opml';
import { fetchFeed } from '../net/fetchFeed';
import { importFetchesDone } from '../router/importExport';
import { createPageHandlers } from '../router/router';
import { defaultSettings, feedIdFor, readSettingsRecords, settingsItem, updateSettings } from '../store/settings';
import { isWebAddress } from './url';

// Only http(s) feed addresses are stored, fetched or mirrored to storage.sync. A backup's `data:` feed used to be
// fetched and its post stored; `chrome-extension:`, `javascript:`, `file:` and `ftp:` fetches were attempted; all of
// them were mirrored. Each boundary refuses them now: the settings' schema (a bad entry is dropped alone, with its
// reason), the fetcher (before any request), and every way in (OPML, backup, discovery and add feed use
// `resolveHttpUrl`; see url.test.ts and credentials.test.ts for those two).

const NOT_WEB = [
  'data:application/json,{"version":"https://jsonfeed.org/version/1.1","items":[]}',
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop/demo-feed.json',
  'moz-extension://0c1d2e3f-0000-4000-8000-000000000000/demo-feed.json',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'ftp://files.test/feed.xml',
];
const GOOD = 'https://blog.test/feed.json';
const entry = (url: string, i: number) => ({ id: `f${i}`, url, addedAt: i });

describe('feed addresses that are not http(s)', () => {
  it('are not web addresses', () => {
    for (const url of NOT_WEB) expect(isWebAddress(url), url).toBe(false);
    expect(isWebAddress(GOOD)).toBe(true);
    expect(isWebAddress('/demo-feed.json')).toBe(false);
  });

  it('are dropped alone from stored settings, with the reason; the demo feed and web feeds stay', () => {
    const feeds = [defaultSettings().feeds[0], entry(GOOD, 0), ...NOT_WEB.map((url, i) => entry(url, i + 1))];
    const read = readSettingsRecords({ ...defaultSettings(), feeds });
    expect(read.value.feeds.map((feed) => feed.url)).toEqual(['/demo-feed.json', GOOD]);
    expect(read.badFeeds).toHaveLength(NOT_WEB.length);
  });

  it('are never mirrored to storage.sync, neither from this browser nor from a backup', async () => {
    await browser.storage.local.set({
      settings: { ...defaultSettings(), feeds: [entry(GOOD, 0), ...NOT_WEB.map((url, i) => entry(url, i + 1))] },
    });
    await updateSettings((settings) => ({ ...settings, pollMinutes: 30 }));
    await mirrorSettingsNow();
    const synced = JSON.stringify(await browser.storage.sync.get(null));
    expect(synced).toContain(GOOD);
    for (const url of NOT_WEB) expect(synced).not.toContain(url.slice(0, 12));
  });

  it('are refused by the fetcher before any request', async () => {
    const server = fakeFetch({});
    for (const url of NOT_WEB) {
      const outcome = await fetchFeed(url, { fetchImpl: server.impl });
      expect(outcome, url).toMatchObject({ ok: false, error: { kind: 'unsupported', code: 'err_feedNotWeb' } });
    }
    expect(server.requests).toEqual([]);
    // The demo feed's bundled file is the one exception, and only when the caller names it.
    const demo = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/demo-feed.json';
    const bundled = fakeFetch({ [demo]: { body: jsonFeed([]) } });
    expect(await fetchFeed(demo, { fetchImpl: bundled.impl, bundledUrl: demo })).toMatchObject({ ok: true });
  });

  it('from a backup: left out alone and named, never fetched or stored; the other feeds restored', async () => {
    const backup = JSON.parse(createBackup({ ...defaultSettings(), feeds: [entry(GOOD, 0)] }, { seen: [], read: [] }));
    backup.settings.feeds.push(...NOT_WEB.map((url, i) => entry(url, i + 1)));
    const text = JSON.stringify(backup);
    const read = readBackup(text);
    expect(read.ok && read.backup.settings.feeds.map((feed) => feed.url)).toEqual([GOOD]);
    expect(read.ok && read.leftOut).toEqual(
      NOT_WEB.map((url) => ({
        name: expect.stringContaining(url.slice(0, 12)),
        reason: expect.stringMatching(/http/),
      })),
    );

    const server = fakeFetch({ [GOOD]: { body: jsonFeed([item('a', Date.now())]) } });
    const handlers = createPageHandlers({ fetchImpl: server.impl });
    const answer = await handlers.importBackup({ type: 'importBackup', text });
    expect(answer).toMatchObject({ ok: true, feeds: 1, leftOut: expect.any(Array) });
    await importFetchesDone();
    expect(server.requests.map((request) => request.url)).toEqual([GOOD]);
    expect((await settingsItem.get()).feeds.map((feed) => feed.url)).toEqual([GOOD]);
    await mirrorSettingsNow();
    const stored = JSON.stringify([await browser.storage.local.get(null), await browser.storage.sync.get(null)]);
    for (const url of NOT_WEB) expect(stored).not.toContain(url.slice(0, 12));
  });

  it('from an OPML file or typed in: skipped or refused', async () => {
    const outlines = NOT_WEB.map((url) => `<outline text="x" xmlUrl="${url.replace(/"/g, '&quot;')}"/>`).join('');
    const opml = `<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="ok" xmlUrl="${GOOD}"/>${outlines}</body></opml>`;
    expect(feedsFromOpml(opml)).toEqual({ ok: true, skipped: NOT_WEB.length, feeds: [{ url: GOOD, title: 'ok' }] });
    const server = fakeFetch({});
    const handlers = createPageHandlers({ fetchImpl: server.impl });
    for (const url of NOT_WEB) {
      expect(await handlers.addFeed({ type: 'addFeed', url })).toMatchObject({ ok: false });
      expect((await settingsItem.get()).feeds.some((feed) => feed.id === feedIdFor(url))).toBe(false);
    }
    expect(server.requests).toEqual([]);
  });
});

describe('the answers remembered for feed addresses (every settings read checks every feed)', () => {
  // What the URL parser says, without the shortcut for canonical addresses or the remembered answers.
  const parserSays = (raw: string) => {
    try {
      const url = new URL(raw.trim());
      const web = (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      const credentials = url.username !== '' || url.password !== '';
      if (credentials) url.username = url.password = '';
      return { web, without: credentials ? url.href : raw };
    } catch {
      return { web: false, without: raw };
    }
  };
  const ADDRESSES = [
    GOOD,
    ' https://blog.test/feed.json ',
    'http://127.0.0.1:8080/feed.json',
    'https://alice:s3cret@blog.test/feed.json',
    'https://reuters.com@evil.example/feed',
    'https://blog.test/a/../feed.json',
    'https://xn--bcher-kva.example/feed',
    'HTTPS://BLOG.TEST/Feed',
    'https://blog.test',
    'https:///no-host',
    'not a url',
    ...NOT_WEB,
  ];

  it('are the parser’s answers, the first time and every time after', async () => {
    const { withoutCredentials } = await import('./url');
    for (let round = 0; round < 3; round++)
      for (const raw of ADDRESSES)
        expect({ web: isWebAddress(raw), without: withoutCredentials(raw) }, raw).toEqual(parserSays(raw));
  });
});
