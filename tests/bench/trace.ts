// `npx tsx tests/bench/trace.ts [build dir] [--posts=N] [--runs=N]`: where the popup's time goes from opening to its
// first article, from a Chromium performance trace (headless, the built extension, N cached posts). Prints the main
// thread's time by kind of work, medians over the runs. The README's "Performance" section quotes it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { median } from '../../lib/devtools/benchStats';
import { BUILD_DIR, launchExtension } from '../e2e/support/extension';
import { startFeedServer } from '../e2e/support/feedServer';
import { jsonFeed } from './generate';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const buildDir = resolve(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? BUILD_DIR);
const posts = arg('posts', 20);
const runs = arg('runs', 5);

type TraceEvent = { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { data?: { url?: string } } };

/** What a top-level main-thread task was busy with, in words. */
function kindOf(event: TraceEvent, children: TraceEvent[]): string {
  const names = new Set([event.name, ...children.map((c) => c.name)]);
  const url = [event, ...children].map((e) => e.args?.data?.url).find(Boolean) ?? '';
  const file = url.split('/').pop()?.replace(/-[\w-]{8}\.js$/, '.js') ?? '';
  if (names.has('EvaluateScript') || names.has('v8.evaluateModule')) return `evaluate ${file || 'script'}`;
  if (names.has('v8.compile') || names.has('v8.compileModule') || names.has('CompileScript')) return `compile ${file || 'script'}`;
  if (names.has('ParseHTML')) return 'parse HTML';
  if (names.has('Layout') || names.has('UpdateLayoutTree') || names.has('Paint') || names.has('PrePaint')) {
    return names.has('FunctionCall') || names.has('RunMicrotasks') ? 'script (with style/layout)' : 'style, layout, paint';
  }
  if (names.has('FunctionCall') || names.has('RunMicrotasks') || names.has('TimerFire') || names.has('FireAnimationFrame')) return 'script (callbacks, React)';
  if (names.has('ResourceReceivedData') || names.has('ResourceFinish') || names.has('ResourceSendRequest')) return 'loading';
  return 'other';
}

async function traceOnce(page: Page, cdp: CDPSession, url: string): Promise<Record<string, number>> {
  const events: TraceEvent[] = [];
  const collect = ({ value }: { value: unknown[] }) => void events.push(...(value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8.execute,v8,blink.user_timing,loading,toplevel',
    transferMode: 'ReportEvents',
  });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('first-article').length > 0, null, { timeout: 30_000, polling: 20 });
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', collect);

  const mark = events.find((e) => e.name === 'first-article' && e.cat.includes('user_timing'));
  if (!mark) throw new Error('no first-article mark in the trace');
  const start = events.filter((e) => e.name === 'navigationStart' && e.pid === mark.pid).map((e) => e.ts).filter((ts) => ts <= mark.ts).pop();
  if (start === undefined) throw new Error('no navigationStart in the trace');
  // The popup's main thread: where the mark was made.
  const main = events.filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= start && e.ts < mark.ts);
  // Tasks the thread ran, outermost only (a task can run nested ones).
  const top: TraceEvent[] = [];
  for (const task of main.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((x, y) => x.ts - y.ts)) {
    const last = top.at(-1);
    if (!last || task.ts >= last.ts + last.dur!) top.push(task);
  }
  const out: Record<string, number> = { 'to first article (ms)': (mark.ts - start) / 1000 };
  let busy = 0;
  for (const task of top) {
    const end = task.ts + task.dur!;
    const children = main.filter((e) => e !== task && e.ts >= task.ts && e.ts < end);
    const kind = kindOf(task, children);
    const ms = (Math.min(end, mark.ts) - task.ts) / 1000;
    out[kind] = (out[kind] ?? 0) + ms;
    busy += ms;
  }
  out['main thread idle (waiting: storage, loading)'] = out['to first article (ms)']! - busy;
  return out;
}

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
  const added = (await options.evaluate((url) => chrome.runtime.sendMessage({ type: 'addFeed', url }), server.url('/trace.json'))) as { ok: boolean };
  if (!added.ok) throw new Error(`could not add the feed: ${JSON.stringify(added)}`);
  await options.close();
  const page = await ext.context.newPage();
  const cdp = await ext.context.newCDPSession(page);
  const url = `chrome-extension://${ext.id}/popup.html`;
  await traceOnce(page, cdp, url); // warm-up
  const all: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    for (const [kind, ms] of Object.entries(await traceOnce(page, cdp, url))) (all[kind] ??= []).push(ms);
  }
  console.log(`Popup, ${posts} cached posts, ${buildDir}: main thread from navigation start to the first article (median of ${runs} traces)`);
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
