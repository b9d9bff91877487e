// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Article } from '@/lib/feed/article';
import { emptyMarks } from '@/lib/store/marks';
import { popupPrefsItem } from '@/lib/store/popupPrefs';
import { defaultSettings, type FeedConfig, type Settings } from '@/lib/store/settings';
import { seedStore, setSettings } from '@/tests/unit/store';
import { startEarlyRead, takeEarlyRead } from './earlyRead';
import { firstScreenOf, type FirstScreen } from './firstScreen';
import { SNAPSHOT_KEY, SNAPSHOT_VERSION, snapshotKeeper } from './firstScreenSnapshot';

// The kept first screen (./firstScreenSnapshot.ts) saves an opening the work of composing it, and must never show
// anything the stored values no longer say: each change a reader or a sync makes is drawn as if nothing were kept.

const g = globalThis as unknown as Record<string, unknown>;
const NOW = Date.UTC(2026, 11, 6, 9);
const HOUR = 3600e3;
const facts = { now: NOW, locale: 'en', online: true, canOpenSidePanel: false };

const post = (id: string, hoursAgo: number, more: Partial<Article> = {}): Article => ({
  id,
  title: `Post ${id}`,
  summary: `What post ${id} says.`,
  tags: [],
  authors: [],
  url: `https://blog.test/${id}`,
  publishedAt: NOW - hoursAgo * HOUR,
  ...more,
});

const feeds: FeedConfig[] = [
  { id: 'one', url: 'https://one.test/feed.json', title: 'One', addedAt: 0 },
  { id: 'two', url: 'https://two.test/feed.json', title: 'Two', addedAt: 0 },
];
const settings: Settings = { ...defaultSettings(), feeds };
const onePosts = [post('a', 1), post('b', 3, { title: 'Crypto giveaway' }), post('c', 5)];
const twoPosts = [post('d', 2), post('e', 4)];

/** One opening's first screen: the early read, answered, then composed with the page's snapshot. */
async function opening(): Promise<FirstScreen | undefined> {
  delete g.__aiSafetyBriefEarlyRead;
  startEarlyRead();
  await takeEarlyRead()!.settled;
  return firstScreenOf(takeEarlyRead()!, facts, snapshotKeeper('en'));
}

/** The same stored values composed afresh, nothing kept: what the opening must show. */
async function composedAfresh(): Promise<FirstScreen | undefined> {
  delete g.__aiSafetyBriefEarlyRead;
  startEarlyRead();
  await takeEarlyRead()!.settled;
  return firstScreenOf(takeEarlyRead()!, facts);
}

const kept = () => JSON.parse(localStorage.getItem(SNAPSHOT_KEY) ?? 'null') as { fingerprint: string } | null;

/** An opening, and the snapshot it keeps once its frame has painted. */
async function openAndKeep() {
  const before = kept()?.fingerprint;
  const screen = await opening();
  await vi.waitFor(() => expect(kept()?.fingerprint).not.toBe(before));
  return screen;
}

const titles = (screen: FirstScreen | undefined) => screen?.entries.map((entry) => entry.article.title);

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  g.browser = fakeBrowser;
  localStorage.clear();
  await setSettings(settings);
  await seedStore({ one: { articles: onePosts }, two: { articles: twoPosts } }, {});
});
afterEach(() => {
  vi.useRealTimers();
  fakeBrowser.reset();
  delete g.browser;
  delete g.__aiSafetyBriefEarlyRead;
});

describe('the kept first screen', () => {
  it('is drawn by the next opening of the same stored values, as composed afresh', async () => {
    const first = await openAndKeep();
    expect(titles(first)).toEqual(['Post a', 'Post d', 'Crypto giveaway', 'Post e', 'Post c']);

    // Drawn from the snapshot: a title changed in the snapshot alone shows.
    const snapshot = JSON.parse(localStorage.getItem(SNAPSHOT_KEY)!);
    snapshot.screen.entries[0].article.title = 'From the snapshot';
    localStorage.setItem(SNAPSHOT_KEY, JSON.stringify(snapshot));
    expect(titles(await opening())?.[0]).toBe('From the snapshot');

    snapshot.screen.entries[0].article.title = 'Post a';
    localStorage.setItem(SNAPSHOT_KEY, JSON.stringify(snapshot));
    expect(await opening()).toEqual(first);
    expect(await composedAfresh()).toEqual(first);
  });

  it.each<[string, () => Promise<unknown>]>([
    ['a post read', () => seedStore({ one: { articles: onePosts } }, { one: { ...emptyMarks(), read: ['a'] } })],
    ['a rule muting a post', () => setSettings({ ...settings, rules: [{ kind: 'mute', text: 'crypto' }] })],
    ['a filter', () => popupPrefsItem.set({ unreadOnly: false, topicsOnly: false, tag: 'policy' })],
    ['a new post', () => seedStore({ two: { articles: [post('f', 0), ...twoPosts] } })],
    [
      'a post edited by a sync',
      () => seedStore({ two: { articles: [post('d', 2, { title: 'Post D' }), post('e', 4)], lastChangeAt: NOW } }),
    ],
    ['a feed removed', () => setSettings({ ...settings, feeds: feeds.slice(0, 1) })],
    [
      'a failing feed',
      () => seedStore({ two: { articles: twoPosts, error: { kind: 'network', message: 'Down', at: NOW } } }),
    ],
  ])('is never drawn after a change: %s', async (_, change) => {
    const before = await openAndKeep();
    await change();
    const after = await opening();
    expect(after).toEqual(await composedAfresh());
    expect(after).not.toEqual(before);
  });

  it('leaves out a post a rule mutes from the first opening after the rule', async () => {
    await openAndKeep();
    await setSettings({ ...settings, rules: [{ kind: 'mute', text: 'crypto' }] });
    const screen = await opening();
    expect(titles(screen)).not.toContain('Crypto giveaway');
    expect(screen?.muted).toBe(1);
  });

  it('is ignored, and replaced, when it fails its schema or is of another version', async () => {
    const first = await openAndKeep();
    const snapshot = JSON.parse(localStorage.getItem(SNAPSHOT_KEY)!);

    localStorage.setItem(SNAPSHOT_KEY, JSON.stringify({ ...snapshot, version: SNAPSHOT_VERSION + 1 }));
    expect(await opening()).toEqual(first);

    const bad = structuredClone(snapshot);
    bad.screen.entries[0].article.publishedAt = 'yesterday';
    bad.screen.entries[0].article.title = 'From a broken snapshot';
    localStorage.setItem(SNAPSHOT_KEY, JSON.stringify(bad));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await opening()).toEqual(first);
    expect(warn).toHaveBeenCalled();
    await vi.waitFor(() => expect(JSON.parse(localStorage.getItem(SNAPSHOT_KEY)!)).toEqual(snapshot));

    localStorage.setItem(SNAPSHOT_KEY, '{not json');
    expect(await opening()).toEqual(first);
  });

  it('is not taken by another version of the extension, whose code may compose the screen otherwise', async () => {
    await openAndKeep();
    const snapshot = JSON.parse(localStorage.getItem(SNAPSHOT_KEY)!);
    snapshot.screen.entries[0].article.title = 'From the snapshot';
    localStorage.setItem(SNAPSHOT_KEY, JSON.stringify(snapshot));
    delete g.__aiSafetyBriefEarlyRead;
    startEarlyRead();
    await takeEarlyRead()!.settled;
    const keeper = snapshotKeeper('en');
    const screen = firstScreenOf(takeEarlyRead()!, facts, { ...keeper, context: `2.0.0 ${keeper.context}` });
    expect(titles(screen)?.[0]).toBe('Post a');
  });

  it('is removed once the stored values show no list of posts (every feed unfollowed)', async () => {
    await openAndKeep();
    await setSettings({ ...settings, feeds: [] });
    expect(await opening()).toBeUndefined();
    await vi.waitFor(() => expect(localStorage.getItem(SNAPSHOT_KEY)).toBeNull());
  });
});
