// `npm run size`: fails when an entry point's JavaScript outgrows its gzip budget, so a heavy import fails the build
// instead of slipping in. Builds nothing: run it after `wxt build` (it reads .output/chrome-mv3, or the folder given).
import { existsSync } from 'node:fs';
import { BUDGETS, COMPOSE_SCREEN_SCRIPT } from './budgets';
import { contentScripts, files, pageScripts, type Size } from './bundle';

const dir = process.argv[2] ?? '.output/chrome-mv3';
if (!existsSync(dir)) {
  console.error(`size: no build in ${dir}; run \`npx wxt build\` first.`);
  process.exit(2);
}
const popup = pageScripts(dir, 'popup.html');
/** The popup's own script before its first paint, when the first screen the background keeps is stale. */
const composing = files(dir, [...popup.initial.files, COMPOSE_SCREEN_SCRIPT]);
const measured: Record<keyof typeof BUDGETS, Size> = {
  'popup (before first paint)': popup.initial,
  'popup (before first paint, composing its first screen)': composing,
  'popup (loaded after the paint)': popup.later,
  'side panel': pageScripts(dir, 'sidepanel.html').initial,
  'options page': pageScripts(dir, 'options.html').initial,
  'background service worker': files(dir, ['background.js']),
  'content script': contentScripts(dir),
};
let failed = false;
for (const [name, size] of Object.entries(measured) as [keyof typeof BUDGETS, Size][]) {
  const budget = BUDGETS[name];
  const over = size.gzip > budget;
  failed ||= over;
  console.log(
    `${over ? 'OVER' : 'ok  '} ${name}: ${size.gzip.toLocaleString('en')} of ${budget.toLocaleString('en')} bytes gzip (${size.files.length} files, ${size.raw.toLocaleString('en')} raw)`,
  );
}
if (failed) {
  console.error('size: an entry point is over its gzip budget (tests/bench/budget.ts).');
  process.exit(1);
}
