// The refresh pass the bench times: forty feeds that each gain a post, followed in a fresh copy of a build with the
// options page open, timed as the reader meets it (click to badge) or as the `syncNow` message answers. Shared by
// run.ts (the scale and rules sections) and compare.ts (two builds, pass against pass).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { copyBuild, launchExtension, type LaunchedExtension } from '../e2e/support/extension';
import type { FeedServer } from '../e2e/support/feedServer';
import { jsonFeed } from './generate';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const SCALE_FEEDS = 40;
export const SCALE_POSTS = 250;

/** Sends a message to the background from an extension page and waits for its answer. */
export const ask = (page: Page, message: unknown) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);

export type BenchRule = { kind: string; text: string; feedId?: string };

/**
 * The refresh-pass setting the scale and rules sections share: SCALE_FEEDS feeds of SCALE_POSTS posts each, served
 * under `/<name>/`, followed in a fresh copy of the build (with a blank page beside the popup), the options page
 * open. `gainOne` gives every feed one more post; `setRules` (with `rules`) writes those rules into the settings,
 * or none, as the reader's rules editor would leave them. With `recent`, the posts are dated up to two days ago, so
 * that the posts a feed gains count on the badge (by default they are weeks old: seen on arrival, see jsonFeed).
 */
export async function refreshPassBench(
  server: FeedServer,
  name: string,
  { rules, recent = false, build }: { rules?: BenchRule[]; recent?: boolean; build?: string } = {},
) {
  const start = recent ? Date.now() - 2 * 24 * 3600e3 : undefined;
  // Each feed serves SCALE_POSTS posts plus `gained` newer ones; no validators, so every poll gets a 200.
  let gained = 0;
  const bodies = new Map<number, string>();
  const body = (feed: number) => {
    if (!bodies.has(feed))
      bodies.set(feed, jsonFeed(SCALE_POSTS, { newer: gained, site: `${name}${feed}.example`, start }));
    return bodies.get(feed)!;
  };
  const urls = Array.from({ length: SCALE_FEEDS }, (_, i) => server.url(`/${name}/${i}.json`));
  for (let i = 0; i < SCALE_FEEDS; i++) {
    server.route(`/${name}/${i}.json`, (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/feed+json' }).end(body(i)),
    );
  }
  // Every feed's new body is made here, before a pass is timed: made on request, the bench's own server would build
  // 40 feeds (about 150 ms of this machine's CPU) during the pass, and never during the baseline, which fetches
  // bodies made already.
  const gainOne = () => {
    gained += 1;
    bodies.clear();
    for (let i = 0; i < SCALE_FEEDS; i++) body(i);
  };
  const dir = build ? copyOf(build) : copyBuild(['http://127.0.0.1/*']);
  writeFileSync(join(dir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>blank</title>');
  const ext = await launchExtension({ extensionDir: dir });
  const close = async () => {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.id}/options.html`);
    for (const url of urls) {
      const added = (await ask(page, { type: 'addFeed', url })) as { ok: boolean };
      if (!added.ok) throw new Error(`could not add ${url}: ${JSON.stringify(added)}`);
    }
    const ids = await page.evaluate(async () => {
      const { settings } = (await chrome.storage.local.get(['settings'])) as { settings: { feeds: { id: string }[] } };
      return settings.feeds.filter((feed) => !('demo' in feed)).map((feed) => feed.id);
    });
    // Rules for one feed name it by its place among the bench's feeds (FEED0 is the first added).
    const named = (rules ?? []).map((rule) => {
      const feed = rule.feedId && ids[Number(rule.feedId.slice(4))];
      return feed ? { ...rule, feedId: feed } : { kind: rule.kind, text: rule.text };
    });
    const setRules = (on: boolean) =>
      page.evaluate(
        async (next) => {
          const stored = (await chrome.storage.local.get(['settings'])) as { settings: Record<string, unknown> };
          const { rules: _old, ...rest } = stored.settings;
          await chrome.storage.local.set({ settings: next ? { ...rest, rules: next } : rest });
        },
        on ? named : null,
      );
    return { ext, dir, page, urls, gainOne, setRules, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A refresh pass as `syncNow` answers it (the answer comes after the badge): the rules section's measure. */
export async function answeredPassMs(page: Page, gainOne: () => void): Promise<number> {
  gainOne();
  const start = performance.now();
  await ask(page, { type: 'syncNow' });
  return performance.now() - start;
}

/** Until the synced read state has nothing waiting (its batched write to storage.sync would land in a pass). */
export async function readStateWritten(page: Page) {
  await page.waitForFunction(
    async () => {
      const { readStatePending } = await chrome.storage.local.get(['readStatePending']);
      return !readStatePending || !Object.keys(readStatePending).length;
    },
    null,
    { timeout: 60_000, polling: 250 },
  );
}

/**
 * A refresh pass as the reader meets it: on the open options page, from the click on "Refresh all feeds now" to the
 * toolbar badge counting every new post (`expected`), timed in the page. Before it, every post is marked seen (the
 * badge empties) and the synced read state that marking queues is written, so the pass has the worker to itself.
 * The badge has no change event: the page asks `chrome.action.getBadgeText`, a round trip to the browser, every
 * BADGE_READ_GAP_MS, so the time is late by at most one gap and one round trip (`pollMs`, the mean interval).
 */
export async function clickToBadgeMs(page: Page, gainOne: () => void, expected: string) {
  await ask(page, { type: 'markAllSeen' });
  await readStateWritten(page);
  gainOne();
  return page.evaluate(
    async ({ badge, gapMs }) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Refresh all feeds now');
      if (!button) throw new Error('no "Refresh all feeds now" button');
      const start = performance.now();
      button.click();
      let polls = 0;
      for (; (await chrome.action.getBadgeText({})) !== badge; polls++) {
        if (performance.now() - start > 60_000)
          throw new Error(`the badge read ${await chrome.action.getBadgeText({})}, never ${badge}`);
        await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
      const ms = performance.now() - start;
      return { ms, pollMs: ms / Math.max(1, polls) };
    },
    { badge: expected, gapMs: BADGE_READ_GAP_MS },
  );
}

/**
 * The pause between two readings of the badge. Read back to back (a reading every 0.8 ms), the readings kept the
 * browser's main thread busy, the thread that also answers the worker's storage calls, and slowed the pass they
 * timed: on one build, alternated, 1,238 ms read back to back against 938 ms read every 4 ms (median of 6 each).
 * No reader's browser reads its badge so often.
 */
const BADGE_READ_GAP_MS = 4;

/** Fetching and JSON-parsing the same feeds in the extension's worker, 4 at a time: a pass's floor. */
export const fetchParseMs = (ext: LaunchedExtension, urls: string[]) =>
  ext.worker.evaluate(async (list) => {
    const start = performance.now();
    const queue = [...list];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let url = queue.shift(); url; url = queue.shift()) JSON.parse(await (await fetch(url)).text());
      }),
    );
    return performance.now() - start;
  }, urls);

/** A copy of another build (compare.ts), granted the bench's server as `copyBuild` grants it. */
function copyOf(build: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'asb-pass-'));
  cpSync(build, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

declare const chrome: {
  storage: {
    local: {
      get(keys: string[]): Promise<Record<string, unknown>>;
      set(values: Record<string, unknown>): Promise<void>;
    };
  };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  action: { getBadgeText(details: object): Promise<string> };
};
