import '@/lib/zodSetup';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetAllArchives } from '@/lib/sync/archiveMemo';
import { installFakeExtras } from './fakeExtras';

beforeEach(() => {
  fakeBrowser.reset();
  // The background's memory of archives belongs to the storage it came from.
  forgetAllArchives();
  installFakeExtras();
});
