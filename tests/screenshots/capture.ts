import { readFileSync } from 'node:fs';
import { launchExtension } from '../e2e/support/extension';
import { startFeedServer } from '../e2e/support/feedServer';
import { openOptions, openPopup } from '../e2e/support/pages';

// `npm run screenshots`: the README's pictures of the popup (light and dark), taken from the real build.
// It serves the demo feed's posts with recent dates, so the pictures show new and unread posts as a reader sees them.
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

for (const scheme of ['light', 'dark'] as const) {
  const ext = await launchExtension({ colorScheme: scheme });
  const options = await openOptions(ext.context, ext.id);
  await options.addFeed(server.url('/feed.json'));
  await options.status().getByText(/Added/).waitFor();
  const popup = await openPopup(ext.context, ext.id);
  await popup.page.setViewportSize({ width: 420, height: 600 });
  await popup.articles.first().waitFor();
  await popup.page.screenshot({ path: `docs/popup-${scheme}.png` });
  await ext.close();
  console.log(`wrote docs/popup-${scheme}.png`);
}
await server.close();
