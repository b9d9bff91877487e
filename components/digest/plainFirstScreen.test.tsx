// @vitest-environment happy-dom
import { act, waitFor } from '@testing-library/react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Article } from '@/lib/feed/article';
import { afterPaint } from '@/lib/popup/afterPaint';
import { startEarlyRead, takeEarlyRead } from '@/lib/popup/earlyRead';
import { firstScreenOf } from '@/lib/popup/composeFirstScreen';
import { composeScreenNow } from '@/lib/popup/composeScreen';
import { composedFirstScreenOf } from '@/lib/popup/composedScreen';
import { emptyMarks } from '@/lib/store/marks';
import { popupPrefsItem, type PopupPrefs } from '@/lib/store/popupPrefs';
import { defaultSettings, demoFeedConfig, type FeedConfig } from '@/lib/store/settings';
import { recordKey } from '@/lib/store/feedStore';
import { topicsItem } from '@/lib/topics/topics';
import type { RequestOf } from '@/lib/messages';
import { createPageHandlers } from '@/lib/router/router';
import { readIndex, unseenTotal } from '@/lib/store/storeIndex';
import { withCardLayout } from '@/tests/unit/articleList';
import { seedStore, setSettings } from '@/tests/unit/store';
import { PageBoundary } from '../ErrorBoundary';
import { DigestPage } from './DigestPage';
import { mountDigestPage } from './mountDigestPage';
import { showPlainFirstScreen, type HandOver } from './plainFirstScreen';
import type { ScreenSource } from '@/lib/popup/firstScreen';
import { drawFirstScreenEarly } from './drawFirstScreenEarly';
import { startDigestPage } from './startDigestPage';
import type { DigestSurface } from './useDigestModel';
import { writeLocal } from '@/lib/store/localChanges';

// The plain first screen must be exactly React's first render of the same stored values: React replaces it on its
// first commit, and any difference would flash or jump on screen. Both are drawn here from one early read and
// compared node by node.

const g = globalThis as unknown as Record<string, unknown>;
const NOW = Date.UTC(2026, 10, 26, 9);
const HOUR = 3600e3;

const post = (id: string, hoursAgo: number, more: Partial<Article> = {}): Article => ({
  id,
  title: `Post ${id}`,
  summary: `What post ${id} says.`,
  tags: [],
  authors: [],
  url: `https://blog.test/${id}`,
  publishedAt: NOW - hoursAgo * HOUR,
  ...more,
});

const feeds: FeedConfig[] = [
  { id: 'one', url: 'https://one.test/feed.json', title: 'One', addedAt: 0 },
  { id: 'two', url: 'https://two.test/feed.json', name: 'Renamed two', addedAt: 0 },
  demoFeedConfig(0),
];

async function seed() {
  await setSettings({ ...defaultSettings(), feeds });
  await seedStore(
    {
      one: {
        articles: [
          post('a', 1, {
            imageUrl: 'https://img.test/a.png',
            authors: ['Ada', 'Grace'],
            summary: 'A long summary. '.repeat(20),
            tags: ['Policy', 'Alignment'],
            sourceUrl: 'https://www.reuters.com/world/a',
            sourceDomain: 'reuters.com',
          }),
          post('b', 2, { url: 'javascript:alert(1)', summary: '', tags: ['Policy'] }),
          // Stored images are shown only from http(s) addresses without credentials (a record is a boundary too).
          post('c', 3, { title: '<img src=x onerror=alert(1)>', imageUrl: 'http://user:secret@img.test/c.png' }),
          post('d', 4, {
            modifiedAt: NOW - 4 * HOUR,
            publishedAt: undefined,
            tags: ['Compute'],
            imageUrl: 'javascript:alert(1)',
          }),
        ],
      },
      two: {
        articles: [
          post('e', 1.5, { sourceUrl: 'https://apnews.com/e', sourceDomain: 'apnews.com', url: undefined }),
          post('f', 5, { title: 'Frontier model safety' }),
          post('g', 6),
          post('h', 7),
          post('k', 0, { publishedAt: undefined }),
        ],
      },
      demo: { articles: [post('i', 8), post('j', 9, { tags: ['alignment'] })] },
    },
    { one: { ...emptyMarks(), read: ['a', 'c'] } },
  );
}

/** An element tree as the reader's browser has it: tags, attributes (in any order), text, and nothing else. */
function shape(node: Node): unknown {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  const element = node as Element;
  const attributes = [...element.attributes].map((a) => `${a.name}=${a.value}`).sort();
  const children: unknown[] = [];
  for (const child of element.childNodes) {
    const described = shape(child);
    // Adjacent text nodes read as one text (React writes "Source: " and the host's sentence in pieces).
    if (typeof described === 'string' && typeof children.at(-1) === 'string') children.push(children.pop() + described);
    else if (described !== '') children.push(described);
  }
  const state = element instanceof HTMLInputElement ? [`.value=${element.value}`, `.checked=${element.checked}`] : [];
  return [element.tagName.toLowerCase(), ...attributes, ...state, children];
}

const roots: Root[] = [];

/** React's first commit of the digest page from the same early read, before any effect has run. */
function reactFirstRender(surface: DigestSurface): HTMLElement {
  const container = document.createElement('div');
  const root = createRoot(container);
  roots.push(root);
  flushSync(() =>
    root.render(
      <PageBoundary>
        <DigestPage surface={surface} />
      </PageBoundary>,
    ),
  );
  return container;
}

/**
 * The plain first screen, drawn in `root`. Until React takes it over, it listens to the document's keys: each test's
 * screens stop listening when it ends (as React's taking over makes them), or they would take the next test's keys.
 */
function drawPlain(root: HTMLElement, surface: DigestSurface, from: ScreenSource = 'read'): HandOver | undefined {
  const handOver = showPlainFirstScreen(root, surface, from, from === 'read' ? firstScreenOf : composedFirstScreenOf);
  if (handOver) drawn.push(handOver);
  return handOver;
}
const drawn: HandOver[] = [];

/** The early read, started and answered, as the page's early script leaves it. */
async function earlyRead(surface: DigestSurface = 'popup') {
  startEarlyRead(surface);
  // Beside a composed screen the feeds wait for its paint: React's first render, drawn beside, reads them now.
  takeEarlyRead()!.releaseFeeds();
  await takeEarlyRead()!.settled;
  return takeEarlyRead()!;
}

/** The plain first screen drawn in a root that is in the document (where focus and clicks behave as in a page). */
async function plainInPage() {
  await earlyRead();
  const root = document.createElement('div');
  document.body.append(root);
  return { root, handOver: drawPlain(root, 'popup')! };
}

/**
 * The plain first screen, once painted (its images then have their addresses), and React's first render, from one
 * early read. `composed`: the plain screen is drawn from the first screen the background composed from the store as
 * it is (lib/popup/composeScreen.ts), with no feed read.
 */
async function bothScreens(surface: DigestSurface = 'popup', from: ScreenSource = 'read') {
  if (from === 'composed') await composeScreenNow();
  await earlyRead(surface);
  const plain = document.createElement('div');
  const handOver = drawPlain(plain, surface, from);
  expect(handOver).toBeDefined();
  await afterPaint();
  return { plain, react: reactFirstRender(surface) };
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW });
  g.browser = fakeBrowser;
  await seed();
});
afterEach(async () => {
  for (const root of roots.splice(0)) root.unmount();
  for (const handOver of drawn.splice(0)) await handOver.replay();
  // A test that failed before removing its root would leave it to the next (two #root elements).
  document.body.replaceChildren();
  vi.useRealTimers();
  delete g.browser;
  delete g.__aiSafetyBriefEarlyRead;
});

describe.each<ScreenSource>(['read', 'composed'])('the plain first screen, %s', (from) => {
  it.each<[string, PopupPrefs | undefined, string[] | undefined]>([
    ['no filter', undefined, undefined],
    ['a tag', { tag: 'policy', unreadOnly: false, topicsOnly: false }, undefined],
    ['unread only', { unreadOnly: true, topicsOnly: false }, undefined],
    ['the topics filter, on by itself', undefined, ['frontier', 'alignment']],
  ])('draws exactly what React first renders, with %s', async (_, prefs, terms) => {
    if (prefs) await popupPrefsItem.set(prefs);
    if (terms) await topicsItem.set({ terms });
    const { plain, react } = await bothScreens('popup', from);
    expect(plain.querySelectorAll('article').length).toBeGreaterThan(0);
    expect(shape(plain)).toEqual(shape(react));
  });

  it('draws exactly what React first renders with the reader\'s rules: muted posts left out, "2 muted" said', async () => {
    await setSettings({
      ...defaultSettings(),
      feeds,
      rules: [
        { kind: 'mute', text: '"frontier model"' },
        { kind: 'mute', text: 'compute', feedId: 'one' },
      ],
    });
    const { plain, react } = await bothScreens('popup', from);
    expect(plain.textContent).toContain('2 muted');
    expect(plain.textContent).not.toContain('Frontier model safety');
    expect(shape(plain)).toEqual(shape(react));
  });

  it('draws exactly what React first renders in the side panel', async () => {
    const { plain, react } = await bothScreens('sidepanel', from);
    expect(shape(plain)).toEqual(shape(react));
  });
});

describe('the plain first screen', () => {
  it.each([
    ['may not', false],
    ['may', true],
  ])(
    "draws the side panel's header as React's page has it once settled, when the panel %s follow every tab: the filters below never move",
    async (_, mayFollow) => {
      // The fake browser's own typing says it answers nothing.
      const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(mayFollow as never);
      const { plain, react } = await bothScreens('sidepanel');
      expect(plain.querySelector('.follow-tabs') === null).toBe(mayFollow);
      expect(shape(plain)).toEqual(shape(react));
      // React's page asks the browser itself once mounted (useCurrentPage): its header is still the one first drawn.
      await waitFor(() => expect(contains).toHaveBeenCalledTimes(2));
      await act(async () => {});
      expect(shape(react.querySelector('header')!)).toEqual(shape(plain.querySelector('header')!));
      contains.mockRestore();
    },
  );

  it('shows the first screen only (eight cards), each post once, newest first, feed text as text', async () => {
    const { plain } = await bothScreens();
    const titles = [...plain.querySelectorAll('.card__title-text')].map((title) => title.textContent);
    expect(titles).toEqual([
      'Post a',
      'Post e',
      'Post b',
      '<img src=x onerror=alert(1)>',
      'Post d',
      'Frontier model safety',
      'Post g',
      'Post h',
    ]);
    expect(plain.querySelectorAll('img').length).toBe(1);
    // Never seen before: each is marked "New" from the first paint (React marks them in its first render too).
    expect(plain.querySelectorAll('.card__title .badge-new').length).toBe(8);
    // A javascript: address is no link.
    expect(plain.querySelector('[data-key="one b"] .card__title-text')?.tagName).toBe('SPAN');
    expect(plain.querySelectorAll('a[href^="javascript:"]').length).toBe(0);
  });

  it('leaves to React a first screen that says something else: a failing feed, a dropped post, a change since', async () => {
    const facts = { now: NOW, locale: 'en', online: true, canOpenSidePanel: false, offersFollowEveryTab: false };
    expect(firstScreenOf(await earlyRead(), facts)).toBeDefined();

    const stored = structuredClone((await browser.storage.local.get(recordKey('two')))[recordKey('two')]) as Record<
      string,
      unknown
    > & { head: Record<string, unknown>[] };
    stored.head[1] = { ...stored.head[1], publishedAt: 1e300 };
    await writeLocal({ [recordKey('two')]: stored });
    expect(firstScreenOf(await earlyRead(), facts)).toBeUndefined();

    await writeLocal({
      [recordKey('two')]: {
        ...stored,
        head: stored.head.slice(0, 1),
        error: { kind: 'network', message: 'Down', at: 1 },
      },
    });
    expect(firstScreenOf(await earlyRead(), facts)).toBeUndefined();

    const changed = await earlyRead();
    await setSettings({ ...defaultSettings(), feeds: feeds.slice(0, 1) });
    expect(firstScreenOf(changed, facts)).toBeUndefined();
  });

  it('hands over to React what the reader did before it loaded: the search typed, a box ticked', async () => {
    const { root, handOver } = await plainInPage();
    root.querySelector<HTMLInputElement>('input[type="search"]')!.value = 'frontier';
    const unreadOnly = () => root.querySelector<HTMLInputElement>('.toolbar input[type="checkbox"]')!;
    unreadOnly().click();
    // Held back until React can take it: ticked now, React would draw it unticked.
    expect(unreadOnly().checked).toBe(false);

    await act(async () => void roots.push(mountDigestPage(root, 'popup', handOver)));
    await waitFor(() => expect(root.querySelector<HTMLInputElement>('input[type="search"]')!.value).toBe('frontier'));
    expect(unreadOnly().checked).toBe(true);
    await waitFor(async () => expect((await popupPrefsItem.get()).unreadOnly).toBe(true));
    expect([...root.querySelectorAll('.card__title-text')].map((title) => title.textContent)).toEqual([
      'Frontier model safety',
    ]);
    root.remove();
  });

  it('gives its images their addresses once its first frame has painted: that frame is the words alone', async () => {
    const { root } = await plainInPage();
    const image = root.querySelector<HTMLImageElement>('[data-key="one a"] img.card__image')!;
    expect(image.hasAttribute('src')).toBe(false);
    expect(image.getAttribute('loading')).toBe('lazy');
    await afterPaint();
    expect(image.getAttribute('src')).toBe('https://img.test/a.png');
    // Only the one picture of an http(s) address without credentials, as before.
    expect(root.querySelectorAll('img[src]').length).toBe(1);
    root.remove();
  });

  it("draws React's first render from the values the plain screen drew, then what changed meanwhile", async () => {
    await earlyRead();
    const plain = document.createElement('div');
    drawPlain(plain, 'popup');
    await afterPaint();
    const stored = structuredClone((await browser.storage.local.get(recordKey('two')))[recordKey('two')]) as {
      head: { title: string }[];
    };
    stored.head[0]!.title = 'Changed meanwhile';
    await writeLocal({ [recordKey('two')]: stored });

    // The first commit is the plain screen again (no skeleton, no flip); the change follows.
    const react = reactFirstRender('popup');
    expect(shape(react)).toEqual(shape(plain));
    await waitFor(() =>
      expect(react.querySelector('[data-key="two e"] .card__title-text')?.textContent).toBe('Changed meanwhile'),
    );
  });

  it("holds nothing back once React has committed: a click then is React's alone, not answered twice", async () => {
    const { root, handOver } = await plainInPage();
    const unreadOnly = () => root.querySelector<HTMLInputElement>('.toolbar input[type="checkbox"]')!;
    // React's first render takes the screen over, and its commit restores where the reader was.
    handOver.take().restore();
    unreadOnly().click();
    expect(unreadOnly().checked).toBe(true);
    await handOver.replay();
    expect(unreadOnly().checked).toBe(true);
    root.remove();
  });

  it('replays held clicks one render after another, so each sees the one before (a tag, then unread only)', async () => {
    const { root, handOver } = await plainInPage();
    const chip = [...root.querySelectorAll<HTMLButtonElement>('.toolbar .chip')].find(
      (c) => c.textContent === 'Policy',
    );
    chip!.click();
    root.querySelector<HTMLInputElement>('.toolbar input[type="checkbox"]')!.click();

    await act(async () => void roots.push(mountDigestPage(root, 'popup', handOver)));
    await waitFor(async () => expect(await popupPrefsItem.get()).toMatchObject({ tag: 'Policy', unreadOnly: true }));
    root.remove();
  });
});

describe('a filter change', () => {
  it("has the next opening's first screen composed with the new filter, once the filter is stored", async () => {
    await composeScreenNow();
    const asked: unknown[] = [];
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (message: { type: string }) => {
      if (message.type === 'composeFirstScreen') asked.push((await popupPrefsItem.get()).unreadOnly);
      return { ok: true };
    }) as never);
    const { root, handOver } = await plainInPage();
    await act(async () => void roots.push(mountDigestPage(root, 'popup', handOver)));
    await waitFor(() => expect(root.querySelector('.toolbar input[type="checkbox"]')).not.toBeNull());
    const before = asked.length; // the plain screen, drawn from a read, asked once painted
    await act(async () => root.querySelector<HTMLInputElement>('.toolbar input[type="checkbox"]')!.click());
    // Asked for after the filter was stored: a composition that read the filters before would be stale again.
    await waitFor(() => expect(asked.slice(before)).toEqual([true]));
    await composeScreenNow();
    const next = await earlyRead();
    const page = { now: NOW, locale: 'en', online: true, canOpenSidePanel: false, offersFollowEveryTab: false };
    const kept = composedFirstScreenOf(next, page);
    expect(kept?.prefs).toMatchObject({ unreadOnly: true });
    root.remove();
  });
});

describe('what the plain first screen shows', () => {
  it('is seen once painted, even when the popup closes before React has loaded the rest', async () => {
    const send = vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValue(undefined);
    const before = await readIndex();
    expect(
      unseenTotal(
        before,
        feeds.map((feed) => feed.id),
      ),
    ).toBeGreaterThan(0);
    await plainInPage();
    await vi.waitFor(() => expect(send).toHaveBeenCalled());
    const message = send.mock.calls[0]![0] as unknown as RequestOf<'markAllSeen'>;
    // Each feed up to the newest arrival the screen was drawn from: what React's page sends once it has loaded.
    expect(message).toEqual({
      type: 'markAllSeen',
      upTo: Object.fromEntries(feeds.map((feed) => [feed.id, before.feeds[feed.id]!.seq])),
    });
    // The background takes it as it takes React's: the badge clears.
    await createPageHandlers().markAllSeen(message);
    expect(await browser.action.getBadgeText({})).toBe('');
  });
});

describe('a composed first screen', () => {
  it("reads the feeds for React's first render once painted, before it says what it showed is seen", async () => {
    await composeScreenNow();
    const order: string[] = [];
    const get = browser.storage.local.get.bind(browser.storage.local) as (keys: string[]) => Promise<unknown>;
    vi.spyOn(browser.storage.local, 'get').mockImplementation((async (keys: string[]) => {
      if (Array.isArray(keys) && keys.some((key) => key.startsWith('feed:'))) order.push('feeds read');
      return get(keys);
    }) as never);
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (message: { type: string }) => {
      order.push(message.type);
    }) as never);
    startEarlyRead();
    await takeEarlyRead()!.itemsSettled;
    const root = document.createElement('div');
    document.body.append(root);
    expect(drawPlain(root, 'popup', 'composed')).toBeDefined();
    // Not before the paint: the feeds' values arriving would hold the first frame back.
    expect(order).toEqual([]);
    await waitFor(() => expect(order).toContain('markAllSeen'));
    expect(order[0]).toBe('feeds read');
    // React's first render, from those feeds, is the screen drawn: the posts shown as New are New in it too.
    await takeEarlyRead()!.settled;
    const react = reactFirstRender('popup');
    expect(react.querySelectorAll('.badge-new').length).toBeGreaterThan(0);
    expect(shape(react)).toEqual(shape(root));
    root.remove();
  });
});

describe('keys on the plain first screen', () => {
  it('a list key pressed before React loaded moves the focus once it has (j: the first card)', async () => {
    withCardLayout();
    const { root, handOver } = await plainInPage();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, cancelable: true }));
    await act(async () => void roots.push(mountDigestPage(root, 'popup', handOver)));
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.key).toBe('one a'));
    root.remove();
  });
});

describe('where the reader was on the plain first screen', () => {
  it('is where they are once React has taken over: the list scrolled, the focus on the same card', async () => {
    withCardLayout();
    const { root, handOver } = await plainInPage();
    root.querySelector('.popup__main')!.scrollTop = 240;
    root.querySelector<HTMLElement>('[data-key="one c"]')!.focus();

    await act(async () => void roots.push(mountDigestPage(root, 'popup', handOver)));
    await waitFor(() => expect(root.querySelector('.card__title-text')).not.toBeNull());
    expect(root.querySelector('.popup__main')!.scrollTop).toBe(240);
    expect((document.activeElement as HTMLElement).dataset.key).toBe('one c');
    // React's own card, not the plain one.
    expect(root.contains(document.activeElement)).toBe(true);
    root.remove();
  });

  it('is in the search, with the caret where it was', async () => {
    const { root, handOver } = await plainInPage();
    const search = () => root.querySelector<HTMLInputElement>('input[type="search"]')!;
    search().focus();
    search().value = 'frontier';
    search().setSelectionRange(3, 3);

    await act(async () => void roots.push(mountDigestPage(root, 'popup', handOver)));
    await waitFor(() => expect(search().value).toBe('frontier'));
    expect(document.activeElement).toBe(search());
    expect([search().selectionStart, search().selectionEnd]).toEqual([3, 3]);
    root.remove();
  });
});

/** The page's #root, in the document, with the early read started: as the popup's early scripts find them. */
function pageRoot(): HTMLElement {
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);
  startEarlyRead();
  return root;
}

describe('the page start (./drawFirstScreenEarly.ts, ./startDigestPage.ts)', () => {
  it('draws only once the body is parsed: the early script runs in the head, before #root exists', async () => {
    let state: DocumentReadyState = 'loading';
    vi.spyOn(document, 'readyState', 'get').mockImplementation(() => state);
    startEarlyRead();
    const fromComposed = vi.fn(() => undefined);
    const fromRead = vi.fn(async () => undefined);
    drawFirstScreenEarly('popup', fromComposed, fromRead);
    await takeEarlyRead()!.settled;
    await new Promise((resolve) => setTimeout(resolve));
    expect(fromComposed).not.toHaveBeenCalled();

    const root = document.createElement('div');
    root.id = 'root';
    document.body.append(root);
    state = 'interactive';
    document.dispatchEvent(new Event('readystatechange'));
    // No composed screen is stored: the screen is composed from the feeds' read.
    await waitFor(() => expect(fromRead).toHaveBeenCalledWith(root, 'popup'));
    expect(fromComposed).toHaveBeenCalledWith(root, 'popup');
    root.remove();
  });

  it('takes a screen drawn from the kept one over once the feeds have been read: never a list still loading', async () => {
    await composeScreenNow();
    let answer = () => {};
    const gate = new Promise<void>((resolve) => (answer = resolve));
    const get = browser.storage.local.get.bind(browser.storage.local) as (keys: string[]) => Promise<unknown>;
    vi.spyOn(browser.storage.local, 'get').mockImplementation((async (keys: string[]) => {
      if (Array.isArray(keys) && keys.some((key) => key.startsWith('feed:'))) await gate;
      return get(keys);
    }) as never);
    const root = pageRoot();
    drawFirstScreenEarly(
      'popup',
      (at, surface) => drawPlain(at, surface, 'composed'),
      async () => undefined,
    );
    await waitFor(() => expect(takeEarlyRead()!.drawnFrom).toBe('composed'));
    let mounted = false;
    const started = startDigestPage('popup').then((page) => {
      mounted = true;
      roots.push(page);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mounted).toBe(false);
    answer();
    await act(async () => void (await started));
    expect(mounted).toBe(true);
    expect(root.querySelectorAll('.card__title-text').length).toBeGreaterThan(0);
    root.remove();
  });

  it("draws the first screen from the early script, before the page's module runs, and React takes it over", async () => {
    const root = pageRoot();
    drawFirstScreenEarly(
      'popup',
      (root, surface) => drawPlain(root, surface, 'composed'),
      (root, surface) => takeEarlyRead()!.settled.then(() => drawPlain(root, surface)),
    );
    await waitFor(() => expect(takeEarlyRead()!.drawn).toBe(true));
    const plainTitles = [...root.querySelectorAll('.card__title-text')].map((title) => title.textContent);
    expect(plainTitles.length).toBeGreaterThan(0);
    // Held until React has taken over: a box ticked on the plain screen is ticked by React's page.
    root.querySelector<HTMLInputElement>('.toolbar input[type="checkbox"]')!.click();

    await act(async () => void roots.push(await startDigestPage('popup')));
    await waitFor(async () => expect((await popupPrefsItem.get()).unreadOnly).toBe(true));
    expect(root.querySelector<HTMLInputElement>('.toolbar input[type="checkbox"]')!.checked).toBe(true);
    root.remove();
  });
});
