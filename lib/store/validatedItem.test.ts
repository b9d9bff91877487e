import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { z } from 'zod/mini';
import { storedValue } from './storedValue';
import { defineValidatedItem, readTogether } from './validatedItem';

const counter = defineValidatedItem(
  storedValue('local:testCounter', z.object({ n: z.number() }), () => ({ n: 0 })),
  { version: 1 },
);
const label = defineValidatedItem(
  storedValue('local:testLabel', z.string(), () => 'none'),
  { version: 1 },
);

describe('validated items', () => {
  it('fall back (never throw) when the stored value does not fit the schema', async () => {
    await fakeBrowser.storage.local.set({ testCounter: { n: 'three' } });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await counter.get()).toEqual({ n: 0 });
  });

  it('are read together in one storage call for a first paint, each validated', async () => {
    await fakeBrowser.storage.local.set({ testCounter: { n: 3 }, testLabel: 42 });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    expect(await readTogether([counter, label] as const)).toEqual([{ n: 3 }, 'none']);
    expect(get).toHaveBeenCalledTimes(1);
  });
});
