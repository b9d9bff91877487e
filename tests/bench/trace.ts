// `npx tsx tests/bench/trace.ts [build dir] [--posts=N] [--runs=N]`: where the popup's time goes from opening to its
// first article, from a Chromium performance trace (headless, the built extension, N cached posts). Prints the main
// thread's time by kind of work, medians over the runs. docs/PERFORMANCE.md says how to use it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from '../../tools/benchStats';
import { BUILD_DIR, launchExtension } from '../e2e/support/extension';
import { startFeedServer } from '../e2e/support/feedServer';
import { jsonFeed } from './generate';
import { traceFirstArticle } from './traceFirstArticle';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const buildDir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? BUILD_DIR);
const posts = arg('posts', 20);
const runs = arg('runs', 5);

const server = await startFeedServer();
const dir = mkdtempSync(join(tmpdir(), 'asb-trace-'));
cpSync(buildDir, dir, { recursive: true });
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
manifest.host_permissions = ['http://127.0.0.1/*'];
writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
const ext = await launchExtension({ extensionDir: dir });
try {
  server.json('/trace.json', JSON.parse(jsonFeed(posts)));
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.id}/options.html`);
  const added = (await options.evaluate(
    (url) => chrome.runtime.sendMessage({ type: 'addFeed', url }),
    server.url('/trace.json'),
  )) as { ok: boolean };
  if (!added.ok) throw new Error(`could not add the feed: ${JSON.stringify(added)}`);
  await options.close();
  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  const url = `chrome-extension://${ext.id}/popup.html`;
  await traceFirstArticle(page, cdp, url); // warm-up
  const all: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    const traced = await traceFirstArticle(page, cdp, url);
    const kinds = {
      ...traced.kinds,
      'longest task (ms)': traced.longestTaskMs,
      'tasks over 50 ms (count)': traced.tasksOver50,
    };
    for (const [kind, ms] of Object.entries(kinds)) (all[kind] ??= []).push(ms);
  }
  console.log(
    `Popup, ${posts} cached posts, ${buildDir}: main thread from navigation start to the first article (median of ${runs} traces)`,
  );
  console.log('| work | ms |\n| --- | --- |');
  for (const [kind, values] of Object.entries(all).sort((a, b) => median(b[1]) - median(a[1]))) {
    // A kind missing from some traces counts 0 there.
    const padded = [...values, ...Array(runs - values.length).fill(0)];
    console.log(`| ${kind} | ${median(padded).toFixed(1)} |`);
  }
} finally {
  await ext.close();
  rmSync(dir, { recursive: true, force: true });
  await server.close();
}

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
