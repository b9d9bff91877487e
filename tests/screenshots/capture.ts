import { readFileSync } from 'node:fs';
import { closeSharedFirefox, Extension } from '../e2e/support/extension';
import type { BrowserName } from '../e2e/support/driver';
import { startFeedServer } from '../e2e/support/feedServer';

// `npm run screenshots`: the README's pictures of the popup (Chromium light and dark, and Firefox) and of the side
// panel's page (Chromium and Firefox, at a panel's size: headless browsers draw no panel around it), taken from the
// real builds. It serves the demo feed's posts with recent dates, so the pictures show new and unread posts as a
// reader sees them.
const demo = JSON.parse(readFileSync('public/demo-feed.json', 'utf8'));
const server = await startFeedServer();
server.json('/feed.json', {
  ...demo,
  title: 'AI Safety Brief',
  items: demo.items.map((item: Record<string, unknown>, i: number) => ({
    ...item,
    date_published: new Date(Date.now() - (i * 20 + 2) * 3600e3).toISOString(),
  })),
});

type Shot = { browser: BrowserName; colorScheme: 'light' | 'dark'; file: string; page?: 'popup' | 'sidepanel' };
const shots: Shot[] = [
  { browser: 'chromium', colorScheme: 'light', file: 'docs/popup-light.png' },
  { browser: 'chromium', colorScheme: 'dark', file: 'docs/popup-dark.png' },
  { browser: 'firefox', colorScheme: 'light', file: 'docs/popup-firefox.png' },
  { browser: 'chromium', colorScheme: 'light', file: 'docs/sidepanel-chromium.png', page: 'sidepanel' },
  { browser: 'firefox', colorScheme: 'dark', file: 'docs/sidepanel-firefox.png', page: 'sidepanel' },
];
for (const { browser, colorScheme, file, page = 'popup' } of shots) {
  const ext = await Extension.launch(browser, { colorScheme });
  try {
    const options = await ext.openOptions();
    await options.addFeed(server.url('/feed.json'));
    await options.status().getByText(/Added/).waitForOne(30_000);
    const popup = page === 'popup' ? await ext.openPopup() : await ext.openSidePanel();
    if (page === 'popup') await popup.setViewport(420, 600);
    else await popup.setViewport(360, 720);
    await popup.articles.first().waitForOne(30_000);
    // Let the list settle at its new width before the picture.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await popup.screenshot(file);
    console.log(`wrote ${file}`);
  } finally {
    await ext.close();
  }
}
await server.close();
await closeSharedFirefox();
