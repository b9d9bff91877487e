// `npx tsx tests/bench/compare.ts <build A> <build B> [--posts=N] [--runs=N]`: the popup's first article in two builds
// of the extension (e.g. before and after a change), on the same machine in the same minutes: browsers launched in
// turn A, B, A, B…, each opening the popup a few times. For changes whose gain is smaller than the machine's drift
// between two `npm run bench` runs. With `--pass`: the refresh pass instead (tests/bench/refreshPass.ts), both builds
// open at once, click to badge in A and in B by turns, `--runs` times each. With `--cold`: A and B are checkouts (a
// directory holding lib/ and tests/bench/coldParseWorker.ts), and each one's cold JSON Feed parse of `--posts` posts
// (default 5,000) is timed against `JSON.parse` in fresh workers (tests/bench/coldParse.ts), A and B by turns.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from '../../tools/benchStats';
import { launchExtension } from '../e2e/support/extension';
import { startFeedServer } from '../e2e/support/feedServer';
import { firstArticleMs } from './cdp';
import { coldParse } from './coldParse';
import { jsonFeed } from './generate';
import { ask, clickToBadgeMs, fetchParseMs, refreshPassBench, SCALE_FEEDS } from './refreshPass';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const builds = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map((dir) => resolve(dir));
const cold = process.argv.includes('--cold');
const posts = arg('posts', cold ? 5000 : 20);
const rounds = arg('runs', 4);
if (builds.length !== 2) throw new Error('usage: compare.ts <build A> <build B> [--posts=N] [--runs=N] [--pass]');
if (cold) {
  await compareColdParses();
  process.exit(0);
}
if (process.argv.includes('--pass')) {
  await comparePasses();
  process.exit(0);
}

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

/** The refresh pass in both builds, by turns (which goes first alternates), against fetch and parse in A's worker. */
async function comparePasses() {
  const server = await startFeedServer();
  const benches = [];
  try {
    for (const [i, build] of builds.entries())
      benches.push(await refreshPassBench(server, `b${i}`, { recent: true, build }));
    // Every feed current, then one pass each unmeasured.
    for (const bench of benches) await ask(bench.page, { type: 'syncNow' });
    for (const bench of benches) await clickToBadgeMs(bench.page, bench.gainOne, String(SCALE_FEEDS));
    const passes: number[][] = [[], []];
    const floor: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [1, 0] : [0, 1];
      for (const which of order) {
        const bench = benches[which]!;
        passes[which]!.push((await clickToBadgeMs(bench.page, bench.gainOne, String(SCALE_FEEDS))).ms);
      }
      floor.push(await fetchParseMs(benches[0]!.ext, benches[0]!.urls));
    }
    const [a, b] = passes.map((t) => median(t)) as [number, number];
    console.log(
      `refresh pass, click to badge (median of ${rounds} each; each: A ${passes[0]!.map((ms) => ms.toFixed(0)).join(', ')}; B ${passes[1]!.map((ms) => ms.toFixed(0)).join(', ')}):`,
    );
    console.log(`  A ${builds[0]}: ${a.toFixed(0)} ms (${(a / median(floor)).toFixed(2)}× fetch + parse)`);
    console.log(`  B ${builds[1]}: ${b.toFixed(0)} ms (${(b / median(floor)).toFixed(2)}× fetch + parse)`);
    console.log(`  fetch + parse in A's worker: ${median(floor).toFixed(0)} ms`);
    console.log(`  B ÷ A: ${(b / a).toFixed(2)}×`);
  } finally {
    for (const bench of benches) await bench.close();
    await server.close();
  }
}

/** Each checkout's cold parse against `JSON.parse`, A and B by turns (which goes first alternates), `--runs` times. */
async function compareColdParses() {
  const server = await startFeedServer();
  const ext = await launchExtension();
  const body = jsonFeed(posts);
  const ratios: number[][] = [[], []];
  try {
    const page = await ext.context.newPage();
    for (let round = 0; round < rounds; round++) {
      for (const which of round % 2 ? [1, 0] : [0, 1]) {
        const entry = join(builds[which]!, 'tests/bench/coldParseWorker.ts');
        const { ratio, subjectMs, baselineMs } = await coldParse(page, server, body, 9, entry);
        ratios[which]!.push(ratio);
        console.log(
          `  ${which ? 'B' : 'A'}: ${ratio.toFixed(2)}× (${subjectMs.toFixed(1)} vs ${baselineMs.toFixed(1)} ms)`,
        );
      }
    }
  } finally {
    await ext.close();
    await server.close();
  }
  const [a, b] = ratios.map((r) => median(r)) as [number, number];
  console.log(`cold JSON Feed parse, ${posts} posts ÷ JSON.parse (median of ${rounds} runs of 9 each):`);
  console.log(`  A ${builds[0]}: ${a.toFixed(2)}× (${ratios[0]!.map((r) => r.toFixed(2)).join(', ')})`);
  console.log(`  B ${builds[1]}: ${b.toFixed(2)}× (${ratios[1]!.map((r) => r.toFixed(2)).join(', ')})`);
}

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
