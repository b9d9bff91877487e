import type { Tab } from './driver';
import { Locator } from './locator';

// Page objects: tests read as a person's steps ("add this feed", "the titles I see"), the same in both browsers.

/** A page of the extension (popup, options), with Playwright-style locators from its root. */
export class ExtensionPage {
  readonly root: Locator;
  constructor(readonly tab: Tab) {
    this.root = new Locator(tab);
  }
  locator(css: string) {
    return this.root.locator(css);
  }
  getByRole(...args: Parameters<Locator['getByRole']>) {
    return this.root.getByRole(...args);
  }
  getByLabel(...args: Parameters<Locator['getByLabel']>) {
    return this.root.getByLabel(...args);
  }
  getByTestId(testId: string) {
    return this.root.getByTestId(testId);
  }
  getByText(...args: Parameters<Locator['getByText']>) {
    return this.root.getByText(...args);
  }
  press(key: string) {
    return this.tab.press(key);
  }
  type(text: string) {
    return this.tab.type(text);
  }
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A) {
    return this.tab.evaluate(fn, arg);
  }
  reload() {
    return this.tab.reload();
  }
  bringToFront() {
    return this.tab.bringToFront();
  }
  setViewport(width: number, height: number) {
    return this.tab.setViewport(width, height);
  }
  screenshot(path: string) {
    return this.tab.screenshot(path);
  }
  close() {
    return this.tab.close();
  }
  /** What the focused element is: its card key, or its tag name. */
  focusedKey() {
    return this.tab.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.key ?? document.activeElement?.tagName);
  }
}

export class Popup extends ExtensionPage {
  readonly articles = this.getByTestId('article');
  /** For older call sites: the popup is its own page object. */
  get page() {
    return this;
  }
  article(title: string) {
    return this.articles.filter({ has: this.getByRole('heading', { name: title }) });
  }
  titles() {
    return this.articles.locator('.card__title-text').allInnerTexts();
  }
  search(text: string) {
    return this.getByRole('searchbox', { name: 'Search posts' }).fill(text);
  }
  refresh() {
    return this.getByRole('button', { name: 'Refresh' }).click();
  }
  feedProblems() {
    return this.getByRole('list', { name: 'Feed problems' });
  }
  tagFilter(tag: string) {
    return this.getByRole('list', { name: 'Filter by tag' }).first().getByRole('button', { name: tag });
  }
}

export class Options extends ExtensionPage {
  get page() {
    return this;
  }
  async addFeed(url: string) {
    await this.getByLabel('Feed URL').fill(url);
    await this.getByRole('button', { name: 'Add feed' }).click();
  }
  status() {
    return this.locator('#feed-status');
  }
  feedList() {
    return this.getByRole('list', { name: 'Followed feeds' });
  }
}

/** What the summary card shows a reader, read through its shadow root. */
export type CardView = {
  /** The card is in the page. */
  present: boolean;
  /** It takes up space on screen. */
  visible: boolean;
  heading: string;
  text: string;
  links: { name: string; href: string | null }[];
  buttons: string[];
};

/** A web page in a tab (a news story, a blog), as the tests served it. */
export class WebPage {
  constructor(readonly tab: Tab) {}

  url() {
    return this.tab.url();
  }
  reload() {
    return this.tab.reload();
  }
  close() {
    return this.tab.close();
  }
  /** Runs in the page's own world, as its scripts do. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A) {
    return this.tab.evaluate(fn, arg);
  }
  /** Whether the first element matching `css` is shown. Read from an isolated world: the page may be hostile. */
  isVisible(css: string) {
    return this.tab.evaluateIsolated((css) => {
      const el = document.querySelector(css);
      return !!el && el.getBoundingClientRect().height > 0 && getComputedStyle(el).display !== 'none';
    }, css);
  }

  /**
   * The summary card as the reader sees it. Every test reads the card through here (and clicks it through
   * `clickInCard`), so the way into its shadow root is written once.
   */
  readCard(): Promise<CardView> {
    return this.tab.evaluateIsolated(() => {
      const hosts = document.querySelectorAll('[data-ai-safety-brief-card]');
      const host = hosts[0] as HTMLElement | undefined;
      const root = host?.shadowRoot;
      if (!host || !root) return { present: hosts.length > 0, visible: false, heading: '', text: '', links: [], buttons: [] };
      const box = host.getBoundingClientRect();
      const aside = root.querySelector('aside') as HTMLElement | null;
      const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();
      return {
        present: true,
        visible: box.width > 0 && box.height > 0 && getComputedStyle(host).display !== 'none',
        heading: (root.querySelector('h1,h2,h3,h4,[role=heading]') as HTMLElement | null)?.innerText ?? '',
        text: aside?.innerText ?? '',
        links: Array.from(root.querySelectorAll('a')).map((a) => ({ name: text(a), href: a.getAttribute('href') })),
        buttons: Array.from(root.querySelectorAll('button')).map((b) => b.getAttribute('aria-label') ?? text(b)),
      };
    });
  }

  /** How many cards the page holds (more than one would be a bug). */
  cardCount() {
    return this.tab.evaluateIsolated(() => document.querySelectorAll('[data-ai-safety-brief-card]').length);
  }

  /** Clicks the card's button or link named `name`, with the real mouse. */
  async clickInCard(name: string) {
    const point = await this.tab.evaluateIsolated((name) => {
      const root = document.querySelector('[data-ai-safety-brief-card]')?.shadowRoot;
      const target = Array.from(root?.querySelectorAll('button, a') ?? []).find(
        (el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim() === name,
      );
      if (!target) return null;
      target.scrollIntoView({ block: 'center' });
      const box = target.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }, name);
    if (!point) throw new Error(`the card has no control named ${name}`);
    await this.tab.clickAt(point.x, point.y);
  }

  /** Focuses the card's link named `name` and says whether the page's focus moved into the card (tab order). */
  focusCardLink(name: string) {
    return this.tab.evaluateIsolated((name) => {
      const host = document.querySelector('[data-ai-safety-brief-card]');
      const link = Array.from(host?.shadowRoot?.querySelectorAll('a') ?? []).find((a) => (a.textContent ?? '').trim() === name);
      link?.focus();
      return !!link && document.activeElement === host;
    }, name);
  }
}
