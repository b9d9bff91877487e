import { browser } from 'wxt/browser';
import { DEMO_FEED_PATH, type FeedConfig } from '../store/settings';

/** Where to fetch a feed: the web, or for the demo feed the file bundled with the extension. */
export function fetchUrlOf(feed: FeedConfig): string {
  return feed.demo ? browser.runtime.getURL(DEMO_FEED_PATH) : feed.url;
}
