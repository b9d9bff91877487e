import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { findChromium } from '../../../lib/devtools/findChromium';

export const BUILD_DIR = resolve('.output/chrome-mv3');

export type LaunchedExtension = {
  context: BrowserContext;
  worker: Worker;
  id: string;
  /** The user-data dir, kept across `restart()`. */
  profile: string;
  badgeText(): Promise<string>;
  /** Polls the badge until it equals `expected` (it is set asynchronously); returns the last value seen. */
  waitForBadge(expected: string, timeoutMs?: number): Promise<string>;
  restart(): Promise<LaunchedExtension>;
  close(): Promise<void>;
};

/**
 * Loads the built extension into a fresh headless Chromium profile. `grantOrigins` are added to the copy's
 * host_permissions: that stands in for the user accepting the permission prompt, which a headless run cannot show.
 */
export async function launchExtension(
  options: {
    grantOrigins?: string[];
    /** Optional permissions to grant up front (e.g. `notifications`), as if the reader had accepted the prompt. */
    grantPermissions?: string[];
    profile?: string;
    extensionDir?: string;
    colorScheme?: 'light' | 'dark';
    locale?: string;
  } = {},
): Promise<LaunchedExtension> {
  const extensionDir = options.extensionDir ?? copyBuild(options.grantOrigins ?? ['http://127.0.0.1/*'], options.grantPermissions);
  const profile = options.profile ?? mkdtempSync(join(tmpdir(), 'asb-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    colorScheme: options.colorScheme,
    locale: options.locale,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  const badgeText = () => worker.evaluate(() => chrome.action.getBadgeText({}));
  const launched: LaunchedExtension = {
    context,
    worker,
    id,
    profile,
    badgeText,
    async waitForBadge(expected, timeoutMs = 10_000) {
      let text = await badgeText();
      for (const start = Date.now(); text !== expected && Date.now() - start < timeoutMs; ) {
        await new Promise((r) => setTimeout(r, 150));
        text = await badgeText();
      }
      return text;
    },
    async restart() {
      await context.close();
      return launchExtension({ ...options, profile, extensionDir });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (!options.extensionDir) rmSync(extensionDir, { recursive: true, force: true });
    },
  };
  return launched;
}

/** A copy of the build, with `grantOrigins` granted as if the user had accepted the prompt. */
export function copyBuild(grantOrigins: string[], grantPermissions: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'asb-ext-'));
  cpSync(BUILD_DIR, dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...grantOrigins])];
  manifest.permissions = [...new Set([...(manifest.permissions ?? []), ...grantPermissions])];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

declare const chrome: { action: { getBadgeText(details: object): Promise<string> } };
