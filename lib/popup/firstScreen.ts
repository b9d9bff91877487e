import type { DigestEntry } from '../digest/digest';
import { lastGoodCheck } from '../digest/digestState';
import type { PopupPrefs } from '../store/popupPrefs';
import { checkStatus } from './checkStatus';

// The popup's first screen: what it shows, and how the page's own facts complete what the store decides. Light on
// purpose: the early script that draws a composed first screen loads this, never what composing one takes
// (./composeFirstScreen.ts: the settings' schemas, the digest, the rules).

/** Cards on the first screen, and a little more: what the virtualiser would render there (600 px, overscan 4). */
export const FIRST_SCREEN_CARDS = 8;

/** What the popup's first screen shows, worked out from its early read: the very values React's first render has. */
export type FirstScreen = {
  now: number;
  locale: string | undefined;
  /** The header's "Updated 5 minutes ago". */
  status: string;
  online: boolean;
  prefs: PopupPrefs;
  topicsOnly: boolean;
  tags: string[];
  unreadCount: number;
  canOpenSidePanel: boolean;
  /** The side panel's header offers to follow every tab (it may not yet). */
  offersFollowEveryTab: boolean;
  /** The first screen's posts, newest first, and how many the list has. */
  entries: DigestEntry[];
  count: number;
  /** Set when a filter is on: the list says how many of how many it shows. */
  total: number | undefined;
  /** Posts the reader's rules hide: the "3 muted" line. */
  muted: number;
  followsDemo: boolean;
  /**
   * When it shows posts not seen before: each feed's newest arrival it was drawn from, for the "seen" the popup
   * sends once the screen is painted (React's `useMarkSeen` sends the same once it has loaded every post).
   */
  seenUpTo: Record<string, number> | undefined;
};

/**
 * What the page around the popup tells: the clock, the language, the network, the browser's side panel, and in the
 * side panel whether it may follow every tab.
 */
export type PageFacts = {
  now: number;
  locale: string | undefined;
  online: boolean;
  canOpenSidePanel: boolean;
  offersFollowEveryTab: boolean;
};

/**
 * What the store decides of the first screen: all of it but the page's facts, the status line's words and the
 * popup's own filters (read with the page). The background keeps one composed in storage (./composedScreen.ts), so
 * a popup opening can draw it from one small read instead of every feed's record and marks.
 */
export type ComposedScreen = Omit<FirstScreen, keyof PageFacts | 'status' | 'prefs'> & {
  /** Each followed feed and its last good fetch (0 when none): with the session's check times, the status line. */
  checks: [feedId: string, lastSuccessAt: number][];
};

/**
 * Where a first screen comes from: the one the background keeps composed, read with the settings
 * (./composedScreen.ts), or the one the page composes from every feed's record and marks
 * (./composeFirstScreen.ts).
 */
export type ScreenSource = 'composed' | 'read';

/** The stored values a first screen is composed from, raw: the settings, topics and popup filters, by their keys. */
export type ScreenBasis = { settings: unknown; topics: unknown; popupPrefs: unknown };

/** The raw values a first screen is composed from, out of the early read's items. */
export function basisOfItems(items: Record<string, unknown>): ScreenBasis {
  return { settings: items['local:settings'], topics: items['local:topics'], popupPrefs: items['local:popupPrefs'] };
}

/**
 * The first screen from its store's part and the page's: the clock, the language and the network, and the popup's
 * filters and the session's check times as read with the page (validated by the caller).
 */
export function withPageFacts(
  composed: ComposedScreen,
  read: { prefs: PopupPrefs; lastChecked: Record<string, number> | undefined },
  page: PageFacts,
): FirstScreen {
  const { checks, ...screen } = composed;
  const health = checks.map(([feedId, lastSuccessAt]) => ({ feedId, lastSuccessAt }));
  const lastSuccess = lastGoodCheck(health, read.lastChecked, page.now);
  return {
    ...screen,
    now: page.now,
    locale: page.locale,
    status: checkStatus({ refreshing: false, online: page.online, lastSuccess, now: page.now, locale: page.locale }),
    online: page.online,
    prefs: read.prefs,
    canOpenSidePanel: page.canOpenSidePanel,
    offersFollowEveryTab: page.offersFollowEveryTab,
  };
}
