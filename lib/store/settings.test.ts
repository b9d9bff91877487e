import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { mirrorSettingsNow } from '@/tests/unit/store';
import { browser } from 'wxt/browser';
import {
  adoptSyncedSettings,
  migrateSettingsV1toV2,
  SETTINGS_VERSION,
  SettingsSchema,
  defaultSettings,
  localSettingsItem,
  settingsAreSynced,
  settingsItem,
  syncedSettingsItem,
  updateSettings,
  type Settings,
} from './settings';

const withFeeds = (count: number): Settings => ({
  ...defaultSettings(),
  feeds: Array.from({ length: count }, (_, i) => ({
    id: `feed-${i}`,
    url: `https://blog-${i}.example.org/feeds/posts/all.json`,
    title: `Blog number ${i}`,
    addedAt: i,
  })),
});

describe('settings storage', () => {
  it('migrates v1 (local) to v2: feeds and interval kept, notifications off', async () => {
    await storage.setItem('local:settings', {
      feeds: [{ id: 'a', url: 'https://a.test/feed.json', title: 'A', addedAt: 5 }],
      pollMinutes: 180,
    });
    await storage.setMeta('local:settings', { v: 1 });
    // As at start-up after an update: the item runs its migrations (the module's own item ran them at import).
    const item = storage.defineItem<unknown>('local:settings', {
      fallback: null,
      version: SETTINGS_VERSION,
      migrations: { 2: migrateSettingsV1toV2 },
    });
    await item.migrate();
    expect(await storage.getMeta('local:settings')).toEqual({ v: 2 });
    expect(SettingsSchema.parse(await item.getValue())).toEqual({
      feeds: [{ id: 'a', url: 'https://a.test/feed.json', title: 'A', addedAt: 5 }],
      pollMinutes: 180,
      notifications: { enabled: false, quietHours: null },
    });
  });

  it('writes this browser’s copy and mirrors it to storage.sync', async () => {
    const value = withFeeds(3);
    await updateSettings(() => value);
    await mirrorSettingsNow();
    expect(await localSettingsItem.get()).toEqual(value);
    expect(await syncedSettingsItem.get()).toEqual(value);
    expect(await settingsAreSynced(value)).toBe(true);
  });

  it('keeps a feed list too big for storage.sync on this machine only', async () => {
    const big = withFeeds(120);
    await updateSettings(() => big);
    await mirrorSettingsNow();
    expect(await localSettingsItem.get()).toEqual(big);
    expect((await fakeBrowser.storage.sync.get('settings')).settings).toBeUndefined();
    expect(await settingsAreSynced(big)).toBe(false);
  });

  it('starts a fresh browser from the synced settings, and its first change keeps them', async () => {
    const value = withFeeds(2);
    await syncedSettingsItem.set(value);
    expect(await settingsItem.get()).toEqual(value);
    await updateSettings((current) => ({ ...current, pollMinutes: 180 }));
    await mirrorSettingsNow();
    expect(await localSettingsItem.get()).toEqual({ ...value, pollMinutes: 180 });
    expect(await syncedSettingsItem.get()).toEqual({ ...value, pollMinutes: 180 });
  });

  // The echo of this browser's own write is the next test's: here storage.sync and this browser hold the same
  // settings, so nothing is adopted with or without the echo suppression.
  it('adopts a change made in another browser, and nothing while storage.sync holds what this browser has', async () => {
    await updateSettings(() => withFeeds(1));
    await mirrorSettingsNow();
    expect(await adoptSyncedSettings()).toBe(false);
    const elsewhere = { ...withFeeds(2), pollMinutes: 360 };
    await syncedSettingsItem.set(elsewhere);
    expect(await adoptSyncedSettings()).toBe(true);
    expect(await settingsItem.get()).toEqual(elsewhere);
  });

  it('never takes back an earlier write of its own whose echo comes after a later change here', async () => {
    await updateSettings(() => withFeeds(1));
    await updateSettings((current) => ({ ...current, pollMinutes: 180 }));
    await mirrorSettingsNow();
    const earlier = await syncedSettingsItem.get();
    await updateSettings((current) => ({ ...current, notifications: { enabled: true, quietHours: null } }));
    await mirrorSettingsNow();
    // storage.sync answers with the earlier write (its change event, and the later write, still on their way).
    await syncedSettingsItem.set(earlier);
    expect(await adoptSyncedSettings()).toBe(false);
    expect((await settingsItem.get()).notifications.enabled).toBe(true);
  });
});

describe('rules in the settings', () => {
  const good = [
    { kind: 'mute', text: 'crypto' },
    { kind: 'alert', text: '"AI safety"', feedId: 'feed-1' },
  ] as const;
  const bad = [
    { kind: 'shout', text: 'from a newer version' },
    { kind: 'mute', text: '/(a+)+/' },
  ];

  it('a bad rule arriving through sync is dropped alone: the other rules and every setting stay', async () => {
    const theirs = { ...withFeeds(2), pollMinutes: 30, rules: [good[0], bad[0], good[1], bad[1]] };
    await browser.storage.sync.set({ settings: theirs });
    expect(await adoptSyncedSettings()).toBe(true);
    const read = await settingsItem.get();
    expect(read.rules).toEqual(good);
    expect(read.feeds).toHaveLength(2);
    expect(read.pollMinutes).toBe(30);
    // Kept in this browser's copy as it came, and never taken out of sync by a change made here.
    await updateSettings((current) => ({ ...current, pollMinutes: 60 }));
    await mirrorSettingsNow();
    const local = (await browser.storage.local.get('settings')).settings as { rules: unknown[] };
    expect(local.rules).toEqual([...good, ...bad]);
    const synced = (await browser.storage.sync.get('settings')).settings as { rules: unknown[]; pollMinutes: number };
    expect(synced.pollMinutes).toBe(60);
    expect(synced.rules).toEqual([...good, ...bad]);
  });

  it('rules that are not a list read as none, and are kept in storage until the reader sets rules', async () => {
    await localSettingsItem.setRaw({ ...withFeeds(1), rules: 'garbled' });
    expect((await settingsItem.get()).rules).toBeUndefined();
    await updateSettings((current) => ({ ...current, pollMinutes: 30 }));
    expect(((await browser.storage.local.get('settings')).settings as { rules: unknown }).rules).toBe('garbled');
    await updateSettings((current) => ({ ...current, rules: [good[0]] }));
    expect((await settingsItem.get()).rules).toEqual([good[0]]);
  });
});
