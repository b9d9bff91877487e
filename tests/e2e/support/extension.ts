import type { Browser } from 'webextension-polyfill';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_HELP, findChromium } from '../../../lib/devtools/findChromium';
import { FIREFOX_HELP, findFirefox } from '../../../lib/devtools/findFirefox';
import { sleep, type BrowserName, type BrowserSession, type LaunchOptions } from './driver';
import { launchChromium, type ChromiumSession } from './drivers/chromium';
import { launchFirefox } from './drivers/firefox';
import { ExtensionPage, Popup, Options, WebPage } from './pages';

// In-page functions below run in an extension page, where this global exists (see inExtension).
declare const browser: Browser;

/** The builds the tests load: Chrome's MV3 and Firefox's MV2 (see README, "Firefox"). */
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
  if (!path) throw new Error(`E2E tests need ${browser === 'chromium' ? 'Chromium' : 'Firefox'}. ${browser === 'chromium' ? CHROMIUM_HELP : FIREFOX_HELP}`);
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
};

/** The built extension in a fresh profile of a real headless browser. */
export class Extension {
  private probeTab?: Promise<ExtensionPage>;

  private constructor(
    readonly browser: BrowserName,
    public session: BrowserSession,
    private readonly launch: LaunchOptions,
    private readonly options: ExtensionOptions,
  ) {}

  static async launch(browser: BrowserName, options: ExtensionOptions = {}, reuse?: LaunchOptions): Promise<Extension> {
    const executable = browserExecutable(browser);
    const launch = reuse ?? {
      extensionDir: copyBuild(browser, options),
      profile: mkdtempSync(join(tmpdir(), `asb-${browser}-profile-`)),
      downloadDir: mkdtempSync(join(tmpdir(), 'asb-downloads-')),
      colorScheme: options.colorScheme,
      locale: options.locale,
    };
    const session = browser === 'chromium' ? await launchChromium(executable, launch) : await launchFirefox(executable, launch);
    return new Extension(browser, session, launch, options);
  }

  /** Chromium's own handles, for the checks only Chromium has (e.g. stopping the MV3 service worker). */
  get chromium(): ChromiumSession {
    if (this.browser !== 'chromium') throw new Error('a Chromium-only step ran in Firefox');
    return this.session as ChromiumSession;
  }

  async openPopup() {
    return new Popup(await this.session.openExtensionPage('/popup.html'));
  }

  /**
   * The popup in a window of its own (a toolbar popup is not a page a driver can open): the tab that was active
   * before stays the active tab of the normal window, as when the reader clicks the toolbar button.
   */
  async openPopupWindow() {
    const url = `${this.session.extensionOrigin}/popup.html`;
    await this.inExtension(
      (url) => browser.windows.create({ type: 'popup', url, width: 420, height: 600 }).then(() => true),
      url,
    );
    for (const start = Date.now(); Date.now() - start < 10_000; await sleep(100)) {
      const tab = await this.session.findTab((u) => u === url);
      if (tab) return new Popup(tab);
    }
    throw new Error('the popup window did not open');
  }

  async openOptions() {
    return new Options(await this.session.openExtensionPage('/options.html'));
  }

  async openPage(url: string) {
    return new WebPage(await this.session.openWebPage(url));
  }

  /** The tab showing `url` once one does (e.g. a link the extension opened in a new tab). */
  async waitForTab(match: (url: string) => boolean, timeout = 10_000) {
    for (const start = Date.now(); Date.now() - start < timeout; await sleep(100)) {
      const tab = await this.session.findTab(match);
      if (tab) return new WebPage(tab);
    }
    throw new Error(`no tab opened; open: ${(await this.session.tabUrls()).join(', ')}`);
  }

  /**
   * Runs `fn` in a page of the extension, with its APIs (as `browser`; Chromium's `chrome` is aliased), e.g. to
   * read the badge or fire an alarm. The page is blank and stays open in a background tab.
   */
  async inExtension<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    this.probeTab ??= this.session.openExtensionPage(PROBE_PAGE).then((tab) => new ExtensionPage(tab));
    const probe = await this.probeTab;
    await probe.tab.evaluate(() => {
      const g = globalThis as unknown as { browser?: unknown; chrome?: unknown };
      g.browser ??= g.chrome;
    });
    return probe.tab.evaluate(fn, arg);
  }

  badgeText() {
    // Chrome MV3 has `action`; Firefox MV2 `browserAction`: the same badge.
    return this.inExtension(() => {
      return (browser.action ?? browser.browserAction).getBadgeText({});
    });
  }

  /** Polls the badge until it equals `expected` (it is set asynchronously); returns the last value seen. */
  async waitForBadge(expected: string, timeoutMs = 10_000) {
    let text = await this.badgeText();
    for (const start = Date.now(); text !== expected && Date.now() - start < timeoutMs; ) {
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
    return this.inExtension(
      ({ area, items }) => browser.storage[area].set(items).then(() => true),
      { area, items },
    );
  }

  /** Reads one key of the extension's storage. */
  readStorage<T = unknown>(area: 'local' | 'sync', key: string) {
    return this.inExtension(
      async ({ area, key }) => (await browser.storage[area].get(key))[key] ?? null,
      { area, key },
    ) as Promise<T | null>;
  }

  /** The feed URLs the extension keeps locally. */
  async localFeedUrls() {
    const settings = await this.readStorage<{ feeds: { url: string }[] }>('local', 'settings');
    return settings?.feeds.map((feed) => feed.url);
  }

  /** Fires the polling alarm now, as the browser would at its time. */
  firePollingAlarm() {
    // Firefox's alarms.create returns nothing, Chrome's a promise: await covers both.
    return this.inExtension(async () => {
      await browser.alarms.create('poll-feeds', { when: Date.now() + 50 });
      return true;
    });
  }

  pollingPeriod() {
    return this.inExtension(async () => (await browser.alarms.get('poll-feeds'))?.periodInMinutes ?? null);
  }

  /** The ids of the extension's notifications on screen. */
  notificationIds() {
    return this.inExtension(async () => Object.keys(await browser.notifications.getAll()));
  }

  clearNotification(id: string) {
    return this.inExtension((id) => browser.notifications.clear(id), id);
  }

  /** The match patterns of the registered summary-card script. */
  registeredCardMatches() {
    return this.inExtension(async () =>
      (await browser.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []).sort(),
    );
  }

  /**
   * Quits the browser and starts it again on the same profile. Firefox, which forgets a temporary add-on when it
   * quits, installs it again under the same id and moz-extension host: its storage is still there.
   */
  async restart(): Promise<this> {
    await this.session.close();
    this.probeTab = undefined;
    this.session = (await Extension.launch(this.browser, this.options, this.launch)).session;
    return this;
  }

  async close() {
    await this.session.close().catch(() => {});
    for (const dir of [this.launch.profile, this.launch.extensionDir, this.launch.downloadDir]) rmSync(dir, { recursive: true, force: true });
  }
}

/** A copy of the build with the probe page; in Chromium, `grantOrigins` granted as if the reader had accepted. */
function copyBuild(browser: BrowserName, options: ExtensionOptions): string {
  const dir = mkdtempSync(join(tmpdir(), `asb-${browser}-ext-`));
  cpSync(BUILD_DIRS[browser], dir, { recursive: true });
  writeFileSync(join(dir, PROBE_PAGE), '<!doctype html><meta charset="utf-8"><title>e2e probe</title>');
  if (browser === 'chromium') {
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    const grantOrigins = options.grantOrigins ?? ['http://127.0.0.1/*'];
    manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...grantOrigins])];
    manifest.permissions = [...new Set([...(manifest.permissions ?? []), ...(options.grantPermissions ?? [])])];
    writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}
