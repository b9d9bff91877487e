import type { browser as extensionBrowser } from 'wxt/browser';
import type { MessageKey } from '../i18n/t';
import { buildCard, CARD_HOST_ATTRIBUTE } from './card';
import { describeCard, type CardDescription } from './describeCard';
import { CardAnswerSchema, type CardAnswer, type CardRequest } from './cardData';

type Context = { isInvalid: boolean; onInvalidated(callback: () => void): void };
type Runtime = Pick<typeof extensionBrowser, 'runtime' | 'i18n'>;

let current: { url: string; host?: HTMLElement; root?: ShadowRoot } | undefined;
/** The address whose card the reader closed: not shown again until they move to another one. */
let dismissedUrl: string | undefined;

function send(browser: Runtime, request: CardRequest): Promise<unknown> {
  return browser.runtime.sendMessage(request).catch(() => undefined);
}

const withoutFragment = (url: string) => url.split('#')[0];

/**
 * The background's answer about this page. Right after a single-page navigation the browser may still report the
 * previous address for a moment, so the answer names the address it is about; until that is where the page is now,
 * ask again a few times (then take the last answer: it is about this page either way, just perhaps stale).
 */
async function askAboutThisPage(browser: Runtime): Promise<CardAnswer | undefined> {
  for (let attempt = 0; ; attempt++) {
    const answer = CardAnswerSchema.safeParse(await send(browser, { type: 'postsForPage' }));
    if (!answer.success) return undefined;
    if (withoutFragment(answer.data.pageUrl) === withoutFragment(location.href) || attempt === 4) return answer.data;
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
}

/**
 * Shows the card when a followed post covers this page: asks the background, which answers from its cache about
 * the address the browser reports for this tab (not `url`, which a page can make its location watcher report by
 * starting a navigation it then stops), validates the answer, and replaces any card shown for a previous address.
 * `url` only says when to ask again: never twice for one address.
 */
export async function showCardFor(url: string, ctx: Context, browser: Runtime): Promise<void> {
  if (ctx.isInvalid || current?.url === url) return;
  current?.host?.remove();
  current = { url };
  const answer = await askAboutThisPage(browser);
  if (!answer?.posts.length || current.url !== url || dismissedUrl === url) return;
  // Another copy of this script (an extension reload) may have shown one already.
  document.querySelectorAll(`[${CARD_HOST_ATTRIBUTE}]`).forEach((old) => old.remove());

  const message = (key: MessageKey, ...subs: string[]) => browser.i18n.getMessage(key, subs);
  const remove = () => host.remove();
  const { host, root } = buildCard(
    answer.posts,
    {
      label: message('content_cardLabel') || 'AI Safety Brief: a summary of this story',
      readPost: message('content_readPost') || 'Read the post',
      dismiss: message('content_dismiss') || 'Close',
      hideSite: message('content_hideSite') || 'Don’t show on this site',
      from: (blog) => message('content_from', blog) || `Summarised by ${blog}`,
    },
    {
      onDismiss: () => {
        dismissedUrl = url;
        remove();
      },
      onHideSite: () => {
        remove();
        void send(browser, { type: 'hideCardsOnSite' });
      },
    },
  );
  current.host = host;
  current.root = root;
  document.documentElement.append(host);
  ctx.onInvalidated(remove);
}

/** What the card shows now (see ./describeCard.ts): for the extension's own pages, never the page. */
export function currentCardDescription(): CardDescription {
  return describeCard(current?.root);
}
