import type { BrowserContext, Page } from 'playwright-core';

// The Chromium-only tests (security.e2e.ts, store.e2e.ts) drive Playwright pages directly with these; the tests that
// run in every browser use the page objects in ./pages.ts.

// Page objects: tests read as a person's steps ("add this feed", "the titles I see").

/** The popup opened as a page (`navigate: false` for a page already showing it, e.g. a popup window). */
export async function openPopup(context: BrowserContext, id: string, page?: Page, navigate = true) {
  const p = page ?? (await context.newPage());
  if (navigate) await p.goto(`chrome-extension://${id}/popup.html`);
  const articles = p.getByTestId('article');
  return {
    page: p,
    articles,
    article: (title: string) => articles.filter({ has: p.getByRole('heading', { name: title }) }),
    async titles() {
      return articles.locator('.card__title-text').allInnerTexts();
    },
    search: (text: string) => p.getByRole('searchbox', { name: 'Search posts' }).fill(text),
    refresh: () => p.getByRole('button', { name: 'Refresh' }).click(),
    feedProblems: () => p.getByRole('list', { name: 'Feed problems' }),
  };
}

export async function openOptions(context: BrowserContext, id: string, page?: Page) {
  const p = page ?? (await context.newPage());
  await p.goto(`chrome-extension://${id}/options.html`);
  return {
    page: p,
    async addFeed(url: string) {
      await p.getByLabel('Feed URL').fill(url);
      await p.getByRole('button', { name: 'Add feed' }).click();
    },
    status: () => p.locator('#feed-status'),
    feedList: () => p.getByRole('list', { name: 'Followed feeds' }),
  };
}
