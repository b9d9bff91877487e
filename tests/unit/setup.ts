import '@/lib/zodSetup';
import '@/lib/zodMessages';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installFakeExtras } from './fakeExtras';

beforeEach(async () => {
  fakeBrowser.reset();
  installFakeExtras();
  // The background's memory (archives it holds, check times not yet written) belongs to the storage it came from.
  // Imported here, not above: storage modules must load after the fake browser is in place.
  const [{ forgetAllArchives }, { discardUnwrittenChecks }, { forgetReadStateTimers }, { forgetSettingsMirrorTimer }] =
    await Promise.all([
      import('@/lib/sync/archiveMemo'),
      import('@/lib/sync/lastChecked'),
      import('@/lib/sync/readStateSync'),
      import('@/lib/store/settings'),
    ]);
  forgetSettingsMirrorTimer();
  forgetAllArchives();
  discardUnwrittenChecks();
  forgetReadStateTimers();
});
