// `npx tsx tests/bench/compare.ts <build A> <build B> [--posts=N] [--runs=N]`: the popup's first article in two builds
// of the extension (e.g. before and after a change), on the same machine in the same minutes: browsers launched in
// turn A, B, A, B…, each opening the popup a few times. For changes whose gain is smaller than the machine's drift
// between two `npm run bench` runs.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from '../../tools/benchStats';
import { launchExtension } from '../e2e/support/extension';
import { startFeedServer } from '../e2e/support/feedServer';
import { firstArticleMs } from './cdp';
import { jsonFeed } from './generate';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const builds = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map((dir) => resolve(dir));
const posts = arg('posts', 20);
const rounds = arg('runs', 4);
if (builds.length !== 2) throw new Error('usage: compare.ts <build A> <build B> [--posts=N] [--runs=N]');

const server = await startFeedServer();
server.json('/compare.json', JSON.parse(jsonFeed(posts)));
const times: number[][] = [[], []];
try {
  for (let round = 0; round < rounds; round++) {
    for (const [which, build] of builds.entries()) {
      const dir = mkdtempSync(join(tmpdir(), 'asb-compare-'));
      cpSync(build, dir, { recursive: true });
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      manifest.host_permissions = ['http://127.0.0.1/*'];
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const ext = await launchExtension({ extensionDir: dir });
      try {
        const page = await ext.context.newPage();
        await page.goto(`chrome-extension://${ext.id}/options.html`);
        const added = (await page.evaluate(
          (url) => chrome.runtime.sendMessage({ type: 'addFeed', url }),
          server.url('/compare.json'),
        )) as { ok: boolean };
        if (!added.ok) throw new Error(`could not add the feed: ${JSON.stringify(added)}`);
        const url = `chrome-extension://${ext.id}/popup.html`;
        await firstArticleMs(page, url); // warm-up
        for (let i = 0; i < 5; i++) times[which]!.push(await firstArticleMs(page, url));
      } finally {
        await ext.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
} finally {
  await server.close();
}
const [a, b] = times.map((t) => median(t)) as [number, number];
console.log(`popup first article, ${posts} posts (median of ${times[0]!.length} openings each):`);
console.log(`  A ${builds[0]}: ${a.toFixed(1)} ms`);
console.log(`  B ${builds[1]}: ${b.toFixed(1)} ms`);
console.log(`  B ÷ A: ${(b / a).toFixed(2)}×`);

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
