import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { LOCAL_CHANGES_KEY } from './localChangeNotice';
import {
  announceLocalChange,
  KEYS_PER_READ,
  removeLocal,
  watchLocalKeys,
  writeLocal,
  type LocalValues,
} from './localChanges';
import { defineValidatedItem } from './validatedItem';
import { storedValue } from './storedValue';
import { z } from 'zod/mini';

// Pages learn of local writes from notices in storage.session and read only the keys they show (localChanges.ts).

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((stop) => stop()));

/** Watches the keys `wanted` accepts, logging each batch of values the watcher delivers. */
function watched(wanted: (key: string) => boolean) {
  const batches: LocalValues[] = [];
  stops.push(watchLocalKeys(wanted, (values) => void batches.push(values)));
  return batches;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('local change notices', () => {
  it('give a watcher the values written, read after the write, and nothing for keys it does not show', async () => {
    const batches = watched((key) => key.startsWith('feed:'));
    await writeLocal({ 'feed:a': { n: 1 }, 'posts:a/0': ['x'] });
    await writeLocal({ other: 1 });
    await settle();
    expect(batches).toEqual([{ 'feed:a': { n: 1 } }]);
  });

  it('give a removed key as undefined', async () => {
    await writeLocal({ 'feed:a': 1, 'feed:b': 2 });
    const batches = watched((key) => key.startsWith('feed:'));
    await removeLocal(['feed:a']);
    await settle();
    expect(batches).toEqual([{ 'feed:a': undefined }]);
    expect(await browser.storage.local.get('feed:b')).toEqual({ 'feed:b': 2 });
  });

  it('read once at a time: writes announced while a read is out are read together after it, the newest value last', async () => {
    const batches = watched((key) => key.startsWith('feed:'));
    const read = browser.storage.local.get.bind(browser.storage.local);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const get = vi.spyOn(browser.storage.local, 'get').mockImplementation((async (keys: string[]) => {
      reads++;
      if (reads === 1) await held;
      return read(keys);
    }) as unknown as typeof browser.storage.local.get);
    stops.push(() => get.mockRestore());
    await writeLocal({ 'feed:a': 1 });
    await settle();
    await writeLocal({ 'feed:a': 2 });
    await writeLocal({ 'feed:b': 3 });
    await writeLocal({ 'feed:a': 4 });
    release();
    await settle();
    // The first read was held until all four writes were done: it answers with their values, then the keys
    // announced while it was out are read once more, together.
    expect(reads).toBe(2);
    expect(batches).toEqual([{ 'feed:a': 4 }, { 'feed:a': 4, 'feed:b': 3 }]);
  });

  it('are read KEYS_PER_READ keys a read at most, side by side, each read given to the page on its own', async () => {
    const batches = watched((key) => key.startsWith('feed:'));
    const values = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`feed:${i}`, i]));
    await writeLocal(values);
    await settle();
    expect(batches.map((batch) => Object.keys(batch).length)).toEqual([
      KEYS_PER_READ,
      KEYS_PER_READ,
      30 - 2 * KEYS_PER_READ,
    ]);
    expect(Object.assign({}, ...batches)).toEqual(values);
  });

  it('keep coming after a page failed to take a batch (the error is reported)', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const taken: LocalValues[] = [];
    stops.push(
      watchLocalKeys(
        () => true,
        (values) => {
          taken.push(values);
          if (taken.length === 1) throw new Error('the page failed');
        },
      ),
    );
    await writeLocal({ 'feed:a': 1 });
    await settle();
    await writeLocal({ 'feed:a': 2 });
    await settle();
    expect(taken).toEqual([{ 'feed:a': 1 }, { 'feed:a': 2 }]);
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('start every read of a round before any answers', async () => {
    watched((key) => key.startsWith('feed:'));
    const read = browser.storage.local.get.bind(browser.storage.local);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    vi.spyOn(browser.storage.local, 'get').mockImplementation((async (keys: string[]) => {
      started++;
      await held;
      return read(keys);
    }) as unknown as typeof browser.storage.local.get);
    await writeLocal(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`feed:${i}`, i])));
    await settle();
    expect(started).toBe(3);
    release();
  });

  it('hand back, when the watcher stops, the keys announced and not yet given, and give nothing after', async () => {
    const batches: LocalValues[] = [];
    const stop = watchLocalKeys(
      (key) => key.startsWith('feed:'),
      (values) => void batches.push(values),
    );
    const read = browser.storage.local.get.bind(browser.storage.local);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(browser.storage.local, 'get').mockImplementation((async (keys: string[]) => {
      await held;
      return read(keys);
    }) as unknown as typeof browser.storage.local.get);
    await writeLocal({ 'feed:a': 1 });
    await settle();
    await writeLocal({ 'feed:b': 2, other: 3 });
    expect(stop().sort()).toEqual(['feed:a', 'feed:b']);
    release();
    await settle();
    expect(batches).toEqual([]);
  });

  it('try a read that failed again with the next round', async () => {
    const batches = watched((key) => key.startsWith('feed:'));
    const read = browser.storage.local.get.bind(browser.storage.local);
    let failing = true;
    vi.spyOn(browser.storage.local, 'get').mockImplementation((async (keys: string[]) => {
      if (failing) throw new Error('storage is busy');
      return read(keys);
    }) as unknown as typeof browser.storage.local.get);
    await writeLocal({ 'feed:a': 1 });
    await settle();
    expect(batches).toEqual([]);
    failing = false;
    await writeLocal({ 'feed:b': 2 });
    await settle();
    expect(Object.assign({}, ...batches)).toEqual({ 'feed:a': 1, 'feed:b': 2 });
  });

  it('stop when the watcher stops', async () => {
    const batches: LocalValues[] = [];
    const stop = watchLocalKeys(
      () => true,
      (values) => void batches.push(values),
    );
    stop();
    await writeLocal({ 'feed:a': 1 });
    await settle();
    expect(batches).toEqual([]);
  });

  it('differ from one write to the next, so that writing the same keys twice is two changes', async () => {
    const notices: unknown[] = [];
    browser.storage.session.onChanged.addListener((changes) => void notices.push(changes[LOCAL_CHANGES_KEY]?.newValue));
    await announceLocalChange(['feed:a']);
    await announceLocalChange(['feed:a']);
    expect(notices).toHaveLength(2);
    expect(notices[0]).not.toEqual(notices[1]);
  });

  it('are left by a validated local item, and its watch takes them; a session item is watched in its own area', async () => {
    const local = defineValidatedItem(
      storedValue('local:noticeTest', z.object({ n: z.number() }), () => ({ n: 0 })),
      {
        version: 1,
      },
    );
    const session = defineValidatedItem(
      storedValue('session:noticeTest', z.object({ n: z.number() }), () => ({ n: 0 })),
      { version: 1 },
    );
    const seen: unknown[] = [];
    const anyArea = vi.spyOn(browser.storage.onChanged, 'addListener');
    const localArea = vi.spyOn(browser.storage.local.onChanged, 'addListener');
    stops.push(local.watch((value) => void seen.push(['local', value])));
    // Never the local area's own event, which would bring the page every value every local write changes.
    expect(anyArea).not.toHaveBeenCalled();
    expect(localArea).not.toHaveBeenCalled();
    stops.push(session.watch((value) => void seen.push(['session', value])));
    await local.set({ n: 1 });
    await session.set({ n: 2 });
    await settle();
    expect(seen).toEqual(
      expect.arrayContaining([
        ['local', { n: 1 }],
        ['session', { n: 2 }],
      ]),
    );
    expect(seen).toHaveLength(2);
  });
});
