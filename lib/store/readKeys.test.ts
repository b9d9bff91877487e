import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MAX_READS, MIN_KEYS_PER_READ, readKeys } from './readKeys';

describe('readKeys', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers as one read of every key would, stored or not, from reads of a few keys started together', async () => {
    const stored = Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`key${i}`, { n: i }]));
    await fakeBrowser.storage.local.set(stored);
    const keys = [...Object.keys(stored), 'missing1', 'missing2'];
    const area = fakeBrowser.storage.local;
    const get = vi.spyOn(area, 'get');

    const read = readKeys(area, keys);
    // Every read has started before any has answered.
    expect(get).toHaveBeenCalledTimes(Math.ceil(keys.length / MIN_KEYS_PER_READ));
    for (const [asked] of get.mock.calls) expect((asked as string[]).length).toBeLessThanOrEqual(MIN_KEYS_PER_READ);
    expect(get.mock.calls.flatMap(([asked]) => asked as string[])).toEqual(keys);
    get.mockRestore();
    expect(await read).toEqual(await area.get(keys));
  });

  it('makes at most MAX_READS reads of many keys', async () => {
    const area = fakeBrowser.storage.local;
    const get = vi.spyOn(area, 'get');
    const keys = Array.from({ length: 4001 }, (_, i) => `key${i}`);
    await readKeys(area, keys);
    expect(get.mock.calls.length).toBeLessThanOrEqual(MAX_READS);
    expect(get.mock.calls.flatMap(([asked]) => asked as string[])).toEqual(keys);
  });

  it('reads a few keys in one read, and no keys in none', async () => {
    const area = fakeBrowser.storage.local;
    const get = vi.spyOn(area, 'get');
    await readKeys(area, ['a', 'b']);
    expect(get).toHaveBeenCalledTimes(1);
    expect(await readKeys(area, [])).toEqual({});
    expect(get).toHaveBeenCalledTimes(1);
  });
});
