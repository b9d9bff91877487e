import '@/lib/zodSetup';
import { syncCardRegistration } from '@/lib/content/registration';
import { createMessageListener } from '@/lib/messages';
import { createHandlers } from '@/lib/sync/actions';
import { refreshBadge } from '@/lib/sync/badge';
import { POLL_ALARM, schedulePolling } from '@/lib/sync/polling';
import { syncFeeds } from '@/lib/sync/syncFeeds';
import { settingsItem } from '@/lib/store/settings';
import { browser } from 'wxt/browser';

// Wiring only: every listener is registered synchronously (MV3 wakes the worker for events), the work is in lib/.
export default defineBackground(() => {
  const startUp = async () => {
    await syncCardRegistration().catch((error) => console.warn('AI Safety Brief: could not register the summary card.', error));
    await schedulePolling((await settingsItem.get()).pollMinutes);
    await refreshBadge();
    await syncFeeds();
  };
  browser.runtime.onInstalled.addListener(() => void startUp());
  browser.runtime.onStartup.addListener(() => void startUp());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM) void syncFeeds();
  });
  browser.runtime.onMessage.addListener(createMessageListener(createHandlers()));
  // The reader may grant or revoke a site's origin in the browser's own settings: the card follows.
  browser.permissions.onAdded.addListener(() => void syncCardRegistration());
  browser.permissions.onRemoved.addListener(() => void syncCardRegistration());
});
