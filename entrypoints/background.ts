import '@/lib/zodSetup';
import '@/lib/zodMessages';
import { browser } from 'wxt/browser';
import { syncCardRegistration } from '@/lib/content/registration';
import { createMessageListener } from '@/lib/messages';
import { notifyNewPosts, openNotification } from '@/lib/notify/notify';
import { createRouter } from '@/lib/router/router';
import { adoptSyncedSettings, flushSettingsMirror, onSettingsWritten, settingsItem } from '@/lib/store/settings';
import { refreshBadge } from '@/lib/sync/badge';
import { alarmMinutes, NEXT_CHECK_ALARM, POLL_ALARM, schedulePolling } from '@/lib/sync/polling';
import { prepareStore } from '@/lib/sync/prepareStore';
import { OPEN_SIDE_PANEL_COMMAND, openSidePanel } from '@/lib/sidepanel/sidePanel';
import { catchUpReadState, flushReadState } from '@/lib/sync/readStateSync';
import { scheduleScreenCompose, setComposedScreenAside } from '@/lib/popup/composeScreen';
import { onScreenInputsWritten } from '@/lib/store/feedWrites';
import { takeSyncedChanges } from '@/lib/sync/syncedChanges';
import { noteSitesGranted, syncFeeds } from '@/lib/sync/syncFeeds';
import { refetchFeedsNowGranted } from '@/lib/sync/afterGrant';

// Wiring only: every listener is registered synchronously (MV3 wakes the worker for events), the work is in lib/.
export default defineBackground(() => {
  // The popup's first screen, kept composed a moment after the posts, marks or settings it shows change, and at each
  // start.
  onScreenInputsWritten(scheduleScreenCompose);
  onSettingsWritten(scheduleScreenCompose);
  const startUp = async () => {
    scheduleScreenCompose();
    await adoptSyncedSettings({ onlyIntoEmpty: true });
    await flushSettingsMirror();
    await prepareStore();
    await syncCardRegistration().catch((error) =>
      console.warn('AI Safety Brief: could not register the summary card.', error),
    );
    await schedulePolling(alarmMinutes(await settingsItem.get()));
    await catchUpReadState();
    await refreshBadge();
    // A scheduled pass, like the alarm's: only the feeds whose time has come since their last check (the schedule
    // is stored), so a browser start, an update or a worker restart refetches nothing fresh.
    await syncFeeds();
  };
  browser.runtime.onInstalled.addListener(() => {
    // Another build's screen is never drawn, and an unpacked one of the same version may have written feeds without
    // setting it aside: this build composes its own.
    void setComposedScreenAside().then(scheduleScreenCompose);
    void startUp();
  });
  browser.runtime.onStartup.addListener(() => void startUp());
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLL_ALARM || alarm.name === NEXT_CHECK_ALARM)
      void prepareStore()
        .then(() => syncFeeds({ announce: true }))
        .then(() => notifyNewPosts())
        .then(() => flushReadState())
        .then(() => flushSettingsMirror());
  });
  // Notifications are an optional permission: the API exists only once granted, so listen now if it is, and again
  // when a permission is granted.
  const listenForClicks = () => {
    if (browser.notifications && !browser.notifications.onClicked.hasListener(openNotification)) {
      browser.notifications.onClicked.addListener(openNotification);
    }
  };
  listenForClicks();
  // Settings or read state changed in another browser (storage.sync): take them, and follow a new polling interval.
  // The sync area's own event: with `storage.onChanged`, every local write of a commit (its old and new values) was
  // sent back to this worker, only to be dropped.
  browser.storage.sync.onChanged.addListener((changes) => void takeSyncedChanges(changes));
  browser.runtime.onMessage.addListener(createMessageListener(createRouter(), prepareStore));
  // Chrome's shortcut for the side panel (Firefox opens its sidebar itself): opened at once, in the gesture.
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command === OPEN_SIDE_PANEL_COMMAND) {
      openSidePanel(tab?.windowId).catch((error) => console.warn('AI Safety Brief: no side panel.', error));
    }
  });
  // The reader may grant or revoke a site's origin in the browser's own settings: the card follows, and the feeds
  // refused for want of it are fetched again. Noted before any wait: a refresh sent after a grant does not settle
  // for a fetch refused before it (see joinSync in lib/sync/syncFeeds.ts).
  browser.permissions.onAdded.addListener(({ origins }) => {
    if (origins?.length) {
      noteSitesGranted();
      void prepareStore()
        .then(() => refetchFeedsNowGranted(origins))
        .catch((error) => console.warn('AI Safety Brief: could not fetch the feeds just granted.', error));
    }
    listenForClicks();
    void syncCardRegistration();
  });
  browser.permissions.onRemoved.addListener(() => void syncCardRegistration());
});
