import { expect } from 'vitest';
import { CARD_HOST_ATTRIBUTE as CARD_HOST } from '../../../lib/content/card';
import type { CardDescription } from '../../../lib/content/describeCard';
import { axeViolations } from './axe';
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
    return this.tab.evaluate(
      () => (document.activeElement as HTMLElement | null)?.dataset.key ?? document.activeElement?.tagName,
    );
  }
}

export class Popup extends ExtensionPage {
  readonly articles = this.getByTestId('article');
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
  /**
   * Opts a site in to the summary card, as the reader does: the checkbox asks the browser for the site (Firefox:
   * the test profile answers yes; Chromium: granted up front in the test build) and turns on once the background
   * has registered the card there.
   */
  async showSummariesOn(site: string) {
    await this.getByLabel(`Show summaries on ${site}`).click();
    await expect.poll(() => this.getByLabel(`Show summaries on ${site}`).isChecked()).toBe(true);
  }
}

/** What the page shows when its tab has no summary card (or no content script to ask). */
const NO_CARD: CardDescription = {
  count: 0,
  present: false,
  visible: false,
  heading: '',
  text: '',
  links: [],
  buttons: [],
  controls: [],
  focused: null,
};

/** A web page in a tab (a news story, a blog), as the tests served it. */
export class WebPage {
  constructor(
    readonly tab: Tab,
    private readonly describeCard: () => Promise<CardDescription | null>,
  ) {}

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
   * The summary card as the reader sees it. It is in a closed shadow root, which neither the page nor a test
   * driver's world can open: the extension asks the tab's content script (`describeCard`, lib/content/describeCard.ts).
   * Every test reads the card through here and clicks it through `clickInCard`, so that way in is written once.
   */
  async readCard(): Promise<CardDescription> {
    return (await this.describeCard()) ?? NO_CARD;
  }

  /** How many card hosts the page holds (more than one would be a bug): the page itself can count those. */
  cardCount() {
    return this.tab.evaluateIsolated((host) => document.querySelectorAll(`[${host}]`).length, CARD_HOST);
  }

  /** Clicks the card's button or link named `name`, with the real mouse. */
  async clickInCard(name: string) {
    const control = (await this.describeCard())?.controls.find((c) => c.name === name);
    if (!control) throw new Error(`the card has no control named ${name}`);
    await this.tab.clickAt(control.x, control.y);
  }

  /**
   * What axe-core finds wrong in the summary card (see ./axe.ts). axe reads the page as its scripts can, so it
   * cannot see into the card's closed shadow root: the card's markup (its style sheet included) is copied, as a
   * debugger reads it, into an open shadow root at the same place on screen, and axe checks the copy; the card is
   * hidden meanwhile. The copy goes in the page's body (axe cannot decide colour contrast outside it, where the card
   * itself sits), and its entrance animation is finished first, so colours are read at full opacity.
   */
  async cardViolations(): Promise<string[]> {
    const html = await this.tab.shadowRootHtml(`[${CARD_HOST}]`);
    if (html === null) throw new Error('the page shows no summary card');
    await this.tab.evaluate(
      ({ html, host }) => {
        const card = document.querySelector<HTMLElement>(`[${host}]`)!;
        const copy = document.createElement('div');
        copy.setAttribute('data-axe-card-copy', '');
        copy.style.cssText = card.style.cssText;
        const root = copy.attachShadow({ mode: 'open' });
        root.innerHTML = html;
        card.style.setProperty('visibility', 'hidden', 'important');
        document.body.append(copy);
        for (const animation of root.getAnimations()) animation.finish();
      },
      { html, host: CARD_HOST },
    );
    try {
      return await axeViolations(this.tab, '[data-axe-card-copy]');
    } finally {
      await this.tab.evaluate((host) => {
        document.querySelector('[data-axe-card-copy]')?.remove();
        document.querySelector<HTMLElement>(`[${host}]`)?.style.setProperty('visibility', 'visible', 'important');
      }, CARD_HOST);
    }
  }

  /** Moves the focus with Tab, as a keyboard user would, until the card's link named `name` has it (tab order). */
  async focusCardLink(name: string) {
    for (let presses = 0; presses < 12; presses++) {
      await this.tab.press('Tab');
      if ((await this.describeCard())?.focused === name) return true;
    }
    return false;
  }
}
