import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { DAY, HOUR, item, jsonFeed, fakeFetch } from '@/tests/unit/feeds';
import { startBrowser } from '@/tests/unit/worker';
import { seededRandom } from '@/tools/seededRandom';
import { mirrorSettingsNow, readFeedCache, readMarks, readStates } from '@/tests/unit/store';
import { createPageHandlers } from '../router/router';
import { articleKey, markerOf } from '../store/marks';
import { adoptSyncedSettings, feedIdFor, settingsItem } from '../store/settings';
import type { Rule } from '../rules/rule';
import { refreshBadge } from './badge';
import { composeScreenNow } from '../popup/composeScreen';
import { composedScreenNow } from '@/tests/unit/composedScreen';
import { catchUpReadState, flushReadState, forgetReadStateTimers } from './readStateSync';
import { takeSyncedChanges } from './syncedChanges';

// A reader's week with three browsers, on a fake clock, through the background's real steps (fetch and commit,
// "seen", "read", "unread", "mark all read", the synced state's flush and receive). Each browser has its own
// storage and its own times: a desktop that checks hourly while the reader is up, a laptop that sleeps for hours and
// spends a day off line, and a phone that joins on the third day. Posts reach them in different orders, one
// published late with an old date. `storage.sync` is a server that keeps the last write of each item and delivers
// it to each browser when that browser is on line (a browser that wakes hears from it before it checks its feeds,
// as the worker's start-up does, and takes it through the worker's own steps, `takeSyncedChanges`). Now and then
// the reader mutes a post by a word of its title, or takes a mute rule back, in whichever browser is at hand. After
// the week the browsers go quiet (all on line, every write delivered, every feed checked) and the invariant is
// checked: the browsers hold the same rules, each badge counts exactly the unseen posts no rule hides, the badges
// agree, and every post read anywhere is read everywhere unless it was marked unread later.

const T0 = Date.parse('2026-11-16T00:00:00Z'); // a Monday
const FEED_URL = 'https://blog.test/feed.json';
const FEED_ID = feedIdFor(FEED_URL);

type Post = { id: string; published: number; availableAt: number };
type Browser = {
  name: string;
  local: Record<string, unknown>;
  /** The items of `storage.sync` as last delivered to this browser. */
  sync: Record<string, unknown>;
  started: boolean;
  awake: (at: number) => boolean;
  online: (at: number) => boolean;
  checksEvery: number;
  nextCheck: number;
};

const hourOf = (at: number) => Math.floor((at - T0) / HOUR) % 24;
const dayOf = (at: number) => Math.floor((at - T0) / DAY);

async function simulate(seed: number) {
  const random = seededRandom(seed);
  // About eight posts a day, each on the feed from its publication; one published late with a date two days old.
  const posts: Post[] = Array.from({ length: 56 }, (_, n) => {
    const published = T0 + Math.floor(random() * 7 * DAY);
    return { id: `p${n}`, published, availableAt: published };
  });
  posts.push({ id: 'late-midweek', published: T0 + 2 * DAY, availableAt: T0 + 4 * DAY + 3 * HOUR });
  /** Titles that differ from "Post <id>": the post the reader mutes after the week is muted by its title's word. */
  const titles: Record<string, string> = { 'late-final': 'Quantum chips, late' };
  // Sunday evening: the laptop is asleep when this one comes out, and the reader reads it on the desktop.
  const sundayEvening = T0 + 6 * DAY + 22 * HOUR + 20 * 60e3;
  posts.push({ id: 'sunday-evening', published: sundayEvening, availableAt: sundayEvening });
  let now = T0;
  const cloud: Record<string, unknown> = {};
  const server = fakeFetch({
    [FEED_URL]: () => {
      const live = posts
        .filter((post) => post.availableAt <= now)
        .map((post) => item(post.id, post.published, titles[post.id] ? { title: titles[post.id] } : {}));
      return new Response(JSON.stringify(jsonFeed(live)), { headers: { 'content-type': 'application/feed+json' } });
    },
  });
  const handlers = () => createPageHandlers({ fetchImpl: server.impl, now: () => now });

  const browsers: Browser[] = [
    {
      name: 'desktop',
      local: {},
      sync: {},
      started: false,
      awake: (at) => hourOf(at) >= 8 && hourOf(at) < 23,
      online: () => true,
      checksEvery: HOUR,
      nextCheck: T0 + 8 * HOUR,
    },
    {
      name: 'laptop',
      local: {},
      sync: {},
      started: false,
      // Asleep most of the day: an hour or two in the morning, the evening; off line all of Thursday.
      awake: (at) => [7, 8, 19, 20, 21].includes(hourOf(at)),
      online: (at) => dayOf(at) !== 3,
      checksEvery: 30 * 60e3,
      nextCheck: T0 + 7 * HOUR + 17 * 60e3,
    },
    {
      name: 'phone',
      local: {},
      sync: {},
      started: false,
      awake: (at) => dayOf(at) >= 2 && hourOf(at) >= 9 && hourOf(at) < 22 && hourOf(at) % 3 === 0,
      online: () => true,
      checksEvery: 2 * HOUR,
      nextCheck: T0 + 2 * DAY + 9 * HOUR + 41 * 60e3,
    },
  ];

  // What the reader did, for the invariant: each post's last explicit click, and the "mark all read" presses
  // with the posts each covered (those the browser held).
  const lastClick = new Map<string, { at: number; read: boolean }>();
  const readAll = new Map<string, number>();
  let looks = 0;
  // The popup's composed first screen (lib/popup/composedScreen.ts): the background composes it a moment after a
  // change, so at any moment of the week it may be fresh, set aside, or (were a write to forget it) stale. Composed
  // here at random moments of each browser's life (a random stream of its own: the week's events stay the same),
  // and checked at each look and after each check of the feed: a screen the popup would draw is the one the store
  // composes now.
  const composeRandom = seededRandom(seed * 7919);
  let composedLooks = 0;
  async function maybeCompose() {
    if (composeRandom() < 0.5) await composeScreenNow();
  }
  let ruleChanges = 0;
  let current: Browser | undefined;

  async function use(target: Browser) {
    if (current === target) return;
    if (current) {
      // The settings' batch goes out before the browser is put away, as its timer sends it a few seconds later.
      await mirrorSettingsNow();
      await flushSyncOf(current);
      current.local = await browser.storage.local.get(null);
    }
    await startBrowser(target.local, target.sync);
    current = target;
    if (!target.started) {
      // A new browser: the reader signs in; the browser's sync brings the settings and the read state.
      target.started = true;
      if (target === browsers[0]) await handlers().addFeed({ type: 'addFeed', url: FEED_URL });
      else {
        await adoptSyncedSettings({ onlyIntoEmpty: true });
        await catchUpReadState();
      }
    }
  }

  /** The browser writes what waits (its flush) and the server keeps the last write of each item. */
  async function flush(target: Browser) {
    await use(target);
    forgetReadStateTimers();
    await flushReadState();
    await mirrorSettingsNow();
    await flushSyncOf(target);
  }

  /** What this browser's storage.sync holds now reaches the server (items it changed since it last heard). */
  async function flushSyncOf(target: Browser) {
    const mine = await browser.storage.sync.get(null);
    for (const [key, value] of Object.entries(mine)) {
      if (JSON.stringify(target.sync[key]) !== JSON.stringify(value)) cloud[key] = value;
    }
    target.sync = mine;
  }

  /** The server delivers what changed since this browser last heard from it. */
  async function deliver(target: Browser) {
    const changed = Object.fromEntries(
      Object.entries(cloud).filter(([key, value]) => JSON.stringify(target.sync[key]) !== JSON.stringify(value)),
    );
    await use(target);
    if (!Object.keys(changed).length) return;
    await browser.storage.sync.set(changed);
    target.sync = { ...target.sync, ...changed };
    await takeSyncedChanges(
      Object.fromEntries(Object.entries(changed).map(([key, value]) => [key, { newValue: value }])),
    );
  }

  /** A popup opening now would draw the composed first screen only if it is the one the store composes now. */
  async function checkComposedScreen() {
    const screen = await composedScreenNow();
    if (!screen.usable) return;
    composedLooks++;
    expect({ at: new Date(now).toISOString(), screen: screen.usable }).toEqual({
      at: new Date(now).toISOString(),
      screen: screen.fresh,
    });
  }

  async function readerLooks(target: Browser) {
    await use(target);
    looks++;
    await checkComposedScreen();
    const h = handlers();
    await h.markAllSeen({ type: 'markAllSeen' });
    const states = await readStates();
    const held = Object.keys(states);
    const roll = random();
    if (roll < 0.5 && held.length) {
      const id = held[Math.floor(random() * held.length)]!;
      await h.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, id)], read: true });
      lastClick.set(id, { at: now, read: true });
    } else if (roll < 0.65) {
      const read = held.filter((id) => states[id] === 'read');
      if (read.length) {
        const id = read[Math.floor(random() * read.length)]!;
        await h.setRead({ type: 'setRead', keys: [articleKey(FEED_ID, id)], read: false });
        lastClick.set(id, { at: now, read: false });
      }
    } else if (roll < 0.75) {
      await h.markAllRead({ type: 'markAllRead' });
      for (const id of held) readAll.set(id, now);
    } else if (roll < 0.82) {
      // Mutes one post by the word its title names it with ("Post p12"): hidden from the list and the badge.
      const named = held.filter((id) => /^p\d+$/.test(id));
      if (named.length) {
        await h.addRule({ type: 'addRule', rule: { kind: 'mute', text: named[Math.floor(random() * named.length)]! } });
        ruleChanges++;
      }
    } else if (roll < 0.86) {
      const { rules = [] } = await settingsItem.get();
      if (rules.length) {
        await h.removeRule({ type: 'removeRule', rule: rules[Math.floor(random() * rules.length)]! });
        ruleChanges++;
      }
    }
  }

  // The week, in five-minute steps.
  for (now = T0; now < T0 + 7 * DAY; now += 5 * 60e3) {
    vi.setSystemTime(now);
    for (const target of browsers) {
      if (!target.awake(now)) continue;
      const online = target.online(now);
      if (online) await deliver(target);
      if (now >= target.nextCheck) {
        target.nextCheck = now + target.checksEvery;
        if (online) await use(target).then(() => handlers().syncNow({ type: 'syncNow' }));
        // The reader may open the popup right after a check.
        if (target.started) await checkComposedScreen();
      }
      if (target.started) await maybeCompose();
      if (target.started && random() < 0.03) await readerLooks(target);
      if (online && target.started) await flush(target);
      if (target.started) await maybeCompose();
    }
  }
  // The reader's last look of the week, on the desktop, after it has checked its feed.
  now = T0 + 7 * DAY - 5 * 60e3;
  vi.setSystemTime(now);
  await use(browsers[0]!);
  await handlers().syncNow({ type: 'syncNow' });
  await readerLooks(browsers[0]!);
  await flush(browsers[0]!);
  now += 5 * 60e3;
  // A post published late with a date from Wednesday, after the reader's last look anywhere: new everywhere.
  posts.push({ id: 'late-final', published: T0 + 2 * DAY + HOUR, availableAt: now });

  // Quiet: every browser on line and awake hears from sync, checks its feed, and writes what it knows. After the
  // first round, which brings the late post to every browser, unseen, the reader mutes it on the laptop by a word of
  // its title: the other browsers hold it already, and must stop counting it when the rule reaches them.
  for (let round = 0; round < 4; round++) {
    for (const target of browsers) {
      await deliver(target);
      await handlers().syncNow({ type: 'syncNow' });
      await flush(target);
    }
    if (round === 0) {
      await use(browsers[1]!);
      await handlers().addRule({ type: 'addRule', rule: { kind: 'mute', text: 'quantum' } });
      await flush(browsers[1]!);
    }
  }
  const seen: {
    name: string;
    badge: string;
    expectedBadge: number;
    rules: Rule[];
    states: Record<string, 'read' | 'unread'>;
  }[] = [];
  for (const target of browsers) {
    await use(target);
    await refreshBadge();
    const { rules = [] } = await settingsItem.get();
    seen.push({
      name: target.name,
      badge: await browser.action.getBadgeText({}),
      expectedBadge: await unseenUnmuted(rules),
      rules: [...rules].sort((a, b) => a.text.localeCompare(b.text)),
      states: await readStates(),
    });
  }
  return { seen, lastClick, readAll, looks, ruleChanges, composedLooks };
}

/**
 * The badge this browser should show, worked out apart from the store's index: its stored posts not seen yet that
 * no mute rule names by a word of the title (the week's rules are all single words).
 */
async function unseenUnmuted(rules: Rule[]): Promise<number> {
  const marker = markerOf(await readMarks(FEED_ID));
  const words = (title: string) => title.toLowerCase().split(/[^a-z0-9]+/);
  const muted = (title: string) => rules.some((rule) => rule.kind === 'mute' && words(title).includes(rule.text));
  const posts = (await readFeedCache())[FEED_ID]?.articles ?? [];
  return posts.filter((post) => !marker.isSeen(post) && !muted(post.title)).length;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('a week with three browsers', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`ends with the browsers agreeing on the badge and on every read mark (week ${seed})`, async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { seen, lastClick, readAll, looks, ruleChanges, composedLooks } = await simulate(seed);
      // The week was a week: the reader looked often, clicked, pressed "mark all read", and changed rules; and many
      // looks found a composed first screen to draw (each checked against the store then).
      expect(looks).toBeGreaterThan(20);
      expect(composedLooks).toBeGreaterThan(5);
      expect(lastClick.size).toBeGreaterThan(5);
      expect(readAll.size).toBeGreaterThan(0);
      expect(ruleChanges).toBeGreaterThan(0);
      const [desktop, ...others] = seen;
      // The same rules everywhere; each badge counts the unseen posts no rule hides.
      for (const where of seen) {
        expect({ name: where.name, badge: Number(where.badge || 0) }).toEqual({
          name: where.name,
          badge: where.expectedBadge,
        });
      }
      for (const other of others) {
        expect({ name: other.name, rules: other.rules }).toEqual({ name: other.name, rules: desktop!.rules });
        expect({ name: other.name, badge: other.badge }).toEqual({ name: other.name, badge: desktop!.badge });
        expect({ name: other.name, states: other.states }).toEqual({ name: other.name, states: desktop!.states });
      }
      // The late post reached no browser before the reader last looked: new in every one of them, and muted by the
      // rule the laptop added after it arrived.
      expect(desktop!.rules).toContainEqual({ kind: 'mute', text: 'quantum' });
      expect(desktop!.states['late-final']).toBe('unread');
      // Read anywhere, read everywhere, unless marked unread later; marked unread, unread unless read later.
      for (const [id, click] of lastClick) {
        const expected = (readAll.get(id) ?? -Infinity) > click.at || click.read ? 'read' : 'unread';
        for (const where of seen) expect({ id, state: where.states[id] }).toEqual({ id, state: expected });
      }
      for (const id of readAll.keys()) {
        if (lastClick.has(id)) continue;
        for (const where of seen) expect({ id, state: where.states[id] }).toEqual({ id, state: 'read' });
      }
    }, 120_000);
  }
});
