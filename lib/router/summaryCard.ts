import { postsForPage, setCardSite } from '../content/cardActions';
import { siteOf } from '../feed/host';
import type { CardHandlers, PageHandlers } from '../messages';

// The summary card: the options page turns it on or off per site, and the card itself asks about its page.

/** The options page's card request: cards on or off for a site, after the browser granted its origin. */
export function cardSiteHandlers(): Pick<PageHandlers, 'setCardSite'> {
  return {
    async setCardSite({ site, enabled }) {
      await setCardSite(site, enabled);
      return { ok: true };
    },
  };
}

/**
 * The card's requests, each about the page it was sent from (`pageUrl`, from the browser, never from the message):
 * a page learns only about itself and can only switch off its own site.
 */
export function cardHandlers(): CardHandlers {
  return {
    postsForPage: async (_request, { pageUrl }) => ({ ok: true, pageUrl, posts: await postsForPage(pageUrl) }),
    async hideCardsOnSite(_request, { pageUrl }) {
      const site = siteOf(pageUrl);
      if (site) await setCardSite(site, false);
      return { ok: true };
    },
  };
}
