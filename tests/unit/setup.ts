import '@/lib/zodSetup';
import '@/lib/zodMessages';
import { beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installFakeExtras } from './fakeExtras';

beforeEach(async () => {
  fakeBrowser.reset();
  // The schedule's only randomness (each check's jitter, the install's phase) at its middle: no jitter, so a test
  // knows when a feed is due. Tests of the jitter itself pass their own numbers (SyncDeps.random, nextCheck).
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
  installFakeExtras();
  // The background's memory belongs to the storage it came from. Imported here, not above: storage modules must load
  // after the fake browser is in place.
  const { forgetWorkerMemory } = await import('./worker');
  forgetWorkerMemory();
});
