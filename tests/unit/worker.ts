import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetOwnSyncWrites, forgetSettingsMirrorTimer } from '@/lib/store/settings';
import { forgetAllArchives } from '@/lib/sync/archiveMemo';
import { forgetScreenCompose } from '@/lib/popup/composeScreen';
import { discardUnwrittenChecks, discardUnwrittenSchedule } from '@/lib/sync/lastChecked';
import { forgetReadStateTimers } from '@/lib/sync/readStateSync';
import { installFakeExtras } from './fakeExtras';

// The background worker's memory, as a test forgets it. It belongs to the storage it came from: every test starts
// from none (./setup.ts), and a test that plays several browsers in one process starts each one afresh, or one
// browser's memory acts in another (its own sync writes were taken for echoes elsewhere).

/** Forgets what a worker holds between events: archives, check times not yet written, timers, its own sync writes. */
export function forgetWorkerMemory(): void {
  forgetSettingsMirrorTimer();
  forgetOwnSyncWrites();
  forgetAllArchives();
  discardUnwrittenChecks();
  discardUnwrittenSchedule();
  forgetReadStateTimers();
  forgetScreenCompose();
}

/** A browser starts with its own `storage.local` and the cloud's `storage.sync`: the worker's memory is new. */
export async function startBrowser(local: Record<string, unknown>, sync: Record<string, unknown>): Promise<void> {
  fakeBrowser.reset();
  installFakeExtras();
  forgetWorkerMemory();
  await browser.storage.local.set(local);
  await browser.storage.sync.set(sync);
}
