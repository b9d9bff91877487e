import { browser } from 'wxt/browser';
import { hasPermission } from '../permissions/optional';
import { cardSitesItem, sitePatterns } from './cardSites';

export const CARD_SCRIPT_ID = 'summary-card';
export const CARD_SCRIPT_FILE = 'content-scripts/summary-card.js';

/** The match patterns the card may run on for `sites`: only where the browser grants the origin. */
async function grantedPatterns(sites: readonly string[]): Promise<string[]> {
  const patterns: string[] = [];
  for (const site of sites) {
    for (const pattern of sitePatterns(site)) {
      if (await hasPermission({ origins: [pattern] })) patterns.push(pattern);
    }
  }
  return patterns;
}

/**
 * Makes the registered card script match `sites`' granted patterns. An existing registration is updated in place,
 * never unregistered and registered again: a page loading in between would get no card.
 */
async function registerCardFor(sites: readonly string[]): Promise<string[]> {
  const patterns = await grantedPatterns(sites);
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [CARD_SCRIPT_ID] }).catch(() => []);
  if (!patterns.length) {
    if (registered.length) await browser.scripting.unregisterContentScripts({ ids: [CARD_SCRIPT_ID] });
    return patterns;
  }
  const script = {
    id: CARD_SCRIPT_ID,
    js: [CARD_SCRIPT_FILE],
    matches: patterns,
    runAt: 'document_idle' as const,
    // Chrome keeps registrations across restarts; Firefox does not support that flag (startup re-registers).
    ...(import.meta.env.FIREFOX ? {} : { persistAcrossSessions: true }),
  };
  if (registered.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
  return patterns;
}

// One registration change at a time. A switch turned on asks for the site's origin, so the grant's event and the
// switch's own message arrive together; interleaved, one caller's "register" met the other's (a duplicate id), or
// an update based on the list before the switch landed last, and the site got no card.
let lastChange: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
  const run = lastChange.then(change, change);
  lastChange = run.catch(() => undefined);
  return run;
}

/**
 * Makes the registered card script match exactly the granted, opted-in sites: registers, updates or removes it.
 * Runs at install and startup, and when the browser grants or revokes an origin.
 */
export function syncCardRegistration(): Promise<string[]> {
  return oneAtATime(async () => registerCardFor((await cardSitesItem.get()).sites));
}

/**
 * Changes the sites the reader opted into, registration first: once the stored list (and so the options page's
 * switch) says a site is on, a page opened there gets its card.
 */
export function updateCardSites(change: (sites: string[]) => string[]): Promise<void> {
  return oneAtATime(async () => {
    const sites = change((await cardSitesItem.get()).sites);
    await registerCardFor(sites);
    await cardSitesItem.set({ sites });
  });
}
