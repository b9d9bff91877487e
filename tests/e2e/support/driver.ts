import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What a browser driver gives the page objects: a handful of primitives that both Chromium (playwright-core) and
// Firefox (puppeteer-core over WebDriver BiDi) can do for real. Everything a test reads runs as JavaScript in the
// page; everything a person does (click, type, press) goes through the browser's own input pipeline.

export type BrowserName = 'chromium' | 'firefox';

/** A tab showing one page: an extension page (popup, options) or a web page served by the test. */
export interface Tab {
  readonly browser: BrowserName;
  /** Runs `fn(arg)` in the page's own JavaScript world; argument and result travel as JSON. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /**
   * Runs `fn(arg)` in an isolated world of the page (same DOM, its own globals), as an extension's content script
   * or a test harness sees it: a hostile page's patched built-ins cannot reach it.
   */
  evaluateIsolated<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Evaluates an expression's source text in the page's own world (awaited); the result travels as JSON. */
  evaluateExpression<R>(expression: string): Promise<R>;
  /** Runs a script's source text in the page's own world, past its CSP (as a debugger would): test helpers. */
  inject(source: string): Promise<void>;
  /**
   * The markup inside the shadow root of the first element matching `css`, open or closed, as a debugger sees it
   * (a closed root is out of every script's reach, the tests' included); null when there is no such root.
   */
  shadowRootHtml(css: string): Promise<string | null>;
  /** A real mouse click at viewport coordinates. */
  clickAt(x: number, y: number): Promise<void>;
  /** Presses one key (`Enter`, `Escape`, `ArrowDown`, `Backspace`, `j`, …) as the keyboard would. */
  press(key: string): Promise<void>;
  /** Types text into the focused element, key by key. */
  type(text: string): Promise<void>;
  url(): Promise<string>;
  reload(): Promise<void>;
  bringToFront(): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

/** One running browser with the extension installed, in its own profile. */
export interface BrowserSession {
  readonly browser: BrowserName;
  /** The extension's origin, e.g. `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  readonly extensionOrigin: string;
  /** Opens a page of the extension (`/popup.html`) in a new tab. */
  openExtensionPage(path: string): Promise<Tab>;
  /** Opens a web page in a new tab and waits for it to load. */
  openWebPage(url: string): Promise<Tab>;
  /** The tab showing `url`'s page (the first whose address passes `match`), once it has one. */
  findTab(match: (url: string) => boolean): Promise<Tab | undefined>;
  /** The addresses of every open tab and window. */
  tabUrls(): Promise<string[]>;
  /** Turns the network off or on for the whole browser, as unplugging the cable would. */
  setOffline(offline: boolean): Promise<void>;
  /** The files the browser downloaded so far, by name, with their text once complete. */
  downloads(): Promise<{ name: string; text: string }[]>;
  /** Quits the browser and starts it again on the same profile, with the extension as it was installed. */
  restart(): Promise<BrowserSession>;
  /** Closes the browser (or, for a browser shared by a file's tests, this test's part of it). */
  close(): Promise<void>;
}

export type LaunchOptions = {
  /** The unpacked extension to load. */
  extensionDir: string;
  /** The profile directory, kept across restarts (Chromium's; the Firefox a file's tests share has its own). */
  profile: string;
  /** Where downloads land. */
  downloadDir: string;
  colorScheme?: 'light' | 'dark';
  /** The browser's UI language, e.g. `de`. */
  locale?: string;
};

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The finished downloads in `dir`. A browser writes to `<name>.part` (Firefox also puts an empty `<name>` beside
 * it) and renames when done: a name with a `.part` beside it is still downloading.
 */
export function finishedDownloads(dir: string): { name: string; text: string }[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir);
  return names
    .filter((name) => !name.endsWith('.part') && !names.includes(`${name}.part`))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}
