import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { DAY, HOUR } from '@/tests/unit/feeds';
import { readFeedCache, readMarks, setSettings } from '@/tests/unit/store';
import type { Article } from '../feed/article';
import { buildDigest } from '../digest/digest';
import { refreshBadge } from '../sync/badge';
import { prepareStore, resetPreparedStore } from '../sync/prepareStore';
import { readAllMarks, readStates } from '@/tests/unit/store';
import { defaultSettings, type Settings } from './settings';
import { readQuarantine, flushQuarantine } from './quarantine';
import { feedStateV1toV2, STORE_VERSION, STORE_VERSION_KEY } from './migrate';
import { readIndex } from './storeIndex';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const post = (id: string, at: number, extra: Partial<Article> = {}): Article => ({
  id,
  title: `Post ${id}`,
  summary: `About ${id}`,
  url: `https://blog.test/${id}`,
  sourceUrl: `https://www.reuters.com/world/${id}/`,
  sourceDomain: 'reuters.com',
  tags: ['ai'],
  publishedAt: at,
  authors: [],
  ...extra,
});

/** The settings every stored layout here belongs to: two followed feeds, alpha and beta. */
const twoFeedSettings = (): Settings => ({
  ...defaultSettings(),
  feeds: [
    { id: 'alpha', url: 'https://alpha.test/feed.json', addedAt: 0 },
    { id: 'beta', url: 'https://beta.test/feed.xml', addedAt: 0 },
  ],
});

/** Storage as the previous release (store v2) left it: one cache item, one read state, the notified record. */
async function seedV2Store() {
  await setSettings(twoFeedSettings());
  await browser.storage.local.set({
    feedCache: {
      alpha: {
        info: { title: 'Alpha Desk' },
        articles: [post('a3', NOW - HOUR), post('a2', NOW - 2 * HOUR), post('a1', NOW - 30 * DAY)],
        problems: [],
        validators: { etag: '"v7"' },
        lastSuccessAt: NOW - HOUR,
      },
      beta: {
        info: { title: 'Beta Desk' },
        // One malformed post (no title, a date that is text): it alone is set aside.
        articles: [post('b2', NOW - 3 * HOUR), { id: 'broken', publishedAt: 'yesterday' }, post('b1', NOW - 4 * HOUR)],
        problems: [{ item: 'x', reason: 'no link' }],
        validators: {},
        lastSuccessAt: NOW - HOUR,
        error: { kind: 'http', message: 'HTTP 500', at: NOW - 10 * 60e3 },
        failingSince: NOW - 10 * 60e3,
        failureCount: 2,
        nextAttemptAt: NOW + HOUR,
      },
    },
    feedCache$: { v: 2 },
    feedCacheHead: { alpha: { articles: [], problems: [], validators: {} } },
    readState: {
      seen: ['alpha a2', 'beta b2'],
      read: ['alpha a2'],
      before: { alpha: NOW - 7 * DAY },
      unread: ['alpha a1'],
    },
    notified: { keys: ['alpha a3', 'alpha a2'] },
  });
}

describe('store migration v2 → v3', () => {
  it('moves every feed, post and mark to per-feed keys and keeps what the reader sees', async () => {
    await seedV2Store();
    resetPreparedStore();
    await prepareStore();
    await flushQuarantine();

    const all = await browser.storage.local.get(null);
    expect(all[STORE_VERSION_KEY]).toBe(STORE_VERSION);
    for (const old of ['feedCache', 'feedCache$', 'feedCacheHead', 'readState', 'notified'])
      expect(all).not.toHaveProperty(old);

    const cache = await readFeedCache();
    expect(cache.alpha!.articles.map((a) => [a.id, a.seq])).toEqual([
      ['a3', 3],
      ['a2', 2],
      ['a1', 1],
    ]);
    expect(cache.alpha).toMatchObject({
      info: { title: 'Alpha Desk' },
      validators: { etag: '"v7"' },
      count: 3,
      seq: 3,
    });
    expect(cache.beta!.articles.map((a) => a.id)).toEqual(['b2', 'b1']);
    expect(cache.beta).toMatchObject({ failureCount: 2, nextAttemptAt: NOW + HOUR, error: { kind: 'http' } });

    // Read marks: the same posts read and unread as before.
    const digest = buildDigest(twoFeedSettings().feeds, cache, await readAllMarks());
    expect(
      Object.fromEntries(digest.map((e) => [e.article.id, [e.read ? 'read' : 'unread', e.seen ? 'seen' : 'new']])),
    ).toEqual({
      a3: ['unread', 'new'],
      a2: ['read', 'seen'],
      a1: ['unread', 'seen'], // covered by the first-sync cutoff, but marked unread again
      b2: ['unread', 'seen'],
      b1: ['unread', 'new'],
    });
    expect(await readMarks('alpha')).toMatchObject({ before: NOW - 7 * DAY, unread: ['a1'] });

    // The index counts what the old badge counted: a3 and b1.
    expect((await readIndex()).feeds).toMatchObject({ alpha: { unseen: 1, seq: 3 }, beta: { unseen: 1, seq: 2 } });
    expect(await refreshBadge()).toBe(2);

    // The malformed post is kept aside for a bug report, not lost silently.
    const aside = await readQuarantine();
    expect(aside.map((entry) => entry.where)).toContain('feedCache.beta');
    expect(aside.find((entry) => entry.where === 'feedCache.beta')?.raw).toContain('broken');
  });

  it('is idempotent: a second run (or a run cut off and started again) changes nothing', async () => {
    await seedV2Store();
    resetPreparedStore();
    await prepareStore();
    const once = await browser.storage.local.get(null);
    resetPreparedStore();
    await prepareStore();
    expect(await browser.storage.local.get(null)).toEqual(once);
  });

  it('also takes a v1 cache (Retry-After kept as `retryAfter`, no failure count)', () => {
    expect(
      feedStateV1toV2({ articles: [], retryAfter: 5, error: { kind: 'http', message: 'x', at: 1 } }),
    ).toMatchObject({
      nextAttemptAt: 5,
      failureCount: 1,
    });
  });

  it('moves a v1 cache to the per-feed store through v2: Retry-After as nextAttemptAt, a failure count, the rest as it was', async () => {
    const failing = { kind: 'http', status: 429, message: 'slow down', at: NOW };
    await setSettings(twoFeedSettings());
    // The v1 layout as WXT kept it: `retryAfter`, no `failureCount`, the item's version beside it.
    await browser.storage.local.set({
      feedCache: {
        alpha: {
          articles: [post('x', NOW)],
          problems: [],
          validators: {},
          error: failing,
          failingSince: NOW,
          retryAfter: NOW + HOUR,
        },
        beta: {
          articles: [post('y', NOW), post('z', NOW - HOUR)],
          problems: [],
          validators: { etag: '"e"' },
          lastSuccessAt: NOW,
        },
      },
      feedCache$: { v: 1 },
      readState: { seen: ['beta y'], read: ['beta y'] },
    });
    resetPreparedStore();
    await prepareStore();
    const cache = await readFeedCache();
    expect(cache.alpha).toMatchObject({
      error: failing,
      failingSince: NOW,
      nextAttemptAt: NOW + HOUR,
      failureCount: 1,
    });
    expect(cache.alpha).not.toHaveProperty('retryAfter');
    expect(cache.beta).toMatchObject({ lastSuccessAt: NOW, validators: { etag: '"e"' } });
    expect(cache.beta).not.toHaveProperty('failureCount');
    expect(cache.beta).not.toHaveProperty('nextAttemptAt');
    expect(await readStates()).toEqual({ x: 'unread', y: 'read', z: 'unread' });
    expect(await refreshBadge()).toBe(2);
  });

  it('a fresh install has nothing to move and writes only the version', async () => {
    resetPreparedStore();
    await prepareStore();
    const all = await browser.storage.local.get(null);
    expect(Object.keys(all).filter((key) => key !== 'settings' && !key.endsWith('$'))).toEqual(
      expect.arrayContaining([STORE_VERSION_KEY]),
    );
    expect(Object.keys(all).some((key) => key.startsWith('posts:'))).toBe(false);
  });
});
