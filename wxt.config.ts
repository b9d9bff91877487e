import { resolve } from 'node:path';
import type { InlineConfig } from 'vite';
import { defineConfig } from 'wxt';
import { findChromium } from './tools/findChromium';
import { findFirefox } from './tools/findFirefox';
import { popupChunks, type ModuleGraph } from './tools/popupChunks';

const chromium = findChromium();
const firefox = findFirefox();
const OPTIONAL_ORIGINS = ['https://*/*', 'http://*/*'];
// On a machine without a display (CI, containers) `npm run dev` still starts the browser, headless.
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

/**
 * zod probes `new Function("")` to decide whether to compile validators; MV3's CSP forbids it, and we run zod
 * jitless (lib/zodSetup.ts), so the probe is dead code. Removing it keeps store linters (web-ext lint: no
 * DANGEROUS_EVAL) from flagging code that never runs.
 */
const dropZodEvalProbe = {
  name: 'drop-zod-eval-probe',
  transform(code: string, id: string) {
    if (!/zod[\\/]v4[\\/]core[\\/]util\.js$/.test(id)) return undefined;
    const patched = code.replace(/const F = Function;\s*new F\(""\);\s*return true;/, 'return false;');
    if (patched === code) throw new Error('drop-zod-eval-probe: zod changed; update the pattern in wxt.config.ts');
    return patched;
  },
};

/** Every module of the popup's first paint in one file (tools/popupChunks.ts). */
const POPUP_ENTRY = resolve('entrypoints/popup/index.html');
const chunkPlans = new WeakMap<ModuleGraph, Map<string, string>>();
function popupFile(id: string, graph: ModuleGraph): string | null {
  let plan = chunkPlans.get(graph);
  if (!plan) chunkPlans.set(graph, (plan = popupChunks(graph, POPUP_ENTRY)));
  return plan.get(id) ?? null;
}

/**
 * The popup's first screen is drawn by a classic script (entrypoints/popup-first-screen.ts, and when the kept screen is
 * stale, entrypoints/popup-compose-screen.ts) before the rest of the page loads: what it loads and evaluates is on the
 * path to the first card. Its build leaves out two things the other
 * scripts keep, which took about 4 and 2 ms of its load in Chromium (each evaluated alone in an extension page):
 * - webextension-polyfill. `wxt/browser` is WXT's own `browser` there (Firefox's `browser`, or Chrome's `chrome`,
 *   whose MV3 APIs answer with promises too). The scripts call only APIs that behave the same either way: i18n, the
 *   runtime's id and manifest, and `runtime.sendMessage` (its answers unused, its rejections caught).
 * - WXT's storage module, which modules it shares with the pages import but which it never calls: it validates what
 *   it reads without it (lib/store/storedValue.ts). `createStorage()`, marked pure, lets the bundler drop the
 *   module's one top-level call and with it the module.
 * The first-paint size budget (tests/bench/budgets.ts) fails if either comes back.
 */
const FIRST_SCREEN_SCRIPTS = ['popup-first-screen', 'popup-compose-screen'];
function leanFirstScreenScript(config: InlineConfig) {
  const alias = config.resolve?.alias;
  if (!alias || Array.isArray(alias) || !('wxt/browser' in alias))
    throw new Error('wxt.config.ts: the polyfill module no longer aliases wxt/browser; update leanFirstScreenScript');
  const { 'wxt/browser': _polyfill, ...rest } = alias as Record<string, string>;
  config.resolve!.alias = rest;
  config.build!.rolldownOptions = {
    ...config.build!.rolldownOptions,
    treeshake: { manualPureFunctions: ['createStorage'] },
  };
}

export default defineConfig({
  hooks: {
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.some((entrypoint) => FIRST_SCREEN_SCRIPTS.includes(entrypoint.name)))
        leanFirstScreenScript(config);
    },
  },
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [dropZodEvalProbe],
    build: {
      // No <link rel="modulepreload"> for what a page imports later: an extension's files are on disk, and the helper
      // that adds those links took the popup 30 ms (profiled) right after its first paint.
      modulePreload: false,
      rolldownOptions: {
        output: {
          codeSplitting: { groups: [{ name: popupFile, debugName: 'popup-first-paint' }] },
          // Non-ASCII characters escaped (`\u2068`): a script with even one of them is decoded into a two-byte string,
          // which took the popup's first-paint file about 30 ms to decode (traced) and V8 longer to scan.
          charset: 'ascii',
        },
      },
    },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // unlimitedStorage: the article cache (up to 5,000 posts per feed) outgrows chrome.storage.local's 10 MB; it adds no
    // install warning. Quota errors are still handled (lib/store/feedCache.ts prunes the oldest posts).
    // activeTab: the popup's "About this page" reads the URL of the tab the toolbar button was clicked in, and no other.
    // favicon (Chrome only; Chrome's install prompt says "Read the icons of the websites you visit"): source links show
    // the site's icon from the browser's own cache.
    // scripting: register the summary card only on the news sites the reader opted into (and granted), and read a
    // page's feed links for "This site has a feed" (through activeTab, on the page the reader is on).
    permissions: [
      'alarms',
      'storage',
      'unlimitedStorage',
      'activeTab',
      'scripting',
      ...(browser === 'firefox' ? [] : ['favicon']),
    ],
    // No host access by default: the options page asks for a feed's origin when the user adds it.
    // MV2 (Firefox's default) lists optional origins among optional_permissions; WXT does not convert them.
    // notifications: asked for only when the reader turns them on in the options page.
    // tabs: asked for only when the reader lets the side panel's "About this page" follow the tab they are on.
    ...(manifestVersion === 2
      ? { optional_permissions: [...OPTIONAL_ORIGINS, 'notifications', 'tabs'] }
      : { optional_host_permissions: OPTIONAL_ORIGINS, optional_permissions: ['notifications', 'tabs'] }),
    action: { default_title: '__MSG_extName__' },
    // The side panel (sidepanel.html) opens with Alt+Shift+B: Firefox's built-in sidebar command, and in Chrome a
    // command the background answers (lib/sidepanel/sidePanel.ts). The reader can change the key in the browser.
    commands:
      browser === 'firefox'
        ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+B' } } }
        : {
            'open-side-panel': {
              suggested_key: { default: 'Alt+Shift+B' },
              description: '__MSG_cmdOpenSidePanel__',
            },
          },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'ai-safety-brief@aisafetybrief.org',
          // 142: the first Firefox (desktop and Android) that reads data_collection_permissions. The e2e tests run
          // Firefox ESR 153 (Debian's), which this admits.
          strict_min_version: '142.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
  webExt: {
    // `npm run dev` opens Chromium, `npm run dev:firefox` Firefox (ESR on Debian: /usr/bin/firefox-esr).
    binaries: { ...(chromium && { chrome: chromium }), ...(firefox && { firefox }) },
    chromiumArgs: headless ? ['--headless=new', '--no-sandbox', '--disable-gpu'] : [],
    firefoxArgs: headless ? ['-headless'] : [],
  },
});
