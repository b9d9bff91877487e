import { browser } from 'wxt/browser';
import type { DigestEntry } from '@/lib/digest/digest';
import { resolveHttpUrl } from '@/lib/feed/url';
import { describeTime } from '@/lib/format/dates';
import { t, uiLocale } from '@/lib/i18n/t';
import type { RequestOf } from '@/lib/messages';
import { faviconUrl } from '@/lib/popup/favicon';
import { afterPaint } from '@/lib/popup/afterPaint';
import { watchPointerPress } from '@/lib/popup/pointerPress';
import { aimOf, findAim, type Aim } from '@/lib/popup/aim';
import { takeEarlyRead, type EarlyRead } from '@/lib/popup/earlyRead';
import type { FirstScreen, PageFacts, ScreenSource } from '@/lib/popup/firstScreen';
import { keyPlace, listKeyAction, type KeyPress } from '@/lib/popup/keyboard';
import { hasSidePanel } from '@/lib/sidepanel/sidePanel';
import { cardIds, LONG_SUMMARY, splitAtSlot } from '../cardShape';
import type { DigestSurface } from './useDigestModel';

// The popup's first screen drawn with plain DOM calls, before React has loaded: the header, the filters and the
// first cards, element for element and attribute for attribute what React's first render makes of the same values
// (./DigestPage.tsx, ./DigestBody.tsx, ../PostList.tsx, ../ArticleCard.tsx). React then loads after the paint and
// replaces it with its own, identical, DOM (createRoot clears its container on its first commit). A test renders
// both from the same stored values and compares them node by node (./plainFirstScreen.test.tsx): a change to one of
// those components that is not made here too fails it.
//
// Over 200 lines on purpose: it mirrors four React components (the page, the body, the list, the card) as one
// drawing, because it must stay identical to React's first render as a whole: one file is one thing to compare
// against them, and its test compares the whole first screen, not piece by piece.
//
// Why not React itself: React and its DOM renderer are two thirds of the popup's script, and loading them (reading,
// compiling, evaluating) was most of the time between the page's start and its first card. Feed text is set as
// text (text nodes, attributes), never parsed as HTML.

type Child = Node | string | false | undefined;
type Attributes = Record<string, string | number | boolean | undefined>;

/**
 * An element with its attributes and children, written as React writes them: undefined is absent; for `aria-*`, a
 * boolean is its text ("false"); for any other attribute, `false` is absent and `true` present and empty.
 */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (typeof value !== 'boolean' || name.startsWith('aria-')) element.setAttribute(name, String(value));
    else if (value) element.setAttribute(name, '');
  }
  for (const child of children) if (child !== undefined && child !== false && child !== '') element.append(child);
  return element;
}

/**
 * The screen's images (each card's picture, each source's favicon), drawn without their address and given it once the
 * first frame has painted (`loadImagesAfterPaint`): setting an image's address starts its load then and there, inside
 * the drawing, and with eight cards' pictures and favicons that was about a tenth of the time to the first card
 * (builds alternated, 60 openings each: 0.89–0.90× without, in three runs at 20 and 5,000 posts). The first frame
 * shows the cards' words, and their images follow a frame later (a picture from the network seldom made the first
 * frame anyway). One screen is drawn per page.
 */
const imagesAfterPaint: [HTMLImageElement, string][] = [];

/** An image that is given its address `src` once the first frame has painted. */
function imageAfterPaint(attributes: Attributes, src: string): HTMLImageElement {
  const img = h('img', attributes);
  imagesAfterPaint.push([img, src]);
  return img;
}

/** Gives the screen's images their addresses: their loads begin. */
function loadImagesAfterPaint(): void {
  for (const [img, src] of imagesAfterPaint.splice(0)) img.src = src;
}

/**
 * What the reader did on the plain first screen, for React's page to take over: `take`, at its first render (the
 * plain screen still on screen), the search typed and where the reader was; `replay`, once it is live, the clicks on
 * its controls and the list's keys (j, k, Enter…), which the plain screen held back. Links need no help: they open
 * by themselves (and the post is marked read at once, as React's card does).
 */
export type HandOver = { take(): TakenOver; replay(): Promise<void> };

/**
 * The search typed on the plain screen, for React's first render; and `restore`, for right after its commit (before
 * it paints): the list scrolled as it was, the focus on the same control or card, the caret where it was. React's
 * commit replaces every node, and a new node has none of these. From `restore` on, the plain screen holds no click
 * back: React's handlers are live.
 */
export type TakenOver = { query: string; restore(): void };

/** A click or key held back, and where it was aimed (an event whose aim React's page no longer has is dropped). */
type HeldEvent = { aim?: Aim; key?: KeyPress };

/**
 * How a first screen is worked out from the early read: lib/popup/composedScreen.ts `composedFirstScreenOf` or
 * lib/popup/composeFirstScreen.ts `firstScreenOf`, passed in, so that the early script that draws a composed screen
 * loads none of what composing one takes.
 */
export type ScreenOf = (early: EarlyRead, page: PageFacts) => FirstScreen | undefined;

/**
 * Draws the digest page's first screen from the popup's early read, when that is the list of posts (see
 * `firstScreenOf`), and marks the paint for the bench. Returns what React needs to take over, or undefined when
 * nothing was drawn (React then draws the first screen itself).
 */
export function showPlainFirstScreen(
  root: HTMLElement,
  surface: DigestSurface,
  from: ScreenSource,
  screenOf: ScreenOf,
): HandOver | undefined {
  const early = takeEarlyRead();
  if (!early) return undefined;
  let seenUpTo: FirstScreen['seenUpTo'];
  try {
    const screen = screenOf(early, {
      now: Date.now(),
      locale: uiLocale(),
      online: navigator.onLine,
      canOpenSidePanel: surface === 'popup' && hasSidePanel(),
      offersFollowEveryTab: surface === 'sidepanel' && early.everyTabValue === false,
    });
    if (!screen) return undefined;
    root.replaceChildren(page(screen));
    seenUpTo = screen.seenUpTo;
  } catch (error) {
    // React draws the page (and says what went wrong) as it did before the plain screen existed.
    console.error('AI Safety Brief: the first screen could not be drawn before React.', error);
    root.replaceChildren();
    imagesAfterPaint.length = 0;
    return undefined;
  }
  // React's first render draws these very values, even if one changes meanwhile: it then reads the change itself.
  early.drawn = true;
  early.drawnFrom = from;
  // React replaces this screen's DOM: it waits for a press on it to be released (startDigestPage).
  watchPointerPress();
  // For the bench (npm run bench): the frame that shows the first card has been painted (see useMarkFirstArticle).
  // What it shows is seen from that paint on, as React's page would say once it has loaded every post: a popup
  // closed before then (a reader who glanced at it) has still seen its posts, and the badge clears.
  void afterPaint().then(() => {
    performance.mark('first-article');
    // Beside a composed screen, the feeds' read waited for this paint (lib/popup/earlyRead.ts). It goes before the
    // "seen" below: React's first render draws from it, and must find the marks this screen was drawn with (the posts
    // it showed as New), not the background's write that follows the message.
    early.releaseFeeds();
    loadImagesAfterPaint();
    if (seenUpTo)
      browser.runtime.sendMessage({ type: 'markAllSeen', upTo: seenUpTo } satisfies MarkAllSeen).catch(() => undefined);
    // The page composed its own screen: the kept one was stale or missing. The next opening finds it composed again.
    if (from === 'read')
      browser.runtime
        .sendMessage({ type: 'composeFirstScreen' } satisfies RequestOf<'composeFirstScreen'>)
        .catch(() => undefined);
  });

  const held: HeldEvent[] = [];
  const onClick = (event: MouseEvent) => {
    if (!(event.target instanceof Element) || !root.contains(event.target)) return;
    const link = event.target.closest('a[href]');
    const post = link?.closest<HTMLElement>('article[data-key]')?.dataset.key;
    // The popup closes when the link's tab opens: this cannot wait for React. Unanswered, it is one mark less.
    if (post)
      browser.runtime
        .sendMessage({ type: 'setRead', keys: [post], read: true } satisfies SetRead)
        .catch(() => undefined);
    const control = event.target.closest('button, input[type="checkbox"]');
    if (!control) return;
    // A box ticked now would be undone by React's page, which has not seen it: React ticks it when it replays it.
    event.preventDefault();
    // The side panel opens, and a permission is asked for, only inside the reader's own click, which a replay is not.
    if (control.textContent === t('popup_openSidePanel') || control.closest('.follow-tabs')) return;
    held.push({ aim: aimOf(root, control) });
  };
  const onKey = (event: KeyboardEvent) => {
    const where = keyPlace(event.target, root.querySelector('ol.list'));
    if (event.defaultPrevented || !listKeyAction(event, where)) return;
    event.preventDefault();
    const { key, shiftKey, ctrlKey, metaKey, altKey } = event;
    const on = event.target instanceof Element && root.contains(event.target) ? aimOf(root, event.target) : undefined;
    held.push({ aim: on, key: { key, shiftKey, ctrlKey, metaKey, altKey } });
  };
  root.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  // React answers clicks from its commit on: a click held then would be answered twice (a read mark set by React,
  // then undone by the replay), and a box ticked then would be unticked by this screen's preventDefault. Its list
  // keys are listened to only from its effects on, so keys are held until the replay.
  const stopHoldingClicks = () => root.removeEventListener('click', onClick);
  return {
    take() {
      const search = root.querySelector<HTMLInputElement>('input[type="search"]');
      const scrollTop = root.querySelector('.popup__main')?.scrollTop ?? 0;
      const focused = document.activeElement;
      const focus = focused && focused !== root && root.contains(focused) ? aimOf(root, focused) : undefined;
      const caret = search && focused === search ? ([search.selectionStart, search.selectionEnd] as const) : undefined;
      return {
        query: search?.value ?? '',
        restore() {
          stopHoldingClicks();
          const main = root.querySelector('.popup__main');
          if (main && scrollTop) main.scrollTop = scrollTop;
          const target = focus && findAim(root, focus);
          if (!(target instanceof HTMLElement)) return;
          target.focus({ preventScroll: true });
          if (caret && target instanceof HTMLInputElement) target.setSelectionRange(caret[0], caret[1]);
        },
      };
    },
    async replay() {
      stopHoldingClicks();
      document.removeEventListener('keydown', onKey);
      for (const { aim, key } of held.splice(0)) {
        const target = aim ? findAim(root, aim) : document.body;
        if (!target) continue;
        if (!key) (target as HTMLElement).click();
        else target.dispatchEvent(new KeyboardEvent('keydown', { ...key, bubbles: true, cancelable: true }));
        // One event per render: each handler then sees what the one before it changed (two filters ticked: both).
        await new Promise((resolve) => setTimeout(resolve));
      }
    },
  };
}

type SetRead = RequestOf<'setRead'>;
type MarkAllSeen = RequestOf<'markAllSeen'>;

function page(screen: FirstScreen): HTMLElement {
  return h(
    'div',
    { class: 'popup' },
    h(
      'header',
      { class: 'popup__header' },
      h('h1', {}, t('extName')),
      h('span', { class: 'muted', 'aria-live': 'polite' }, screen.status),
      h(
        'div',
        { class: 'popup__header-actions' },
        h('button', { type: 'button', disabled: !screen.online }, t('popup_refresh')),
        h('button', { type: 'button' }, t('popup_options')),
      ),
      screen.offersFollowEveryTab &&
        h(
          'label',
          { class: 'toggle follow-tabs', title: t('sidepanel_followPageHint') },
          checkbox(false),
          t('sidepanel_followPage'),
        ),
    ),
    h(
      'div',
      { class: 'toolbar', role: 'search' },
      h('input', {
        type: 'search',
        placeholder: t('popup_search'),
        'aria-label': t('popup_search'),
        'aria-keyshortcuts': '/',
        value: '',
      }),
      h('label', { class: 'toggle' }, checkbox(screen.prefs.unreadOnly), t('popup_unreadOnly')),
      h(
        'label',
        { class: 'toggle', title: t('popup_topicsOnlyHint') },
        checkbox(screen.topicsOnly),
        t('popup_topicsOnly'),
      ),
      h('button', { type: 'button', disabled: !screen.unreadCount }, t('popup_markAllRead')),
      screen.canOpenSidePanel &&
        h('button', { type: 'button', title: t('popup_openSidePanelHint') }, t('popup_openSidePanel')),
      tagChips(screen.tags, screen.prefs.tag),
    ),
    h(
      'main',
      { class: 'popup__main' },
      screen.muted > 0 &&
        h(
          'p',
          { class: 'muted list-count' },
          h(
            'button',
            { type: 'button', class: 'link-button', 'aria-expanded': false },
            t('popup_muted', screen.muted.toLocaleString(screen.locale)),
          ),
        ),
      screen.total !== undefined &&
        h(
          'p',
          { class: 'muted list-count', role: 'status' },
          t('popup_count', screen.count.toLocaleString(screen.locale), screen.total.toLocaleString(screen.locale)),
        ),
      h(
        'ol',
        { class: 'list', 'aria-label': t('popup_posts') },
        ...screen.entries.map((entry, index) => row(entry, index, screen)),
      ),
      screen.followsDemo &&
        h(
          'p',
          { class: 'hint' },
          t('popup_demoHint'),
          ' ',
          h('button', { type: 'button', class: 'link-button' }, t('popup_demoHintAction')),
        ),
    ),
    h('footer', { class: 'muted keys-help' }, t('popup_keyboardHelp')),
  );
}

function checkbox(checked: boolean): HTMLInputElement {
  const input = h('input', { type: 'checkbox', checked });
  input.checked = checked;
  return input;
}

/** ../TagChips.tsx, with a chip per tag that toggles the filter. */
function tagChips(tags: string[], activeTag: string | undefined): HTMLElement | undefined {
  if (!tags.length) return undefined;
  return h(
    'ul',
    { class: 'chips', 'aria-label': t('popup_filterByTag') },
    ...tags.map((tag) => {
      const active = activeTag?.toLowerCase() === tag.toLowerCase();
      return h(
        'li',
        {},
        h('button', { type: 'button', class: active ? 'chip chip--active' : 'chip', 'aria-pressed': active }, tag),
      );
    }),
  );
}

/** ../PostRow.tsx in the plain list of ../PostList.tsx, holding ../ArticleCard.tsx. */
function row(entry: DigestEntry, index: number, screen: FirstScreen): HTMLElement {
  const { article, read, isNew } = entry;
  const date = describeTime(article.publishedAt ?? article.modifiedAt, screen.now, screen.locale);
  const { titleId, summaryId } = cardIds(entry.key);
  const icon = article.sourceUrl ? faviconUrl(article.sourceUrl) : undefined;
  const card = h(
    'article',
    {
      class: read ? 'card' : 'card card--unread',
      'aria-labelledby': titleId,
      'data-testid': 'article',
      'data-key': entry.key,
      tabindex: index === 0 ? 0 : -1,
    },
    image(article.imageUrl),
    h(
      'div',
      { class: 'card__body' },
      h(
        'h2',
        { class: 'card__title', id: titleId },
        !read && h('span', { class: 'card__dot', 'aria-label': t('card_unread'), role: 'img' }),
        isNew && h('span', { class: 'badge-new' }, t('card_new')),
        link('card__title-text', article.url, [article.title], -1),
      ),
      h(
        'p',
        { class: 'card__meta' },
        h('span', { class: 'card__feed', dir: 'auto' }, entry.feedTitle),
        article.authors.length > 0 && h('span', { dir: 'auto' }, article.authors.join(', ')),
        date && h('time', { datetime: date.iso, title: date.exact }, date.relative),
      ),
      article.summary && h('p', { id: summaryId, class: 'card__summary' }, article.summary),
      article.summary.length > LONG_SUMMARY &&
        h(
          'button',
          { type: 'button', class: 'action action--quiet', 'aria-expanded': false, 'aria-controls': summaryId },
          t('card_more'),
        ),
      tagChips(article.tags, screen.prefs.tag),
      h(
        'div',
        { class: 'card__actions' },
        article.url && link('action', article.url, [t('card_readPost')]),
        article.sourceUrl &&
          link('action action--source', article.sourceUrl, [
            icon && imageAfterPaint({ class: 'favicon', alt: '', width: 16, height: 16 }, icon),
            ...withHost((slot) => t('card_source', slot), article.sourceDomain ?? ''),
          ]),
        h(
          'button',
          { type: 'button', class: 'action action--quiet' },
          read ? t('card_markUnread') : t('card_markRead'),
        ),
      ),
    ),
  );
  return h(
    'li',
    {
      'data-index': index,
      'aria-setsize': screen.count,
      'aria-posinset': index + 1,
      class: 'list__row',
      style: 'position: static; display: flow-root;',
    },
    card,
  );
}

/** ../ArticleCard.tsx's image: for an http(s) address only (a stored record is a boundary too). */
function image(address: string | undefined): HTMLImageElement | undefined {
  const src = resolveHttpUrl(address);
  if (!src) return undefined;
  // `loading` and the referrer policy before `src`, as React sets them: set first, `src` would start an eager fetch.
  const img = imageAfterPaint(
    { class: 'card__image', alt: '', loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' },
    src,
  );
  img.addEventListener('error', () => (img.hidden = true));
  return img;
}

/** ../SafeLink.tsx: a link that opens in a new tab, for an http(s) address only; anything else is plain text. */
function link(className: string, href: string | undefined, children: Child[], tabIndex?: number): HTMLElement {
  const safe = resolveHttpUrl(href);
  if (!safe) return h('span', { class: className }, ...children);
  const attributes = { class: className, tabindex: tabIndex, href: safe, target: '_blank', rel: 'noopener noreferrer' };
  return h('a', attributes, ...children);
}

/** ../Bidi.tsx `withElement` with `Host`: the message split around the host, which is isolated left to right. */
function withHost(message: (slot: string) => string, host: string): Child[] {
  const parts = splitAtSlot(message);
  return parts.flatMap((part, i) => (i < parts.length - 1 ? [part, h('bdi', { dir: 'ltr' }, host)] : [part]));
}
