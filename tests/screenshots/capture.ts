import { readFileSync } from 'node:fs';
import { closeSharedFirefox, Extension } from '../e2e/support/extension';
import type { BrowserName } from '../e2e/support/driver';
import { startFeedServer } from '../e2e/support/feedServer';

// `npm run screenshots`: the README's pictures of the popup (Chromium light and dark, and Firefox), taken from the
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

const shots: { browser: BrowserName; colorScheme: 'light' | 'dark'; file: string }[] = [
  { browser: 'chromium', colorScheme: 'light', file: 'docs/popup-light.png' },
  { browser: 'chromium', colorScheme: 'dark', file: 'docs/popup-dark.png' },
  { browser: 'firefox', colorScheme: 'light', file: 'docs/popup-firefox.png' },
];
for (const { browser, colorScheme, file } of shots) {
  const ext = await Extension.launch(browser, { colorScheme });
  try {
    const options = await ext.openOptions();
    await options.addFeed(server.url('/feed.json'));
    await options.status().getByText(/Added/).waitForOne(30_000);
    const popup = await ext.openPopup();
    await popup.setViewport(420, 600);
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
