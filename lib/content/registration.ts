import { browser } from 'wxt/browser';
import { hasPermission } from '../permissions/optional';
import { cardSitesItem, sitePatterns } from './cardSites';

export const CARD_SCRIPT_ID = 'summary-card';
export const CARD_SCRIPT_FILE = 'content-scripts/summary-card.js';

/** The match patterns the card may run on: sites the reader opted into, and only where the origin is granted. */
export async function grantedCardPatterns(): Promise<string[]> {
  const { sites } = await cardSitesItem.get();
  const patterns: string[] = [];
  for (const site of sites) {
    for (const pattern of sitePatterns(site)) {
      if (await hasPermission({ origins: [pattern] })) patterns.push(pattern);
    }
  }
  return patterns;
}

/**
 * Makes the registered card script match exactly the granted, opted-in sites: registers, updates or removes it.
 * Runs at install and startup, when the reader changes a site, and when the browser grants or revokes an origin.
 */
export async function syncCardRegistration(): Promise<string[]> {
  const patterns = await grantedCardPatterns();
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [CARD_SCRIPT_ID] }).catch(() => []);
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [CARD_SCRIPT_ID] });
  if (patterns.length) {
    await browser.scripting.registerContentScripts([
      {
        id: CARD_SCRIPT_ID,
        js: [CARD_SCRIPT_FILE],
        matches: patterns,
        runAt: 'document_idle',
        // Chrome keeps registrations across restarts; Firefox does not support that flag (startup re-registers).
        ...(import.meta.env.FIREFOX ? {} : { persistAcrossSessions: true }),
      },
    ]);
  }
  return patterns;
}
