import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { finishedDownloads, sleep, type BrowserSession, type LaunchOptions, type Tab } from '../driver';

// Stock Firefox ESR over WebDriver BiDi (puppeteer-core launches it and carries the protocol; Playwright can drive
// only its own patched Firefox). BiDi will not navigate a tab to a moz-extension:// page, and puppeteer does not
// list such tabs, so extension pages are opened from the browser window's chrome scope (gBrowser.addTab with the
// system principal) and driven with raw BiDi commands: script.callFunction, input.performActions, and so on.

// BiDi's results are shaped by the command sent: each call site reads the fields its command returns.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Bidi = { send(method: string, params: object): Promise<{ result: any }> };
type Context = { context: string; url: string; children?: Context[] };

/** WebDriver's key codes for the named keys tests press. */
const KEYS: Record<string, string> = {
  Enter: '\uE007',
  Escape: '\uE00C',
  Backspace: '\uE003',
  Tab: '\uE004',
  Shift: '\uE008',
  Control: '\uE009',
  ArrowUp: '\uE013',
  ArrowDown: '\uE015',
  ArrowLeft: '\uE012',
  ArrowRight: '\uE014',
  Home: '\uE011',
  End: '\uE010',
};

/** What every test's Firefox is set to, whatever the test. */
const BASE_PREFS = {
  // Firefox's own switch for automated runs: permissions.request() is granted without showing the prompt (it still
  // needs a user gesture, which the tests' real clicks are). The extension asks exactly as it would a person.
  'extensions.webextOptionalPermissionPrompts': false,
  // Notifications in Firefox's own alert window, not the desktop's (a headless machine has none to show them).
  'alerts.useSystemBackend': false,
  // …and kept on screen for a minute (not a few seconds), so a slow machine still finds it there.
  'alerts.totalOpenTime': 60_000,
  'browser.download.folderList': 2,
  'browser.download.useDownloadDir': true,
  'browser.download.always_ask_before_handling_new_types': false,
  'browser.download.start_downloads_in_tmp_dir': false,
  // Quiet: no first-run pages, no update or telemetry traffic that would race the tests.
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
};

/**
 * One Firefox process, shared by the tests of a file: starting Firefox costs seconds, installing an add-on a
 * fraction of one. Each test installs its own copy of the add-on under an id and moz-extension host of its own,
 * so no storage, permission, alarm or badge carries over; its tabs and settings are undone when it ends.
 */
class FirefoxHost {
  readonly bidi: Bidi;
  private constructor(
    readonly browser: Browser,
    readonly profile: string,
    readonly executablePath: string,
  ) {
    this.bidi = (browser as unknown as { connection: Bidi }).connection;
  }

  static async start(executablePath: string, profile = mkdtempSync(join(tmpdir(), 'asb-firefox-profile-'))) {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      userDataDir: profile,
      // Lets BiDi reach the browser window's chrome scope, the only way to open a moz-extension:// page in a tab.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: BASE_PREFS,
    });
    return new FirefoxHost(browser, profile, executablePath);
  }

  async send(method: string, params: object) {
    return (await this.bidi.send(method, params)).result;
  }

  /** Runs JavaScript in the browser window itself (chrome scope, system principal). */
  async inChrome(expression: string) {
    const [window] = (await this.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).contexts;
    const result = await this.send('script.evaluate', {
      expression,
      target: { context: window.context },
      awaitPromise: true,
    });
    if (result.type === 'exception') throw new Error(`chrome scope: ${result.exceptionDetails.text}`);
    return result.result;
  }

  /** Sets (or, for `undefined`, resets) preferences of the running browser. */
  async setPrefs(prefs: Record<string, string | number | boolean | undefined>) {
    // JSON has no `undefined`: null stands for "reset".
    const values = Object.fromEntries(Object.entries(prefs).map(([name, value]) => [name, value ?? null]));
    await this.inChrome(`(() => {
      for (const [name, value] of Object.entries(${JSON.stringify(values)})) {
        if (value === null) Services.prefs.clearUserPref(name);
        else if (typeof value === 'string') Services.prefs.setStringPref(name, value);
        else if (typeof value === 'number') Services.prefs.setIntPref(name, value);
        else Services.prefs.setBoolPref(name, value);
      }
      return true;
    })()`);
  }

  async quit() {
    await this.browser.close();
  }
}

/**
 * Listens, once per Firefox, to its console service for the errors and warnings of moz-extension:// pages: uncaught
 * exceptions and what the browser reports (a deprecated API option, a CSP violation). Kept in the browser window's
 * scope. Their console.warn/error calls are not there: those stay in the extension's own process.
 */
const LISTEN_TO_PAGE_LOGS = `(() => {
  if (globalThis.__asbPageLog) return true;
  const log = (globalThis.__asbPageLog = []);
  Services.console.registerListener({
    observe(message) {
      if (!(message instanceof Ci.nsIScriptError) || !String(message.sourceName).startsWith('moz-extension://')) return;
      const kind = message.flags & Ci.nsIScriptError.warningFlag ? 'warning' : 'error';
      log.push(kind + ' in ' + message.sourceName + ':' + message.lineNumber + ': ' + message.errorMessage);
    },
  });
  return true;
})()`;

let shared: Promise<FirefoxHost> | undefined;

/** Closes the Firefox the file's tests shared (the fixture calls it after the file). */
export async function closeSharedFirefox() {
  const host = await shared?.catch(() => undefined);
  shared = undefined;
  if (!host) return;
  await host.quit().catch(() => {});
  rmSync(host.profile, { recursive: true, force: true });
}

export async function launchFirefox(executablePath: string, options: LaunchOptions): Promise<FirefoxSession> {
  let host = shared && (await shared.catch(() => undefined));
  if (!host?.browser.connected) {
    shared = FirefoxHost.start(executablePath);
    host = await shared;
  }
  return FirefoxSession.install(host, options, randomUUID());
}

export class FirefoxSession implements BrowserSession {
  readonly browser = 'firefox' as const;
  readonly extensionOrigin: string;

  private constructor(
    private readonly host: FirefoxHost,
    private readonly options: LaunchOptions,
    /** The add-on's gecko id in this test's copy of the build. */
    readonly geckoId: string,
    private readonly uuid: string,
  ) {
    this.extensionOrigin = `moz-extension://${uuid}`;
  }

  static async install(host: FirefoxHost, options: LaunchOptions, uuid: string) {
    const manifest = JSON.parse(readFileSync(join(options.extensionDir, 'manifest.json'), 'utf8'));
    const geckoId: string = manifest.browser_specific_settings.gecko.id;
    // The add-on's moz-extension host, fixed before it is installed (Firefox otherwise picks a random one).
    const { value: uuids } = await host.inChrome(
      `Services.prefs.getStringPref('extensions.webextensions.uuids', '{}')`,
    );
    await host.setPrefs({
      'extensions.webextensions.uuids': JSON.stringify({ ...JSON.parse(uuids), [geckoId]: uuid }),
      'browser.download.dir': options.downloadDir,
      'intl.locale.requested': options.locale,
      // 0 = dark, 1 = light: what prefers-color-scheme answers in pages.
      'layout.css.prefers-color-scheme.content-override':
        options.colorScheme && (options.colorScheme === 'dark' ? 0 : 1),
    });
    if (options.locale) {
      // Firefox speaks a language only with its language pack installed; without it, it stays English (silently).
      const { value } = await host.inChrome('Services.locale.appLocaleAsBCP47');
      if (!String(value).startsWith(options.locale)) {
        throw new Error(
          `Firefox has no "${options.locale}" language pack, so it cannot run in that language. Install it ` +
            `(Debian/Ubuntu: \`sudo apt-get install -y firefox-esr-l10n-${options.locale}\`).`,
        );
      }
    }
    await host.browser.installExtension(options.extensionDir);
    await host.inChrome(LISTEN_TO_PAGE_LOGS);
    return new FirefoxSession(host, options, geckoId, uuid);
  }

  /**
   * The errors and warnings Firefox reported for this test's extension pages, uncaught exceptions included (see
   * LISTEN_TO_PAGE_LOGS). BiDi's `log.entryAdded` carries none from moz-extension:// pages.
   */
  async pageErrors(): Promise<string[]> {
    const origin = JSON.stringify(this.extensionOrigin);
    const { value } = await this.inChrome(
      `JSON.stringify((globalThis.__asbPageLog ?? []).filter((line) => line.includes(${origin})))`,
    );
    return JSON.parse(String(value)) as string[];
  }

  send(method: string, params: object) {
    return this.host.send(method, params);
  }

  inChrome(expression: string) {
    return this.host.inChrome(expression);
  }

  private async contexts(): Promise<Context[]> {
    return (await this.send('browsingContext.getTree', {})).contexts;
  }

  async openExtensionPage(path: string): Promise<Tab> {
    const url = `${this.extensionOrigin}${path}`;
    const before = new Set((await this.contexts()).map((c) => c.context));
    await this.inChrome(
      `gBrowser.selectedTab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() }); true`,
    );
    for (const start = Date.now(); Date.now() - start < 15_000; await sleep(50)) {
      const created = (await this.contexts()).find((c) => !before.has(c.context) && c.url.startsWith(url));
      if (created) {
        const tab = new FirefoxTab(this, created.context);
        await tab.waitForLoad();
        return tab;
      }
    }
    throw new Error(`Firefox did not open ${url}`);
  }

  async openWebPage(url: string): Promise<Tab> {
    const { context } = await this.send('browsingContext.create', { type: 'tab' });
    await this.send('browsingContext.navigate', { context, url, wait: 'complete' });
    return new FirefoxTab(this, context);
  }

  async findTab(match: (url: string) => boolean) {
    const found = (await this.contexts()).find((c) => match(c.url));
    if (!found) return undefined;
    const tab = new FirefoxTab(this, found.context);
    await tab.waitForLoad();
    return tab;
  }

  async tabUrls() {
    return (await this.contexts()).map((c) => c.url);
  }

  async setOffline(offline: boolean) {
    // What Firefox's own "Work Offline" does: navigator.onLine turns false, fetch fails, offline events fire.
    await this.inChrome(`Services.io.manageOfflineStatus = ${!offline}; Services.io.offline = ${offline}; true`);
  }

  async downloads() {
    // Firefox creates the file before it writes it: ask its download list which ones have finished.
    const { value } = await this.inChrome(`(async () => {
      const { Downloads } = ChromeUtils.importESModule('resource://gre/modules/Downloads.sys.mjs');
      const downloads = await (await Downloads.getList(Downloads.ALL)).getAll();
      return JSON.stringify(downloads.filter((download) => download.succeeded).map((download) => download.target.path));
    })()`);
    const done = new Set((JSON.parse(value) as string[]).map((path) => basename(path)));
    return finishedDownloads(this.options.downloadDir).filter((file) => done.has(file.name));
  }

  /**
   * Activates the extension's toolbar button, as a reader's click (or its keyboard shortcut) does: Firefox grants
   * activeTab on the current tab and opens the popup in its panel. BiDi cannot reach a page inside that panel, so
   * the panel is closed again; the grant stays with the tab.
   */
  async pressToolbarButton() {
    await this.inChrome(`(async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(this.geckoId)});
      await ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
      for (let i = 0; i < 100; i++) {
        const popup = document.querySelector('browser.webextension-popup-browser');
        if (popup?.currentURI?.spec.endsWith('/popup.html')) {
          popup.closest('panel')?.hidePopup();
          return true;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the toolbar popup did not open');
    })()`);
  }

  /** The text of the notifications Firefox shows on screen (its own alert windows), newest last. */
  async alertTexts(): Promise<string[]> {
    const { value } = await this.inChrome(
      `JSON.stringify([...Services.wm.getEnumerator('alert:alert')].map((w) => w.document.documentElement.textContent.replace(/\\s+/g, ' ').trim()))`,
    );
    return JSON.parse(value);
  }

  /** Uninstalls this test's add-on and undoes what the test changed in the shared browser. */
  async close() {
    if (!this.host.browser.connected) return;
    await this.host.browser.uninstallExtension(this.geckoId).catch(() => {});
    await this.host
      .inChrome(
        `(() => {
      Services.io.offline = false;
      for (const alert of Services.wm.getEnumerator('alert:alert')) alert.close();
      // Every tab but a blank one, and every window but the first.
      const [main, ...others] = Services.wm.getEnumerator('navigator:browser');
      for (const window of others) window.close();
      const keep = main.gBrowser.addTab('about:blank', { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
      main.gBrowser.selectedTab = keep;
      main.gBrowser.removeAllTabsBut(keep);
      return true;
    })()`,
      )
      .catch(() => {});
    await this.host
      .setPrefs({ 'intl.locale.requested': undefined, 'layout.css.prefers-color-scheme.content-override': undefined })
      .catch(() => {});
  }

  /** Quits Firefox and starts it again on the same profile, with the add-on under the same id and host. */
  async restart(): Promise<FirefoxSession> {
    await this.host.quit();
    shared = FirefoxHost.start(this.host.executablePath, this.host.profile);
    return FirefoxSession.install(await shared, this.options, this.uuid);
  }
}

class FirefoxTab implements Tab {
  readonly browser = 'firefox' as const;

  constructor(
    private readonly session: FirefoxSession,
    private readonly context: string,
  ) {}

  async waitForLoad() {
    for (const start = Date.now(); Date.now() - start < 15_000; await sleep(50)) {
      const state = await this.evaluate(() => document.readyState).catch(() => 'loading');
      if (state === 'complete') return;
    }
    throw new Error('the page did not finish loading');
  }

  private async call<R>(fn: (...args: never[]) => unknown, arg: unknown, sandbox?: string): Promise<R> {
    // Arguments and results cross as JSON text, so any JSON-shaped value travels and the page sees plain objects.
    const functionDeclaration = `async (json) => { const value = await (${fn.toString()})(json === undefined ? undefined : JSON.parse(json)); return value === undefined ? undefined : JSON.stringify(value); }`;
    const result = await this.session.send('script.callFunction', {
      functionDeclaration,
      arguments: arg === undefined ? [] : [{ type: 'string', value: JSON.stringify(arg) }],
      target: { context: this.context, ...(sandbox && { sandbox }) },
      awaitPromise: true,
    });
    if (result.type === 'exception') throw new Error(`in page: ${result.exceptionDetails.text}`);
    return result.result.type === 'string' ? JSON.parse(result.result.value) : (undefined as R);
  }

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.call<R>(fn, arg);
  }

  evaluateIsolated<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.call<R>(fn, arg, 'asb-e2e');
  }

  async evaluateExpression<R>(expression: string): Promise<R> {
    const result = await this.session.send('script.evaluate', {
      expression: `Promise.resolve(${expression}).then((value) => value === undefined ? undefined : JSON.stringify(value))`,
      target: { context: this.context },
      awaitPromise: true,
    });
    if (result.type === 'exception') throw new Error(`in page: ${result.exceptionDetails.text}`);
    return result.result.type === 'string' ? JSON.parse(result.result.value) : (undefined as R);
  }

  async inject(source: string) {
    const result = await this.session.send('script.evaluate', {
      expression: source,
      target: { context: this.context },
      awaitPromise: false,
    });
    if (result.type === 'exception') throw new Error(`inject: ${result.exceptionDetails.text}`);
  }

  async shadowRootHtml(css: string) {
    // BiDi hands over an element's shadow root, closed ones too, when asked to serialise every shadow tree.
    const found = await this.session.send('script.evaluate', {
      expression: `document.querySelector(${JSON.stringify(css)})`,
      target: { context: this.context },
      awaitPromise: false,
      serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
    });
    const root: string | undefined = found.result?.value?.shadowRoot?.sharedId;
    if (!root) return null;
    const html = await this.session.send('script.callFunction', {
      functionDeclaration: '(root) => root.innerHTML',
      arguments: [{ sharedId: root }],
      target: { context: this.context },
      awaitPromise: false,
    });
    return html.result.value as string;
  }

  private actions(actions: object[]) {
    return this.session.send('input.performActions', { context: this.context, actions });
  }

  async clickAt(x: number, y: number) {
    await this.actions([
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport' },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ]);
  }

  async press(key: string) {
    const value = KEYS[key] ?? key;
    await this.actions([
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value },
          { type: 'keyUp', value },
        ],
      },
    ]);
  }

  async type(text: string) {
    const keys = [...text].flatMap((value) => [
      { type: 'keyDown', value },
      { type: 'keyUp', value },
    ]);
    await this.actions([{ type: 'key', id: 'keyboard', actions: keys }]);
  }

  async url() {
    const [self] = (await this.session.send('browsingContext.getTree', { root: this.context, maxDepth: 0 })).contexts;
    return self.url as string;
  }

  async reload() {
    await this.session.send('browsingContext.reload', { context: this.context, wait: 'complete' });
  }

  async bringToFront() {
    await this.session.send('browsingContext.activate', { context: this.context });
  }

  async setViewport(width: number, height: number) {
    await this.session.send('browsingContext.setViewport', { context: this.context, viewport: { width, height } });
  }

  async screenshot(path: string) {
    const { data } = await this.session.send('browsingContext.captureScreenshot', { context: this.context });
    writeFileSync(path, Buffer.from(data, 'base64'));
  }

  async close() {
    await this.session.send('browsingContext.close', { context: this.context });
  }
}
