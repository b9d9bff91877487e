import type { Browser } from 'webextension-polyfill';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_HELP, findChromium } from '../../../tools/findChromium';
import { FIREFOX_HELP, findFirefox } from '../../../tools/findFirefox';
import { sleep, type BrowserName, type BrowserSession, type LaunchOptions, type Tab } from './driver';
import { launchChromium, type ChromiumSession } from './drivers/chromium';
import { closeSharedFirefox, launchFirefox, type FirefoxSession } from './drivers/firefox';
import type { CardDescription } from '../../../lib/content/describeCard';
import { ExtensionPage, Options, Popup, WebPage } from './pages';

export { closeSharedFirefox };

/** The builds the tests load: Chrome's MV3 and Firefox's MV2 (see docs/ARCHITECTURE.md, "Firefox"). */
export const BUILD_DIRS: Record<BrowserName, string> = {
  chromium: resolve('.output/chrome-mv3'),
  firefox: resolve('.output/firefox-mv2'),
};

/** The browsers this run tests: both, unless E2E_BROWSERS names fewer (e.g. `E2E_BROWSERS=firefox`). */
export const browsers: BrowserName[] = (process.env.E2E_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is BrowserName => name === 'chromium' || name === 'firefox');

/** The browser's executable, or an error saying how to install one. Never a silent skip. */
export function browserExecutable(browser: BrowserName): string {
  const path = browser === 'chromium' ? findChromium() : findFirefox();
  if (!path)
    throw new Error(
      `E2E tests need ${browser === 'chromium' ? 'Chromium' : 'Firefox'}. ${browser === 'chromium' ? CHROMIUM_HELP : FIREFOX_HELP}`,
    );
  return path;
}

/** A blank page of the extension: the tests' window onto its APIs (storage, alarms, badge…), in both browsers. */
const PROBE_PAGE = '/e2e-probe.html';

export type ExtensionOptions = {
  /**
   * Chromium only: origins granted up front, in a copy of the manifest, standing in for the reader accepting
   * the permission prompt (a headless Chromium cannot show it). Firefox needs no stand-in: its pref
   * `extensions.webextOptionalPermissionPrompts` answers every prompt with yes, so there the extension asks, for
   * real, on the reader's click.
   */
  grantOrigins?: string[];
  /** Chromium only: optional permissions (e.g. `notifications`) granted up front, as above. */
  grantPermissions?: string[];
  colorScheme?: 'light' | 'dark';
  locale?: string;
  /** An unpacked build to load as it is, instead of a fresh copy of the build. */
  extensionDir?: string;
};

/**
 * The built extension, freshly installed in a real headless browser: Chromium in a fresh profile; Firefox in the
 * file's shared browser, as a copy of its own (see drivers/firefox.ts).
 */
export class Extension {
  private probeTab?: Promise<ExtensionPage>;

  private constructor(
    readonly browser: BrowserName,
    public session: BrowserSession,
    private readonly launch: LaunchOptions,
    private readonly options: ExtensionOptions,
  ) {}

  static async launch(browser: BrowserName, options: ExtensionOptions = {}): Promise<Extension> {
    const executable = browserExecutable(browser);
    const launch = {
      extensionDir: options.extensionDir ?? copyBuildFor(browser, options),
      profile: mkdtempSync(join(tmpdir(), `asb-${browser}-profile-`)),
      downloadDir: mkdtempSync(join(tmpdir(), 'asb-downloads-')),
      colorScheme: options.colorScheme,
      locale: options.locale,
    };
    writeFileSync(
      join(launch.extensionDir, PROBE_PAGE),
      '<!doctype html><meta charset="utf-8"><title>e2e probe</title>',
    );
    const session =
      browser === 'chromium' ? await launchChromium(executable, launch) : await launchFirefox(executable, launch);
    const ext = new Extension(browser, session, launch, options);
    // The probe opens first, so every page a test opens later is in front of it (the active tab, as a reader's).
    await ext.inExtension(() => true);
    return ext;
  }

  /** Chromium's own handles, for the checks only Chromium has (e.g. stopping the MV3 service worker). */
  get chromium(): ChromiumSession {
    if (this.browser !== 'chromium') throw new Error('a Chromium-only step ran in Firefox');
    return this.session as ChromiumSession;
  }

  /**
   * The extension's errors and warnings during the test, uncaught exceptions included: what its pages logged
   * (Chromium), or what Firefox reported for them (Firefox: not their console.warn/error calls).
   */
  async pageErrors(): Promise<readonly string[]> {
    return this.browser === 'chromium' ? this.chromium.pageErrors : this.firefox.pageErrors();
  }

  /** Firefox's own handles, for what only Firefox shows (its alert windows). */
  get firefox(): FirefoxSession {
    if (this.browser !== 'firefox') throw new Error('a Firefox-only step ran in Chromium');
    return this.session as FirefoxSession;
  }

  async openPopup() {
    return new Popup(await this.session.openExtensionPage('/popup.html'));
  }

  /**
   * The side panel's page (Chrome's side panel, Firefox's sidebar) opened as a tab, as the popup is: neither driver
   * reaches the browser's panel itself. It is the popup's list, so the popup's page object reads it.
   */
  async openSidePanel() {
    return new Popup(await this.session.openExtensionPage('/sidepanel.html'));
  }

  /**
   * The popup as the reader opens it over the page they are on. Neither driver can reach the toolbar popup itself,
   * so it opens in a window of its own, and the tab that was active stays the active tab of the normal window.
   * Firefox: the toolbar button is pressed first, for real, so the popup gets the activeTab grant a click gives.
   * Chromium cannot press its toolbar button headless; the test build's host grant stands in.
   */
  async openPopupWindow() {
    if (this.browser === 'firefox') await this.firefox.pressToolbarButton();
    const url = `${this.session.extensionOrigin}/popup.html`;
    await this.inExtension(
      (api, url) => api.windows.create({ type: 'popup', url, width: 420, height: 600 }).then(() => true),
      url,
    );
    for (const start = Date.now(); Date.now() - start < 10_000; await sleep(100)) {
      const tab = await this.session.findTab((u) => u === url);
      if (!tab) continue;
      if (this.browser === 'firefox') {
        // Firefox's windows.getLastFocused() ignores `windowTypes: ['normal']` and answers with the popup's own
        // window. A toolbar popup is a panel, not a window, so the reader's window keeps the focus: give it back,
        // and let the popup look again.
        await this.inExtension(async (api) => {
          const normal = (await api.windows.getAll()).find((window) => window.type === 'normal');
          if (normal?.id !== undefined) await api.windows.update(normal.id, { focused: true });
        });
        await tab.reload();
      }
      return new Popup(tab);
    }
    throw new Error('the popup window did not open');
  }

  async openOptions() {
    return new Options(await this.session.openExtensionPage('/options.html'));
  }

  async openPage(url: string) {
    return this.webPage(await this.session.openWebPage(url));
  }

  /**
   * A web page whose summary card is read through the extension: the card is in a closed shadow root, out of the
   * page's (and a test driver's) reach, so an extension page asks the tab's content script what it shows.
   */
  private webPage(tab: Tab) {
    return new WebPage(
      tab,
      async () =>
        this.inExtension(
          async (api, url) => {
            const tabs = await api.tabs.query({});
            const target =
              tabs.find((t) => t.url === url) ?? tabs.find((t) => (t.url ?? '').split('#')[0] === url.split('#')[0]);
            if (target?.id === undefined) return null;
            return api.tabs.sendMessage(target.id, { type: 'describeCard' }, { frameId: 0 }).catch(() => null);
          },
          await tab.url(),
        ) as Promise<CardDescription | null>,
    );
  }

  /** The tab showing `url` once one does (e.g. a link the extension opened in a new tab). */
  async waitForTab(match: (url: string) => boolean, timeout = 10_000) {
    for (const start = Date.now(); Date.now() - start < timeout; await sleep(100)) {
      const tab = await this.session.findTab(match);
      if (tab) return this.webPage(tab);
    }
    throw new Error(`no tab opened; open: ${(await this.session.tabUrls()).join(', ')}`);
  }

  /**
   * Runs `fn(api, arg)` in a page of the extension, `api` being its extension API (`browser`, or Chromium's
   * `chrome`), e.g. to read the badge or fire an alarm. The page is blank and stays open in a background tab.
   * `fn` travels as source text: it may use only its parameters.
   */
  async inExtension<R, A = undefined>(fn: (api: Browser, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    this.probeTab ??= this.session.openExtensionPage(PROBE_PAGE).then((tab) => new ExtensionPage(tab));
    const probe = await this.probeTab;
    return probe.tab.evaluateExpression<R>(
      `(${fn.toString()})(globalThis.browser ?? globalThis.chrome, ${JSON.stringify(arg) ?? 'undefined'})`,
    );
  }

  /** Evaluates a script's source (an expression, or statements wrapped as one) in the same extension page. */
  async inExtensionScript<R>(expression: string): Promise<R> {
    this.probeTab ??= this.session.openExtensionPage(PROBE_PAGE).then((tab) => new ExtensionPage(tab));
    return (await this.probeTab).tab.evaluateExpression<R>(expression);
  }

  badgeText() {
    // Chrome MV3 has `action`; Firefox MV2 `browserAction`: the same badge.
    return this.inExtension((api) => (api.action ?? api.browserAction).getBadgeText({}));
  }

  /** Polls the badge until it equals `expected` (it is set asynchronously); returns the last value seen. */
  async waitForBadge(expected: string, timeoutMs = 10_000) {
    let text = await this.badgeText();
    for (const start = Date.now(); text !== expected && Date.now() - start < timeoutMs;) {
      await sleep(150);
      text = await this.badgeText();
    }
    return text;
  }

  /**
   * Writes items straight into the extension's storage, as another browser's sync or an older version would have.
   * The one place tests write storage keys: when the storage layout changes, only this and its callers change.
   */
  seedStorage(area: 'local' | 'sync', items: Record<string, unknown>) {
    return this.inExtension((api, { area, items }) => api.storage[area].set(items).then(() => true), { area, items });
  }

  /** Reads one key of the extension's storage. */
  readStorage<T = unknown>(area: 'local' | 'sync', key: string) {
    return this.inExtension(async (api, { area, key }) => (await api.storage[area].get(key))[key] ?? null, {
      area,
      key,
    }) as Promise<T | null>;
  }

  /** The feed URLs the extension keeps locally. */
  async localFeedUrls() {
    const settings = await this.readStorage<{ feeds: { url: string }[] }>('local', 'settings');
    return settings?.feeds.map((feed) => feed.url);
  }

  /** Fires the polling alarm now, as the browser would at its time. */
  firePollingAlarm() {
    // Firefox's alarms.create returns nothing, Chrome's a promise: await covers both.
    return this.inExtension(async (api) => {
      await api.alarms.create('poll-feeds', { when: Date.now() + 50 });
      return true;
    });
  }

  /**
   * Stands in for the passing of time: every feed's next check (the stored schedule, see lib/sync/lastChecked.ts)
   * is now, so the next scheduled pass fetches them all.
   */
  makeFeedsDue() {
    return this.inExtension(async (api) => {
      const stored = (await api.storage.local.get('checkSchedule')).checkSchedule as
        { feeds: Record<string, { at: number; next: number }> } | undefined;
      if (!stored) return false;
      const now = Date.now();
      for (const entry of Object.values(stored.feeds)) Object.assign(entry, { at: now - 3600e3, next: now - 1000 });
      await api.storage.local.set({ checkSchedule: stored });
      return true;
    });
  }

  pollingPeriod() {
    return this.inExtension(async (api) => (await api.alarms.get('poll-feeds'))?.periodInMinutes ?? null);
  }

  /** The ids of the extension's notifications on screen. */
  notificationIds() {
    return this.inExtension(async (api) => Object.keys(await api.notifications.getAll()));
  }

  clearNotification(id: string) {
    return this.inExtension((api, id) => api.notifications.clear(id), id);
  }

  /** The match patterns of the registered summary-card script. */
  registeredCardMatches() {
    return this.inExtension(async (api) =>
      (await api.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []).sort(),
    );
  }

  /**
   * Quits the browser and starts it again on the same profile. Firefox, which forgets a temporary add-on when it
   * quits, installs it again under the same id and moz-extension host: its storage is still there.
   */
  async restart(): Promise<this> {
    this.session = await this.session.restart();
    this.probeTab = undefined;
    await this.inExtension(() => true);
    return this;
  }

  async close() {
    await this.session.close().catch(() => {});
    const owned = [
      this.launch.profile,
      this.launch.downloadDir,
      ...(this.options.extensionDir ? [] : [this.launch.extensionDir]),
    ];
    for (const dir of owned) rmSync(dir, { recursive: true, force: true });
  }
}

/** A copy of the build; in Chromium, `grantOrigins` granted as if the reader had accepted. */
function copyBuildFor(browser: BrowserName, options: ExtensionOptions): string {
  const dir = mkdtempSync(join(tmpdir(), `asb-${browser}-ext-`));
  cpSync(BUILD_DIRS[browser], dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (browser === 'firefox') {
    // An id of its own for each test's copy: the tests share one Firefox, never an add-on's storage or grants.
    manifest.browser_specific_settings.gecko.id = `e2e-${randomUUID()}@aisafetybrief.org`;
    writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  if (browser === 'chromium') {
    const grantOrigins = options.grantOrigins ?? ['http://127.0.0.1/*'];
    manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...grantOrigins])];
    manifest.permissions = [...new Set([...(manifest.permissions ?? []), ...(options.grantPermissions ?? [])])];
    writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  return dir;
}

// The benchmarks (tests/bench) time Chromium only, with Playwright's own handles.
export const BUILD_DIR = BUILD_DIRS.chromium;
export const copyBuild = (grantOrigins: string[]) => copyBuildFor('chromium', { grantOrigins });
export type LaunchedExtension = {
  context: ChromiumSession['context'];
  worker: ChromiumSession['worker'];
  id: string;
  close(): Promise<void>;
};
export async function launchExtension(options: ExtensionOptions = {}): Promise<LaunchedExtension> {
  const ext = await Extension.launch('chromium', options);
  const { context, worker, extensionOrigin } = ext.chromium;
  return { context, worker, id: new URL(extensionOrigin).host, close: () => ext.close() };
}
